//! Buying through menus: `/beli` alone (category → brand → product → destination, every step
//! an edit of one message) and a number alone (its operator's products), through the fake
//! Telegram and the supplier simulator.
use std::time::Duration;

use loket::domain::{Money, ProductCode};
use loket::levels::Markup;
use loket::sandbox::sim::telegram::{FakeUser, SentMessage};
use sqlx::PgPool;

use crate::helpers::{RESELLER, TestApp, reseller, spawn_app_with_sim};

const WAIT: Duration = Duration::from_secs(15);

/// Ten Telkomsel pulsa products (two pages), a by.U one (Telkomsel's numbers too), a Telkomsel
/// data package, an XL pulsa and a PLN token, each with a cost price; the reseller is on the
/// `agen` level (cost + Rp100), so the price they see is not the list price (cost + Rp450).
async fn seed_catalogue(pool: &PgPool) {
    let mut conn = pool.acquire().await.unwrap();
    let mut products: Vec<(String, String, i64, &str, &str)> = (1..=10)
        .map(|i| {
            (
                format!("t{i}"),
                format!("Tsel {i}.000"),
                i * 1_000 + 50,
                "Pulsa",
                "Telkomsel",
            )
        })
        .collect();
    for (code, name, cost, category, brand) in [
        ("byu5", "by.U 5.000", 4_950, "Pulsa", "by.U"),
        ("x10", "XL 10.000", 10_050, "Pulsa", "XL"),
        ("d1", "Data Tsel 1 GB", 12_050, "Data", "Telkomsel"),
        ("pln20", "Token PLN 20.000", 20_050, "PLN", "PLN"),
    ] {
        products.push((code.into(), name.into(), cost, category, brand));
    }
    for (code, name, cost, category, brand) in &products {
        let code = ProductCode::parse(code).unwrap();
        let (cost, price) = (Money::from_rupiah(*cost), Money::from_rupiah(cost + 450));
        loket::products::upsert(&mut conn, &code, Some(cost), price, name)
            .await
            .unwrap();
        loket::catalogue::classify(&mut conn, &code, category, brand)
            .await
            .unwrap()
            .unwrap();
    }
    loket::levels::create(&mut conn, "agen", Some(Markup::Rupiah(100)))
        .await
        .unwrap();
    loket::levels::assign(&mut conn, RESELLER, "agen")
        .await
        .unwrap();
}

async fn start() -> (TestApp, loket::sandbox::sim::biller::SimBiller) {
    let (app, sim) = spawn_app_with_sim().await;
    seed_catalogue(&app.db.pool).await;
    (app, sim)
}

/// The callback data of the button whose label starts with `label`.
fn button(menu: &SentMessage, label: &str) -> String {
    menu.buttons()
        .into_iter()
        .flatten()
        .find(|b| b.text.starts_with(label))
        .and_then(|b| b.callback_data)
        .unwrap_or_else(|| panic!("no button {label:?} in {:#?}", menu.buttons()))
}

fn labels(menu: &SentMessage) -> Vec<String> {
    menu.buttons()
        .into_iter()
        .flatten()
        .map(|b| b.text)
        .collect()
}

/// Presses `label` on `menu` and returns the edit of that same message that follows.
async fn press(app: &TestApp, me: &FakeUser, menu: &SentMessage, label: &str) -> SentMessage {
    let data = button(menu, label);
    let mark = app.tg.message_mark();
    app.tg.user_presses(me, menu.message_id, &data).await;
    let edited = app
        .tg
        .wait_for_message_after(mark, me.id, |m| m.edit, WAIT)
        .await
        .unwrap_or_else(|| panic!("pressing {label:?} edited nothing"));
    assert_eq!(
        edited.message_id, menu.message_id,
        "the same message, edited"
    );
    assert_ne!(edited.buttons(), menu.buttons(), "pressing {label:?}");
    edited
}

/// Presses `data` on message `message_id` and returns the notice the press was answered with.
async fn notice_of(app: &TestApp, me: &FakeUser, message_id: i64, data: &str) -> Option<String> {
    let pressed = app.tg.user_presses(me, message_id, data).await;
    let id = pressed.callback_id.unwrap();
    app.tg
        .wait_for_callback_answer(&id, WAIT)
        .await
        .expect("every press is answered")
        .text
}

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
    let (code, dest, price, message_id): (String, String, i64, i64) =
        sqlx::query_as("select product_code, destination, price, message_id from orders")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
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
    let (code, dest, price, message_id): (String, String, i64, i64) =
        sqlx::query_as("select product_code, destination, price, message_id from orders")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
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
async fn a_press_on_an_older_menu_is_stale_and_buys_nothing() {
    let (app, _sim) = start().await;
    let me = reseller();
    let number_menu = app.ask(&me, "081234567890", "Nomor Telkomsel").await;
    let old = app.ask(&me, "/beli", "Pilih kategori").await;
    let newer = app.ask(&me, "/beli", "Pilih kategori").await;

    let mark = app.tg.message_mark();
    let stale = notice_of(&app, &me, old.message_id, &button(&old, "Pulsa")).await;
    assert_eq!(
        stale.as_deref(),
        Some("Menu ini sudah usang, ketik /beli lagi.")
    );
    let shown = app
        .tg
        .wait_for_message_after(mark, RESELLER, |m| m.edit, WAIT)
        .await
        .unwrap();
    assert_eq!(shown.message_id, old.message_id);
    assert!(shown.plain_text.contains("usang") && shown.buttons().is_empty());

    let product = button(&number_menu, "t1 ·");
    let stale = notice_of(&app, &me, number_menu.message_id, &product).await;
    assert!(stale.unwrap_or_default().contains("usang"));
    assert_eq!(app.count("select count(*) from orders").await, 0);

    // The newer menu works; once it has waited too long, it is stale too.
    let brands = press(&app, &me, &newer, "Pulsa").await;
    sqlx::query("update menus set updated_at = now() - interval '11 minutes'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let stale = notice_of(&app, &me, brands.message_id, &button(&brands, "Telkomsel")).await;
    assert!(stale.unwrap_or_default().contains("usang"));

    // A made-up menu button is stale as well, and someone else's press changes nothing.
    let made_up = notice_of(&app, &me, newer.message_id, "mn:1:0:zz").await;
    assert!(made_up.unwrap_or_default().contains("usang"));
    let (versions_before,): (i64,) = sqlx::query_as("select sum(version)::bigint from menus")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let stranger = FakeUser::new(31337, "Orang Lain");
    notice_of(
        &app,
        &stranger,
        newer.message_id,
        &button(&brands, "Telkomsel"),
    )
    .await;
    let (versions_after,): (i64,) = sqlx::query_as("select sum(version)::bigint from menus")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(versions_before, versions_after);
    assert_eq!(app.count("select count(*) from orders").await, 0);
    app.finish().await;
}

#[tokio::test]
async fn a_product_in_gangguan_is_marked_and_answered_with_its_reason() {
    let (app, _sim) = start().await;
    let me = reseller();
    let mut conn = app.db.pool.acquire().await.unwrap();
    loket::catalogue::set_disrupted(
        &mut conn,
        &ProductCode::parse("t2").unwrap(),
        Some("stok kosong dari pusat"),
    )
    .await
    .unwrap()
    .unwrap();
    drop(conn);
    let menu = app.ask(&me, "081234567890", "Nomor Telkomsel").await;
    assert!(labels(&menu).contains(&"⚠️ t2 · Tsel 2.000 · Rp2.150".to_owned()));
    let mark = app.tg.message_mark();
    let notice = notice_of(&app, &me, menu.message_id, &button(&menu, "⚠️ t2")).await;
    assert!(
        notice
            .as_deref()
            .unwrap_or_default()
            .contains("stok kosong dari pusat"),
        "{notice:?}"
    );
    assert_eq!(app.count("select count(*) from orders").await, 0);
    assert_eq!(app.tg.message_mark(), mark, "the menu stays as it is");
    // The menu goes on: another product still buys.
    let mark = app.tg.message_mark();
    assert_eq!(
        notice_of(&app, &me, menu.message_id, &button(&menu, "t1 ·")).await,
        None
    );
    app.reply_after(mark, RESELLER, "sedang diproses").await;
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
