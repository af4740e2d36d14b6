//! The callback endpoint: authentication, parsing, and the state table under duplicates,
//! reordering and contradiction.
use crate::fake_supplier::{self, Script};
use crate::helpers::{Options, TestApp, callback_query, spawn_app};

mod access;
mod health;
mod ordering;
mod parsing;

/// An app whose supplier accepts everything, and one pending s5 order to 081234567890.
pub async fn app_with_pending_order(allow: &[&str]) -> (TestApp, String) {
    app_with_pending_order_behind(allow, &[]).await
}

/// Like [`app_with_pending_order`], with `trusted` as TRUSTED_PROXIES.
pub async fn app_with_pending_order_behind(allow: &[&str], trusted: &[&str]) -> (TestApp, String) {
    app_with_pending_order_set(|opts| {
        opts.allow = nets(allow);
        opts.trusted_proxies = nets(trusted);
    })
    .await
}

/// Like [`app_with_pending_order`], with the options `set` changes.
pub async fn app_with_pending_order_set(set: impl FnOnce(&mut Options)) -> (TestApp, String) {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let mut opts = Options::with_supplier(supplier.url);
    set(&mut opts);
    let app = spawn_app(opts).await;
    let placed = app.buy("s5", "081234567890").await;
    assert_eq!(placed.order.status().to_string(), "pending");
    (app, placed.order.trxid.to_string())
}

pub fn nets(list: &[&str]) -> Vec<ipnet::IpNet> {
    list.iter()
        .map(|a| {
            a.parse()
                .unwrap_or_else(|_| ipnet::IpNet::from(a.parse::<std::net::IpAddr>().unwrap()))
        })
        .collect()
}

pub const SUKSES_MSG: &str = "Transaksi s5.081234567890 SUKSES, SN: 0041-2233/AB CD, Saldo: Rp99,999,999, Harga: 5,150, Tgl: 01/01 10:32:12";
const GAGAL_MSG: &str = "Transaksi s5.081234567890 GAGAL, Saldo: Rp99,999,999, Tgl: 01/01 10:36:38";

pub fn sukses(trxid: &str) -> String {
    callback_query(0, trxid, "081234567890", SUKSES_MSG)
}

pub fn gagal(trxid: &str) -> String {
    callback_query(1, trxid, "081234567890", GAGAL_MSG)
}
