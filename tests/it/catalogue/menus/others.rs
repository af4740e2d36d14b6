//! Products in no category (the README's first step makes one) are under a last category
//! "Lainnya", with their brands or at once their products; `/produk` says where it put them.

use super::*;
use crate::helpers::admin;

#[tokio::test]
async fn products_without_a_category_are_bought_under_lainnya() {
    let (app, _sim) = spawn_app_with_sim().await;
    let (boss, me) = (admin(), reseller());
    // The README's first step; the seed's pln20 and x10 are in no category either.
    let saved = app
        .ask(&boss, "/produk s5 5500 Pulsa 5rb", "disimpan")
        .await;
    for part in [
        "belum masuk kategori",
        "Lainnya",
        "/kelompok s5 <kategori> <brand>",
    ] {
        assert!(
            saved.plain_text.contains(part),
            "{part}: {}",
            saved.plain_text
        );
    }
    let listed = app.ask(&boss, "/kategori", "Kategori").await;
    assert!(
        listed.plain_text.contains("tanpa kategori: 3 produk aktif"),
        "{}",
        listed.plain_text
    );
    let prices = app.ask(&me, "/harga", "Daftar harga").await;
    assert!(
        prices.plain_text.contains("Pulsa 5rb"),
        "{}",
        prices.plain_text
    );

    // No brand to choose between: the products at once, and « Kembali to the categories.
    let menu = app.ask(&me, "/beli", "Pilih kategori").await;
    assert_eq!(labels(&menu), ["Lainnya (3)", "✖ Tutup"]);
    let products = press(&app, &me, &menu, "Lainnya (3)").await;
    assert!(
        products.plain_text.starts_with("🛒 Lainnya\n"),
        "{}",
        products.plain_text
    );
    assert!(labels(&products).contains(&"s5 · Pulsa 5rb · Rp5.500".to_owned()));
    let back = press(&app, &me, &products, "« Kembali").await;
    assert_eq!(labels(&back), ["Lainnya (3)", "✖ Tutup"]);

    // A brand and no category, as a CSV line can leave a product: its brand under Lainnya,
    // beside Lainnya for those of neither.
    sqlx::query(
        "update products set brand_id = (select brand_id from brands where name = 'XL')
          where code = 'x10'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let brands = press(&app, &me, &back, "Lainnya (3)").await;
    assert_eq!(
        labels(&brands),
        ["XL (1)", "Lainnya (2)", "« Kembali", "✖ Tutup"]
    );
    let unbranded = press(&app, &me, &brands, "Lainnya (2)").await;
    assert!(
        unbranded.plain_text.starts_with("🛒 Lainnya › Lainnya\n"),
        "{}",
        unbranded.plain_text
    );
    let back = press(&app, &me, &unbranded, "« Kembali").await;
    assert!(labels(&back).contains(&"XL (1)".to_owned()));
    let asked = press(&app, &me, &back, "Lainnya (2)").await;
    let asked = press(&app, &me, &asked, "s5 ·").await;
    assert!(asked.plain_text.contains("Kirim nomor tujuan untuk s5"));
    let mark = app.tg.message_mark();
    let destination = app.tg.user_sends(&me, "081234567890").await;
    app.reply_after(mark, RESELLER, "sedang diproses").await;
    let (code, dest, price, message_id) = the_order(&app).await;
    assert_eq!(
        (code.as_str(), dest.as_str(), price, message_id),
        ("s5", "081234567890", 5_500, destination.message_id)
    );
    app.message(RESELLER, "SUKSES").await;

    // A number that is no mobile number opens the categories for it, Lainnya among them.
    let meter = app
        .ask(&me, "532100012340", "Pilih kategori produk untuk nomor ini")
        .await;
    let brands = press(&app, &me, &meter, "Lainnya (3)").await;
    let unbranded = press(&app, &me, &brands, "Lainnya (2)").await;
    let mark = app.tg.message_mark();
    let pln20 = button(&unbranded, "pln20 ·");
    app.tg.user_presses(&me, unbranded.message_id, &pln20).await;
    app.reply_after(mark, RESELLER, "sedang diproses").await;
    let bought: (String, String) =
        sqlx::query_as("select product_code, destination from orders where product_code = 'pln20'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(bought, ("pln20".into(), "532100012340".into()));
    app.finish().await;
}
