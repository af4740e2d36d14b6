//! What a ✅ finds after the preview: a preview too old applies nothing, and a cost the file
//! raises over level prices lists them to every admin (R34).
use super::*;

#[tokio::test]
async fn a_preview_older_than_thirty_minutes_applies_nothing() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let file = format!("{HEAD}s5,Pulsa,,,,7000,ya\r\n");
    let preview = app
        .send_file(&boss, "lama.csv", file.into_bytes(), "Pratinjau")
        .await;
    assert!(
        preview.plain_text.contains("berlaku 30 menit"),
        "{}",
        preview.plain_text
    );
    // Thirty-one minutes pass.
    sqlx::query("update catalogue_imports set created_at = created_at - interval '31 minutes'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let expired = app.press(&preview, "✅ Terapkan", "tidak diterapkan").await;
    assert!(
        expired.plain_text.contains("lewat 30 menit")
            && expired.plain_text.contains("Kirim berkasnya lagi"),
        "{}",
        expired.plain_text
    );
    assert!(expired.buttons().is_empty());
    assert_eq!(app.product("s5").await.unwrap().3, 5_500);
    assert_eq!(
        app.count("select count(*) from catalogue_imports where decision is not null")
            .await,
        0
    );

    // The same file sent again is a new preview, and applies.
    let file = format!("{HEAD}s5,Pulsa,,,,7000,ya\r\n");
    let fresh = app
        .send_file(&boss, "lama.csv", file.into_bytes(), "Pratinjau")
        .await;
    app.press(&fresh, "✅ Terapkan", "diterapkan").await;
    assert_eq!(app.product("s5").await.unwrap().3, 7_000);
    app.finish().await;
}

#[tokio::test]
async fn a_cost_the_file_raises_over_level_prices_is_told_to_every_admin_once() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    app.ask(&boss, "/produk s5 5.000 5.500 Pulsa", "disimpan")
        .await;
    app.ask(&boss, "/level tambah agen", "dibuat").await;
    app.ask(
        &boss,
        "/level harga agen s5 5.100",
        "Harga s5 untuk level agen",
    )
    .await;
    let file =
        format!("{HEAD}s5,Pulsa,,,5.200,5.800,ya\r\npln20,Token PLN 20.000,,,20.000,20500,ya\r\n");
    let preview = app
        .send_file(&boss, "naik.csv", file.into_bytes(), "Pratinjau")
        .await;
    let applied = app.press(&preview, "✅ Terapkan", "diterapkan").await;
    assert!(
        applied
            .plain_text
            .contains("Modal baru 1 produk di atas harga di sebagian level: s5."),
        "{}",
        applied.plain_text
    );
    let told = app.message(ADMIN, "Harga level di bawah modal").await;
    for part in [
        "s5, modal kini Rp5.200",
        "• level agen: Rp5.100 (harga khusus) → /level harga agen s5 <harga>",
    ] {
        assert!(
            told.plain_text.contains(part),
            "{part}: {}",
            told.plain_text
        );
    }
    assert!(!told.plain_text.contains("pln20"), "{}", told.plain_text);
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like 'levels:below:%'")
            .await,
        1
    );
    app.finish().await;
}

#[tokio::test]
async fn a_file_selling_again_a_product_the_cost_guard_stopped_says_so_in_the_preview() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    // As the cost guard leaves a product after a sale at a loss.
    sqlx::query(
        "update products set active = false,
                inactive_reason = 'supplier menagih Rp5.600 untuk transaksi 1, di atas harga jual Rp5.500'
          where code = 's5'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let file = format!("{HEAD}s5,Pulsa Telkomsel 5.000,,,,5.700,ya\r\n");
    let preview = app
        .send_file(&boss, "lagi.csv", file.into_bytes(), "Pratinjau")
        .await;
    assert_has(
        &preview,
        &[
            "• s5: harga Rp5.500 → Rp5.700, aktif tidak → ya (⛔ dihentikan otomatis: supplier \
           menagih Rp5.600 untuk transaksi 1, di atas harga jual Rp5.500; berkas ini menjualnya \
           lagi)",
        ],
    );
    app.finish().await;
}
