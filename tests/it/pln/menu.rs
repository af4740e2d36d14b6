//! The PLN menu: the meter's owner shown before "Ya, beli"; without Digiflazz, or when the check
//! fails, the menu buys as before and says the name was not checked.
use super::*;
use crate::helpers::{RESELLER, reseller};

#[tokio::test]
async fn the_pln_menu_shows_the_customer_before_ya_beli_and_buys_only_on_yes() {
    let (app, _biller, _dfz) = start(true).await;
    let me = reseller();
    let menu = choose_pln20(&app, &me).await;
    let mark = app.tg.message_mark();
    let meter = app.tg.user_sends(&me, "14234567890").await;
    let asked = app.reply_after(mark, RESELLER, "BUDI SANTOSO").await;
    assert!(
        asked.plain_text.contains("R1/1300VA"),
        "{}",
        asked.plain_text
    );
    assert!(
        asked.callback_data("Ya, beli").is_some(),
        "{:#?}",
        asked.buttons()
    );
    assert!(asked.callback_data("Batal").is_some());
    assert_eq!(
        app.count("select count(*) from orders").await,
        0,
        "nothing bought before yes"
    );
    let edited = app
        .tg
        .wait_for_message_after(
            mark,
            RESELLER,
            |m| m.edit && m.message_id == menu.message_id,
            WAIT,
        )
        .await
        .expect("the menu says the name is to be checked below");
    assert!(edited.buttons().is_empty());

    let yes = asked.callback_data("Ya, beli").unwrap();
    let mark = app.tg.message_mark();
    app.tg.user_presses(&me, asked.message_id, &yes).await;
    app.reply_after(mark, RESELLER, "sedang diproses").await;
    let (code, dest, message_id): (String, String, i64) =
        sqlx::query_as("select product_code, destination, message_id from orders")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        (code.as_str(), dest.as_str(), message_id),
        ("pln20", "14234567890", meter.message_id)
    );
    app.finish().await;
}

#[tokio::test]
async fn a_pln_menu_whose_check_fails_buys_as_before_and_says_so() {
    let (app, _biller, _dfz) = start(true).await;
    let me = reseller();
    let menu = choose_pln20(&app, &me).await;
    let mark = app.tg.message_mark();
    // Ends in 7: Digiflazz does not know it (rc 54); the check neither blocks nor buys.
    app.tg.user_sends(&me, "14234567897").await;
    // The biller simulator may settle it at once: "diproses" or "SUKSES", whichever.
    app.tg
        .wait_for_message_after(
            mark,
            RESELLER,
            |m| !m.edit && m.plain_text.contains("Token PLN"),
            WAIT,
        )
        .await
        .expect("the purchase is answered");
    let edited = app
        .tg
        .wait_for_message_after(
            mark,
            RESELLER,
            |m| m.edit && m.message_id == menu.message_id,
            WAIT,
        )
        .await
        .expect("the menu shows what it bought");
    assert!(
        edited
            .plain_text
            .contains("Nama pelanggan PLN tidak dapat dicek"),
        "{}",
        edited.plain_text
    );
    assert_eq!(app.count("select count(*) from orders").await, 1);
    app.finish().await;
}

#[tokio::test]
async fn without_digiflazz_the_pln_menu_still_buys() {
    let (app, _biller, _) = start(false).await;
    let me = reseller();
    let menu = choose_pln20(&app, &me).await;
    let mark = app.tg.message_mark();
    app.tg.user_sends(&me, "14234567890").await;
    app.reply_after(mark, RESELLER, "sedang diproses").await;
    let edited = app
        .tg
        .wait_for_message_after(
            mark,
            RESELLER,
            |m| m.edit && m.message_id == menu.message_id,
            WAIT,
        )
        .await
        .expect("the menu shows what it bought");
    assert!(
        edited
            .plain_text
            .contains("Nama pelanggan PLN tidak dapat dicek"),
        "{}",
        edited.plain_text
    );
    app.message(RESELLER, "SUKSES").await;
    assert_eq!(app.count("select count(*) from orders").await, 1);
    app.finish().await;
}
