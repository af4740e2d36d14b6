//! What a menu refuses: a press on a stale menu, a made-up or someone else's press, and a
//! product in gangguan.

use super::*;

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
        crate::helpers::ADMIN,
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
