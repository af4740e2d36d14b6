//! A number alone: its operator's products; a number of no known operator, or a PLN meter.

use super::*;

#[tokio::test]
async fn a_number_alone_offers_its_operators_products_and_a_press_buys_once() {
    let (app, _sim) = start().await;
    let me = reseller();
    let mark = app.tg.message_mark();
    let number = app.tg.user_sends(&me, "+62 851-2345-6780").await;
    let menu = app.reply_after(mark, RESELLER, "Nomor Telkomsel").await;
    assert!(
        menu.plain_text.contains("085123456780"),
        "{}",
        menu.plain_text
    );
    assert!(menu.plain_text.contains("Hal 1/2"), "{}", menu.plain_text);
    let mut offered = labels(&menu);
    let page2 = press(&app, &me, &menu, "▶").await;
    offered.extend(labels(&page2));
    // by.U fills Telkomsel numbers; XL and PLN are not offered for one.
    assert!(
        offered.iter().any(|l| l == "byu5 · by.U 5.000 · Rp5.050"),
        "{offered:?}"
    );
    assert!(offered.iter().any(|l| l.starts_with("d1 ·")), "{offered:?}");
    assert!(
        !offered
            .iter()
            .any(|l| l.starts_with("x10") || l.starts_with("pln20")),
        "{offered:?}"
    );
    assert!(
        !offered.iter().any(|l| l == "« Kembali"),
        "nothing to go back to"
    );
    let menu = press(&app, &me, &page2, "◀").await;

    // Pressed twice before the first is handled: one order.
    let data = button(&menu, "byu5 ·");
    let first = app.tg.user_presses(&me, menu.message_id, &data).await;
    let second = app.tg.user_presses(&me, menu.message_id, &data).await;
    let wait = |id: Option<String>| {
        let tg = app.tg.clone();
        async move {
            tg.wait_for_callback_answer(&id.unwrap(), WAIT)
                .await
                .unwrap()
        }
    };
    assert_eq!(wait(first.callback_id).await.text, None);
    let again = wait(second.callback_id).await.text.unwrap_or_default();
    assert!(again.contains("usang"), "{again}");
    app.reply_after(mark, RESELLER, "sedang diproses").await;
    let (code, dest, price, message_id) = the_order(&app).await;
    assert_eq!(
        (code.as_str(), dest.as_str(), price, message_id),
        ("byu5", "085123456780", 5_050, number.message_id)
    );
    let bought = app
        .tg
        .wait_for_message(
            RESELLER,
            |m| m.edit && m.plain_text.contains("Beli byu5"),
            WAIT,
        )
        .await
        .expect("the menu shows what it bought");
    assert!(bought.buttons().is_empty());

    // The press redelivered by Telegram changes nothing.
    assert!(app.tg.redeliver(first.update_id).await);
    // A crash after the purchase but before the menu was marked used: the same press then
    // finds the menu as it was, and buys nothing more, the order being keyed by the number
    // message.
    sqlx::query("update menus set step = 'products', version = version - 1, used_update_id = null")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let mark = app.tg.message_mark();
    assert_eq!(notice_of(&app, &me, menu.message_id, &data).await, None);
    app.reply_after(mark, RESELLER, "sudah diterima").await;
    app.message(RESELLER, "SUKSES").await;
    assert_eq!(app.count("select count(*) from orders").await, 1);
    assert_eq!(app.balance(RESELLER).await, 50_000 - 5_050);
    app.finish().await;
}

#[tokio::test]
async fn other_numbers_an_unknown_prefix_or_a_meter() {
    let (app, _sim) = start().await;
    let me = reseller();
    let unknown = app.ask(&me, "080012345678", "tidak kami kenali").await;
    assert!(unknown.plain_text.contains("0800") && unknown.plain_text.contains("/beli"));
    app.ask(&me, "0812345", "Nomor HP harus").await;
    app.ask(&me, "apa kabar", "/help").await;

    // A PLN meter: the whole menu, for that number; a product press buys it at once.
    let menu = app.ask(&me, "532100012340", "Pilih kategori").await;
    assert!(
        menu.plain_text.contains("532100012340"),
        "{}",
        menu.plain_text
    );
    let brands = press(&app, &me, &menu, "PLN").await;
    let products = press(&app, &me, &brands, "PLN").await;
    let mark = app.tg.message_mark();
    let pressed = notice_of(
        &app,
        &me,
        products.message_id,
        &button(&products, "pln20 ·"),
    )
    .await;
    assert_eq!(pressed, None);
    app.reply_after(mark, RESELLER, "sedang diproses").await;
    let dest: String = sqlx::query_scalar("select destination from orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(dest, "532100012340");
    app.finish().await;
}
