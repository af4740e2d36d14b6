//! `/beli` alone: category → brand → product → destination, each step an edit of one message.

use super::*;

#[tokio::test]
async fn the_menu_leads_from_category_to_a_purchase_at_the_resellers_price_in_one_message() {
    let (app, _sim) = start().await;
    let me = reseller();
    let menu = app.ask(&me, "/beli", "Pilih kategori").await;
    assert!(!menu.edit && menu.buttons().len() >= 2);
    let categories = labels(&menu);
    for shown in ["Pulsa (12)", "Data (1)", "PLN (1)", "✖ Tutup"] {
        assert!(categories.contains(&shown.to_owned()), "{categories:?}");
    }
    assert!(
        !categories.iter().any(|l| l.starts_with("E-Money")),
        "empty categories are left out: {categories:?}"
    );

    let brands = press(&app, &me, &menu, "Pulsa (12)").await;
    assert!(
        brands.plain_text.contains("Pilih brand"),
        "{}",
        brands.plain_text
    );
    let shown = labels(&brands);
    for label in ["Telkomsel (10)", "XL (1)", "by.U (1)", "« Kembali"] {
        assert!(shown.contains(&label.to_owned()), "{shown:?}");
    }

    let page1 = press(&app, &me, &brands, "Telkomsel (10)").await;
    assert!(page1.plain_text.contains("Hal 1/2"), "{}", page1.plain_text);
    let products: Vec<String> = labels(&page1)
        .into_iter()
        .filter(|l| l.starts_with('t'))
        .collect();
    assert_eq!(products.len(), 8, "{products:?}");
    // The agen price (cost + Rp100), not the list price (Rp1.500).
    assert_eq!(products[0], "t1 · Tsel 1.000 · Rp1.150");
    let page2 = press(&app, &me, &page1, "▶").await;
    assert!(page2.plain_text.contains("Hal 2/2"), "{}", page2.plain_text);
    let on_page2: Vec<String> = labels(&page2)
        .into_iter()
        .filter(|l| l.starts_with('t'))
        .collect();
    assert_eq!(
        on_page2,
        ["t9 · Tsel 9.000 · Rp9.150", "t10 · Tsel 10.000 · Rp10.150"]
    );
    let back = press(&app, &me, &page2, "◀").await;
    assert!(back.plain_text.contains("Hal 1/2"));

    let asked = press(&app, &me, &back, "t3 ·").await;
    assert!(
        asked
            .plain_text
            .contains("Kirim nomor tujuan untuk t3 · Tsel 3.000 · Rp3.150"),
        "{}",
        asked.plain_text
    );
    assert_eq!(labels(&asked), ["« Kembali", "✖ Tutup"]);

    // While the destination is awaited: other text is told what is wanted, commands still work.
    let told = app.ask(&me, "halo", "bukan nomor tujuan").await;
    assert!(told.plain_text.contains("t3"), "{}", told.plain_text);
    app.ask(&me, "/saldo", "Saldo Anda").await;
    assert_eq!(app.count("select count(*) from orders").await, 0);

    let mark = app.tg.message_mark();
    let destination = app.tg.user_sends(&me, "0812-3456-7890").await;
    app.reply_after(mark, RESELLER, "sedang diproses").await;
    let (code, dest, price, message_id) = the_order(&app).await;
    assert_eq!(
        (code.as_str(), dest.as_str(), price, message_id),
        ("t3", "081234567890", 3_150, destination.message_id),
        "bought at the agen price, keyed by the destination message"
    );
    let done = app
        .tg
        .wait_for_message_after(
            mark,
            RESELLER,
            |m| m.edit && m.message_id == menu.message_id,
            WAIT,
        )
        .await
        .expect("the menu shows what it bought");
    assert!(done.plain_text.contains("t3") && done.buttons().is_empty());
    app.message(RESELLER, "SUKSES").await;
    assert_eq!(app.balance(RESELLER).await, 50_000 - 3_150);

    // Every step was an edit of the one message the menu was sent as.
    let menu_messages: Vec<SentMessage> = app
        .tg
        .messages_to(RESELLER)
        .into_iter()
        .filter(|m| m.message_id == menu.message_id)
        .collect();
    assert_eq!(menu_messages.len(), 7, "sent once, edited six times");
    assert!(menu_messages[1..].iter().all(|m| m.edit));

    // The conversation as the fake Telegram saw it, for the record (`-- --nocapture`).
    println!("--- transcript ---");
    for m in app.tg.messages_to(RESELLER) {
        let who = if m.edit { "loket (edit)" } else { "loket" };
        let buttons: Vec<String> = m
            .buttons()
            .into_iter()
            .map(|row| row.into_iter().map(|b| format!("[{}]", b.text)).collect())
            .collect();
        println!(
            "#{} {who}: {}",
            m.message_id,
            m.plain_text.replace('\n', "\n    ")
        );
        for row in buttons {
            println!("    {row}");
        }
    }

    // The menu is used: its old buttons are stale.
    let stale = notice_of(&app, &me, menu.message_id, &button(&back, "t3 ·")).await;
    assert!(stale.unwrap_or_default().contains("usang"));
    assert_eq!(app.count("select count(*) from orders").await, 1);
    app.finish().await;
}
