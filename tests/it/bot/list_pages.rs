//! `/harga` grouped under its categories and brands, and `/harga` and `/pending` paged with
//! ◀ ▶: a press edits the same message into the page it names, typed `/harga 2` answers the
//! same page, and a press that is not the list owner's, or not readable, changes nothing.
use std::time::Duration;

use loket::domain::{Money, ProductCode};
use loket::sandbox::sim::telegram::{FakeUser, SentMessage};

use crate::helpers::{ADMIN, RESELLER, TestApp, admin, reseller, spawn_app_with_sim, top_up};

const WAIT: Duration = Duration::from_secs(15);

/// 90 Telkomsel pulsa products (`t01`…), 5 XL data packages (`d1`…): with the seed's three
/// products of no category, three pages.
async fn seed_many(app: &TestApp) {
    let mut conn = app.db.pool.acquire().await.unwrap();
    let products = (1..=90)
        .map(|i| {
            (
                format!("t{i:02}"),
                format!("Tsel {i}.000"),
                "Pulsa",
                "Telkomsel",
            )
        })
        .chain((1..=5).map(|i| (format!("d{i}"), format!("XL Data {i} GB"), "Data", "XL")));
    for (i, (code, name, category, brand)) in products.enumerate() {
        let code = ProductCode::parse(&code).unwrap();
        let price = Money::from_rupiah(1_000 + i as i64 * 100);
        loket::products::upsert(&mut conn, &code, None, price, &name)
            .await
            .unwrap();
        loket::catalogue::classify(&mut conn, ADMIN, &code, category, brand)
            .await
            .unwrap()
            .unwrap();
    }
}

fn labels(page: &SentMessage) -> Vec<String> {
    page.buttons()
        .into_iter()
        .flatten()
        .map(|b| b.text)
        .collect()
}

fn data(page: &SentMessage, label: &str) -> String {
    page.buttons()
        .into_iter()
        .flatten()
        .find(|b| b.text == label)
        .and_then(|b| b.callback_data)
        .unwrap_or_else(|| panic!("no {label} under {:#?}", page.buttons()))
}

/// Presses `label` under `page`: the same message edited, nothing sent, nothing to tell.
async fn press(app: &TestApp, me: &FakeUser, page: &SentMessage, label: &str) -> SentMessage {
    let mark = app.tg.message_mark();
    let pressed = app
        .tg
        .user_presses(me, page.message_id, &data(page, label))
        .await;
    let answer = app
        .tg
        .wait_for_callback_answer(&pressed.callback_id.unwrap(), WAIT)
        .await
        .expect("every press is answered");
    assert_eq!(answer.text, None, "pressing {label}");
    let mut after = app.tg.sent_messages().split_off(mark);
    after.retain(|m| m.chat_id == me.id);
    assert!(after.len() == 1 && after[0].edit, "{after:#?}");
    let edited = after.remove(0);
    assert_eq!(
        edited.message_id, page.message_id,
        "the same message, edited"
    );
    edited
}

/// Presses `data` under message `message_id`: the pop-up it is answered with, after checking
/// that nothing was sent or edited.
async fn refused(app: &TestApp, me: &FakeUser, message_id: i64, data: &str) -> String {
    let mark = app.tg.message_mark();
    let pressed = app.tg.user_presses(me, message_id, data).await;
    let answer = app
        .tg
        .wait_for_callback_answer(&pressed.callback_id.unwrap(), WAIT)
        .await
        .expect("every press is answered");
    let mut after = app.tg.sent_messages().split_off(mark);
    after.retain(|m| m.chat_id == me.id || m.chat_id == RESELLER);
    assert!(after.is_empty(), "{data}: {after:#?}");
    answer.text.unwrap_or_else(|| panic!("{data}: no pop-up"))
}

#[tokio::test]
async fn the_price_list_is_grouped_and_paged_in_one_message() {
    let (app, _sim) = spawn_app_with_sim().await;
    seed_many(&app).await;
    let me = reseller();

    let first = app.ask(&me, "/harga", "Daftar harga").await;
    let text = &first.plain_text;
    assert!(text.contains("98 produk · halaman 1/3"), "{text}");
    assert!(
        text.contains("\n\nPulsa\nTelkomsel\nt01 Tsel 1.000 — Rp1.000\n"),
        "{text}"
    );
    assert_eq!(labels(&first), ["▶"]);
    // ▶ is there: the next page is not typed out, the jump to any page is.
    assert!(!text.contains("Halaman berikutnya"), "{text}");
    assert!(
        text.contains("Halaman lain: /harga <nomor>, 1 sampai 3"),
        "{text}"
    );

    let second = press(&app, &me, &first, "▶").await;
    let text = &second.plain_text;
    assert!(text.contains("halaman 2/3"), "{text}");
    assert!(
        text.contains("\n\nPulsa (lanjutan)\nTelkomsel\nt41 Tsel 41.000"),
        "{text}"
    );
    assert_eq!(labels(&second), ["◀", "▶"]);

    let third = press(&app, &me, &second, "▶").await;
    let text = &third.plain_text;
    assert!(text.contains("halaman 3/3"), "{text}");
    // Then Data with its brand, and last the products of no category, under Lainnya alone.
    assert!(text.contains("\n\nData\nXL\nd1 XL Data 1 GB"), "{text}");
    assert!(
        text.contains("\n\nLainnya\ns5 Pulsa Telkomsel 5.000 — Rp5.500\n"),
        "{text}"
    );
    assert_eq!(labels(&third), ["◀"]);

    let back = press(&app, &me, &third, "◀").await;
    assert_eq!(back.text, second.text);
    assert_eq!(back.buttons(), second.buttons());

    // Typed, page 2 is the same page with the same buttons, in a message of its own.
    let typed = app.ask(&me, "/harga 2", "halaman 2/3").await;
    assert!(!typed.edit);
    assert_eq!(typed.text, second.text);
    assert_eq!(typed.buttons(), second.buttons());

    // /start's "Harga" button answers the same first page, buttons and all.
    let welcome = app.ask(&me, "/start", "Saldo").await;
    let mark = app.tg.message_mark();
    app.tg
        .user_presses(&me, welcome.message_id, "cmd:harga")
        .await;
    let quick = app.reply_after(mark, RESELLER, "halaman 1/3").await;
    assert!(!quick.edit);
    assert_eq!(quick.text, first.text);
    assert_eq!(quick.buttons(), first.buttons());

    // A search keeps to what was searched for, page after page.
    let found = app.ask(&me, "/harga tsel", "cari \"tsel\"").await;
    assert!(found.plain_text.contains("90 produk · halaman 1/3"));
    let next = press(&app, &me, &found, "▶").await;
    let text = &next.plain_text;
    assert!(
        text.contains("cari \"tsel\": 90 produk · halaman 2/3"),
        "{text}"
    );
    assert!(!text.contains("XL Data") && !text.contains("s5 "), "{text}");
    app.finish().await;
}

#[tokio::test]
async fn a_press_not_for_this_list_changes_nothing() {
    let (app, _sim) = spawn_app_with_sim().await;
    seed_many(&app).await;
    let me = reseller();
    let first = app.ask(&me, "/harga", "halaman 1/3").await;
    let next = data(&first, "▶");

    // Someone else pressing the reseller's button (as in a group), made-up data, a message
    // Telegram no longer shows.
    let other = FakeUser::new(777, "Orang Lain");
    let toast = refused(&app, &other, first.message_id, &next).await;
    assert!(toast.contains("milik orang lain"), "{toast}");
    for forged in ["hg:4242", "hg:4242:0", "hg:4242:x", "hg:abc:2"] {
        let toast = refused(&app, &me, first.message_id, forged).await;
        assert!(toast.contains("usang"), "{forged}: {toast}");
    }
    let toast = refused(&app, &me, 987_654, &next).await;
    assert!(toast.contains("usang"), "{toast}");
    // /pending's buttons are an admin's.
    let toast = refused(&app, &me, first.message_id, "pd:2").await;
    assert!(toast.contains("admin"), "{toast}");

    // The catalogue shrank to one page: the old ▶ shows the last page there is, without
    // buttons; pressed again, the same page is no failure.
    sqlx::query("update products set active = false where code like 't%'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let last = press(&app, &me, &first, "▶").await;
    assert!(
        last.plain_text.contains("Data\nXL") && !last.plain_text.contains("halaman"),
        "{}",
        last.plain_text
    );
    assert!(labels(&last).is_empty());
    let pressed = app.tg.user_presses(&me, first.message_id, &next).await;
    let answer = app
        .tg
        .wait_for_callback_answer(&pressed.callback_id.unwrap(), WAIT)
        .await
        .unwrap();
    assert_eq!(answer.text, None, "message not modified is no failure");
    assert_eq!(RESELLER, me.id);
    app.finish().await;
}

#[tokio::test]
async fn pending_pages_in_one_message() {
    let (app, _sim) = spawn_app_with_sim().await;
    top_up(&app.db.pool, RESELLER, 1_000_000).await;
    // A destination ending in 6 makes the simulator answer HTTP 500: the order stays unknown.
    for i in 0..45 {
        app.buy("s5", &format!("0812{i:06}6")).await;
    }
    app.wait_count("select count(*) from orders where status = 'unknown'", 45)
        .await;
    let boss = admin();
    let first = app.ask(&boss, "/pending", "halaman 1/2").await;
    assert_eq!(labels(&first), ["▶"]);
    let second = press(&app, &boss, &first, "▶").await;
    assert!(
        second
            .plain_text
            .contains("45 transaksi, terlama dulu · halaman 2/2")
    );
    assert_eq!(labels(&second), ["◀"]);
    let back = press(&app, &boss, &second, "◀").await;
    assert_eq!(back.text, first.text);
    let typed = app.ask(&boss, "/pending 2", "halaman 2/2").await;
    assert_eq!(typed.text, second.text);
    assert_eq!(typed.buttons(), second.buttons());
    assert_eq!(ADMIN, boss.id);
    app.finish().await;
}
