//! `/produk sync digiflazz`'s guards: a step below cost sells nothing at a loss, bad input and
//! a failing Digiflazz each get their message, and without Digiflazz the command says so.
use super::*;

#[tokio::test]
async fn below_cost_after_applying_no_purchase_sells_at_a_loss_through_that_step() {
    let (app, sim) = routed().await;
    let boss = admin();
    // s5 sells at 5.500; Digiflazz now asks 5.600 for tsel5, and utama is paused.
    sim.set_price("tsel5", 5_600);
    app.ask(&boss, "/supplier jeda utama uji", "dijeda").await;
    let preview = app
        .ask(&boss, "/produk sync digiflazz", "Sinkron harga digiflazz")
        .await;
    assert!(
        preview
            .plain_text
            .contains("s5 (tsel5): modal Rp5.600 ≥ harga level"),
        "{}",
        preview.plain_text
    );
    let mark = app.tg.message_mark();
    press(&app, &boss, &preview, "✅ Terapkan").await;
    app.reply_after(mark, ADMIN, "diterapkan").await;
    let refused = app
        .orders
        .place(&purchase(RESELLER, "s5", "081234567890"))
        .await;
    assert!(
        matches!(refused, Err(PlaceError::NoSupplier { .. })),
        "{refused:?}"
    );
    assert_eq!(
        sim.journal(|j| j.transactions.len()),
        0,
        "nothing sent to Digiflazz"
    );
    app.finish().await;
}

#[tokio::test]
async fn bad_input_and_a_failing_digiflazz_each_get_their_message_and_change_nothing() {
    let (app, sim) = routed().await;
    let boss = admin();
    app.ask(&boss, "/produk sync", "sebutkan suppliernya").await;
    app.ask(&boss, "/produk sync ovo", "Supplier tidak dikenal")
        .await;
    app.ask(&boss, "/produk sync utama", "tidak punya daftar harga")
        .await;
    assert_eq!(price_lists(&sim), 0);
    sim.limit_price_list(true);
    app.ask(&boss, "/produk sync digiflazz", "rc 83").await;
    sim.limit_price_list(false);
    for failure in [Failure::ServerError, Failure::Garbage] {
        forget_last_ask(&app).await;
        sim.set_failure(failure);
        app.ask(&boss, "/produk sync digiflazz", "tidak bisa dibaca")
            .await;
    }
    sim.set_failure(Failure::None);
    forget_last_ask(&app).await;
    sim.refuse_ip(true);
    app.ask(&boss, "/produk sync digiflazz", "menolak akun loket")
        .await;
    assert_eq!(price_lists(&sim), 4);
    assert_eq!(steps(&app).await, BEFORE);
    assert_eq!(audit_rows(&app).await, 0);
    let questions: i64 = sqlx::query_scalar("select count(*) from price_list_syncs")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(questions, 0);
    app.finish().await;
}

#[tokio::test]
async fn without_digiflazz_sync_says_it_is_not_configured() {
    let (app, _utama) = spawn_app_with_sim_set(|_| {}).await;
    app.ask(&admin(), "/produk sync digiflazz", "Supplier tidak dikenal")
        .await;
    sqlx::query("insert into suppliers (code) values ('digiflazz')")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.ask(&admin(), "/produk sync digiflazz", "belum diatur")
        .await;
    app.finish().await;
}
