//! `/produk sync digiflazz` (R46): the Digiflazz simulator's price list previewed against the
//! routes, applied once on ✅ with one audit row, steps no longer sold or at or above a price
//! held out of the route, one ask per five minutes, and each bad input refused with nothing
//! changed.
use std::time::Duration;

use loket::config::DigiflazzSettings;
use loket::orders::PlaceError;
use loket::sandbox::sim::digiflazz::{Failure, SimConfig, SimDigiflazz};
use loket::sandbox::sim::telegram::{FakeUser, SentMessage};
use secrecy::SecretString;

use crate::helpers::{ADMIN, RESELLER, TestApp, admin, purchase, spawn_app_with_sim_set};

mod guards;

const USERNAME: &str = "toko";
const API_KEY: &str = "kunci-simulator";
const OTHER_ADMIN: i64 = 901;

/// The app with Digiflazz simulated and two admins; routes:
/// s5 utama:s5 → digiflazz:tsel5 at 5.100 (listed at 5.250: a cost change);
/// x10 digiflazz:isat10 at 10.000 → utama:x10 (isat10's seller does not sell it);
/// pln20 digiflazz:pln20 at 20.000 alone (priced 20.500; the list will say 20.600);
/// ax5 digiflazz:axis5 at 5.000 (not in the list at all).
async fn routed() -> (TestApp, SimDigiflazz) {
    let sim = SimDigiflazz::new(SimConfig {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from("rahasia-webhook"),
        webhook_url: None,
        webhook_delay: Duration::from_millis(20),
        hang: Duration::from_secs(5),
    });
    let url = sim.clone().spawn().await.unwrap();
    let (app, _utama) = spawn_app_with_sim_set(|opts| {
        opts.admins = vec![ADMIN, OTHER_ADMIN];
        opts.digiflazz = Some(DigiflazzSettings {
            username: USERNAME.into(),
            api_key: SecretString::from(API_KEY),
            webhook_secret: SecretString::from("rahasia-webhook"),
            url,
            timeout: Duration::from_secs(2),
            check_first: Duration::from_secs(60),
        });
    })
    .await;
    let boss = admin();
    app.ask(&boss, "/produk ax5 6.000 Axis 5rb", "disimpan")
        .await;
    for route in [
        "/rute s5 utama:s5, digiflazz:tsel5:5.100",
        "/rute x10 digiflazz:isat10:10.000, utama:x10",
        "/rute pln20 digiflazz:pln20:20.000",
        "/rute ax5 digiflazz:axis5:5.000",
    ] {
        app.ask(&boss, route, "Rute disimpan").await;
    }
    sim.set_price("pln20", 20_600);
    (app, sim)
}

/// The digiflazz steps as text: code, sku, cost, cut-off, held.
async fn steps(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "select p.code || ':' || r.sku || ':' || coalesce(r.cost::text, '-') || ':'
                || coalesce(to_char(r.cut_off_start, 'HH24:MI') || '-'
                            || to_char(r.cut_off_end, 'HH24:MI'), '-')
                || ':' || coalesce(r.held, '-')
           from product_routes r join products p using (product_id)
          where r.supplier = 'digiflazz' order by p.code",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

async fn audit_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from admin_actions where action = 'sinkron_harga'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

fn price_lists(sim: &SimDigiflazz) -> usize {
    sim.journal(|j| j.price_lists)
}

/// As if the last ask was more than five minutes ago.
async fn forget_last_ask(app: &TestApp) {
    sqlx::query("update suppliers set price_list_at = price_list_at - interval '6 minutes'")
        .execute(&app.db.pool)
        .await
        .unwrap();
}

/// Presses `label` under `q` as `who`; returns the press's update id.
async fn press(app: &TestApp, who: &FakeUser, q: &SentMessage, label: &str) -> i64 {
    let data = q.callback_data(label).expect("the button");
    app.tg
        .user_presses(who, q.message_id, &data)
        .await
        .update_id
}

/// Waits until the update `update_id` was handled.
async fn handled(app: &TestApp, update_id: i64) {
    assert!(
        app.tg
            .wait_confirmed(update_id, Duration::from_secs(15))
            .await
    );
}

const BEFORE: [&str; 4] = [
    "ax5:axis5:5000:-:-",
    "pln20:pln20:20000:-:-",
    "s5:tsel5:5100:-:-",
    "x10:isat10:10000:-:-",
];

#[tokio::test]
async fn the_preview_names_cost_changes_out_of_stock_below_cost_and_new_skus() {
    let (app, sim) = routed().await;
    let preview = app
        .ask(
            &admin(),
            "/produk sync digiflazz",
            "Sinkron harga digiflazz",
        )
        .await;
    let text = &preview.plain_text;
    for want in [
        "Modal berubah: 1",
        "s5 (tsel5): modal Rp5.100 → Rp5.250",
        "Habis / tidak dijual: 2",
        "ax5 (axis5): tidak ada di daftar harga, dilewati",
        "x10 (isat10): seller tidak menjual, dilewati",
        "Di bawah modal: 1",
        "pln20 (pln20): modal Rp20.600 ≥ harga level",
        "Rp20.500",
        "Baru (belum ada di rute mana pun): 2",
        "tsel10: Telkomsel 10.000 · Pulsa · TELKOMSEL · Rp10.250",
        "xld10: XL Data 10 GB 30 Hari · Data · XL · Rp51.500",
        "/rute <kode> digiflazz:<sku>:<modal>",
        "Harga jual tidak diubah",
    ] {
        assert!(text.contains(want), "{want:?} in {text}");
    }
    assert!(preview.callback_data("✅ Terapkan").is_some());
    assert!(preview.callback_data("❌ Batal").is_some());
    assert_eq!(price_lists(&sim), 1);
    assert_eq!(steps(&app).await, BEFORE, "nothing written before ✅");
    assert_eq!(audit_rows(&app).await, 0);
    app.finish().await;
}

#[tokio::test]
async fn terapkan_applies_once_and_the_route_skips_what_is_not_sold_or_below_cost() {
    let (app, _sim) = routed().await;
    let boss = admin();
    let preview = app
        .ask(&boss, "/produk sync digiflazz", "Sinkron harga digiflazz")
        .await;
    let mark = app.tg.message_mark();
    press(&app, &boss, &preview, "✅ Terapkan").await;
    let done = app.reply_after(mark, ADMIN, "diterapkan").await;
    assert!(done.edit, "the preview itself shows the outcome");
    assert!(
        done.plain_text
            .contains("4 langkah rute diperbarui, 3 dilewati"),
        "{}",
        done.plain_text
    );
    let after = [
        "ax5:axis5:5000:-:not_sold",
        "pln20:pln20:20600:23:00-01:00:below_cost",
        "s5:tsel5:5250:-:-",
        "x10:isat10:10800:-:not_sold",
    ];
    assert_eq!(steps(&app).await, after);
    assert_eq!(audit_rows(&app).await, 1);
    let prices: Vec<i64> = sqlx::query_scalar("select price from products order by code")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();

    // A second press, and another admin's, write nothing more.
    press(&app, &boss, &preview, "✅ Terapkan").await;
    app.notice("sudah diterapkan (4 langkah rute)").await;
    let other = FakeUser::new(OTHER_ADMIN, "Admin Dua");
    let yes = press(&app, &other, &preview, "✅ Terapkan").await;
    let no = press(&app, &other, &preview, "❌ Batal").await;
    handled(&app, yes).await;
    handled(&app, no).await;
    assert_eq!(steps(&app).await, after);
    assert_eq!(audit_rows(&app).await, 1);
    let prices_now: Vec<i64> = sqlx::query_scalar("select price from products order by code")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(prices_now, prices, "no selling price changed");

    // x10's held step is skipped: the purchase goes to utama. pln20's only step is below its
    // price: refused, never sold at a loss, and not sent to utama instead.
    let placed = app.buy("x10", "081234567890").await;
    assert_eq!(placed.order.supplier, "utama");
    let refused = app
        .orders
        .place(&purchase(RESELLER, "pln20", "081234567890"))
        .await;
    assert!(
        matches!(refused, Err(PlaceError::NoSupplier { .. })),
        "{refused:?}"
    );
    let shown = app.ask(&boss, "/rute pln20", "Rute pln20").await;
    assert!(
        shown
            .plain_text
            .contains("modal ≥ harga jual (sync), dilewati"),
        "{}",
        shown.plain_text
    );
    app.finish().await;
}

#[tokio::test]
async fn a_second_sync_within_five_minutes_is_refused_without_asking_digiflazz() {
    let (app, sim) = routed().await;
    let boss = admin();
    let first = app
        .ask(&boss, "/produk sync digiflazz", "Sinkron harga digiflazz")
        .await;
    app.ask(&boss, "/produk sync digiflazz", "Coba lagi dalam 5 menit")
        .await;
    assert_eq!(
        price_lists(&sim),
        1,
        "the second ask never reached Digiflazz"
    );

    // After five minutes a new sync may be made; the older preview is then stale.
    forget_last_ask(&app).await;
    let second = app
        .ask(&boss, "/produk sync digiflazz", "Sinkron harga digiflazz")
        .await;
    assert_eq!(price_lists(&sim), 2);
    let stale = press(&app, &boss, &first, "✅ Terapkan").await;
    handled(&app, stale).await;
    app.notice("sudah dibaca lagi").await;
    assert_eq!(steps(&app).await, BEFORE);

    // A preview older than ten minutes is not applied either.
    sqlx::query("update price_list_syncs set created_at = created_at - interval '11 minutes'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let mark = app.tg.message_mark();
    press(&app, &boss, &second, "✅ Terapkan").await;
    app.reply_after(mark, ADMIN, "lebih dari 10 menit").await;
    assert_eq!(steps(&app).await, BEFORE);
    assert_eq!(audit_rows(&app).await, 0);
    app.finish().await;
}
