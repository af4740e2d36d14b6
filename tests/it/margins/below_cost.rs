//! Never sold below cost without an admin told (R34): a level's own price below the cost is
//! refused, a list price below the cost kept too, and a cost that rises lists the level prices
//! it leaves below once, to every admin.
use crate::helpers::{ADMIN, admin, spawn_app_with_sim_and_admins};

const OTHER: i64 = 901;

#[tokio::test]
async fn a_level_price_below_cost_is_refused_and_a_cost_rise_lists_the_levels_left_below_once() {
    let (app, _sim) = spawn_app_with_sim_and_admins(&[ADMIN, OTHER]).await;
    let boss = admin();
    app.ask(&boss, "/produk s5 5.000 5.500 Pulsa", "disimpan")
        .await;
    app.ask(&boss, "/level tambah agen", "dibuat").await;
    app.ask(&boss, "/level tambah master 100", "dibuat").await;

    let refused = app
        .ask(&boss, "/level harga agen s5 4.900", "tidak disimpan")
        .await;
    assert!(
        refused.plain_text.contains("di bawah modal Rp5.000"),
        "{}",
        refused.plain_text
    );
    assert_eq!(
        app.count("select count(*) from product_level_prices").await,
        0
    );
    app.ask(
        &boss,
        "/level harga agen s5 5.000",
        "Harga s5 untuk level agen",
    )
    .await;
    app.ask(
        &boss,
        "/level harga master s5 5.100",
        "Harga s5 untuk level master",
    )
    .await;

    // The cost rises over both own prices; the markup and list prices follow or stay above.
    let saved = app
        .ask(&boss, "/produk s5 5.300 5.600 Pulsa", "disimpan")
        .await;
    let expected = [
        "Harga level di bawah modal: s5, modal kini Rp5.300",
        "• level agen: Rp5.000 (harga khusus) → /level harga agen s5 <harga>",
        "• level master: Rp5.100 (harga khusus) → /level harga master s5 <harga>",
    ];
    for part in expected {
        assert!(
            saved.plain_text.contains(part),
            "{part}: {}",
            saved.plain_text
        );
    }
    assert!(
        !saved.plain_text.contains("level umum"),
        "{}",
        saved.plain_text
    );
    let told = app.message(OTHER, "Harga level di bawah modal").await;
    for part in expected {
        assert!(
            told.plain_text.contains(part),
            "{part}: {}",
            told.plain_text
        );
    }

    // The same cost again: the reply still shows them, nobody is told twice.
    let again = app
        .ask(&boss, "/produk s5 5.300 5.700 Pulsa Telkomsel", "disimpan")
        .await;
    assert!(
        again.plain_text.contains(expected[1]),
        "{}",
        again.plain_text
    );
    app.wait_count(
        "select count(*) from outbox where sent_at is null and dead_reason is null",
        0,
    )
    .await;
    let alerts = app
        .tg
        .messages_to(OTHER)
        .iter()
        .filter(|m| m.plain_text.contains("Harga level di bawah modal"))
        .count();
    assert_eq!(alerts, 1);
    assert_eq!(
        app.count("select count(*) from outbox where dedup_key like 'levels:below:%:admin:900'")
            .await,
        0,
        "the admin who changed it reads it in the reply"
    );

    // A list price under the cost price kept is refused too, and changes nothing.
    let refused = app
        .ask(&boss, "/produk s5 5.200 Pulsa", "tidak disimpan")
        .await;
    assert!(
        refused
            .plain_text
            .contains("di bawah modal tercatat Rp5.300"),
        "{}",
        refused.plain_text
    );
    assert_eq!(
        app.count("select price from products where code = 's5'")
            .await,
        5_700
    );
    // Fixed: nothing is below any more.
    app.ask(&boss, "/level harga agen s5 hapus", "dihapus")
        .await;
    let fixed = app
        .ask(
            &boss,
            "/level harga master s5 5.400",
            "Harga s5 untuk level master",
        )
        .await;
    assert!(!fixed.plain_text.contains("tidak disimpan"));
    let clean = app
        .ask(&boss, "/produk s5 5.300 5.700 Pulsa Telkomsel", "disimpan")
        .await;
    assert!(
        !clean.plain_text.contains("di bawah modal"),
        "{}",
        clean.plain_text
    );
    app.finish().await;
}
