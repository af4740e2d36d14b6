//! `spawn_app()`: a fresh database and the real application wired by `Application::build_with_pool`.
mod app;
mod chat;
mod db;
mod instance;
mod reads;
mod relay;
mod seed;
mod settings;

use std::time::Duration;

use loket::biller::BillerClient;
use loket::config::BillerSettings;
use reqwest::Url;
use secrecy::SecretString;

use app::init_test_log;
pub use app::{
    TestApp, spawn_app, spawn_app_through_relay, spawn_app_with_sim, spawn_app_with_sim_and_admins,
    spawn_app_with_sim_set,
};
pub use chat::{admin, reseller};
pub use db::TestDb;
pub use instance::{Killable, spawn_pair};
pub use relay::DbRelay;
pub use seed::{purchase, seed, top_up};
pub use settings::{MUTATION_SECRET, MUTATION_TOKEN, Options, settings, simulator};

pub const PASSWORD: &str = "s3cret-supplier-password";
pub const TOKEN: &str = "cb-token-0123456789abcdefghijklmnopqrstuv";
pub const ADMIN: i64 = 900;
pub const RESELLER: i64 = 4242;
pub const WEBHOOK_SECRET: &str = "webhook-secret-0123456789abcdefghijklmnop";

/// A callback query for `trxid` in the shape of the supplier document's examples
/// (`product=banktrf`; the product code is only in the message).
pub fn callback_query(status: u8, trxid: &str, dest: &str, message: &str) -> String {
    loket::sandbox::sim::biller::supplier_query(status, trxid, dest, message)
}

pub fn new_biller(url: Url, timeout: Duration) -> BillerClient {
    BillerClient::new(&BillerSettings {
        url,
        user: "usertesting".into(),
        password: SecretString::from(PASSWORD),
        timeout,
    })
}
