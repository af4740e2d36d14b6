//! How the application under test is set up, and the supplier simulator it talks to.
use std::time::Duration;

use loket::config::{
    BillerSettings, DepositSettings, HttpSettings, LogFormat, Settings, TelegramSettings, Tuning,
};
use loket::sandbox::sim::biller::{SimBiller, SimConfig};
use loket::sandbox::sim::telegram::FakeTelegram;
use reqwest::Url;
use secrecy::SecretString;

use super::*;

/// How the application under test is set up.
pub struct Options {
    pub biller_url: Url,
    pub biller_timeout: Duration,
    pub allow: Vec<ipnet::IpNet>,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub duplicate_window: Duration,
    pub webhook: bool,
    pub admins: Vec<i64>,
    pub flood: loket::intake::FloodLimits,
    pub deposits: DepositSettings,
    pub supplier_low_balance: Option<loket::domain::Money>,
    /// Off unless a test turns it on: a summary at start would be one more message to admins.
    pub daily_report_at: Option<chrono::NaiveTime>,
    pub registration: loket::domain::Registration,
    pub support_contact: Option<loket::domain::SupportContact>,
    pub shop_name: Option<String>,
    /// The second supplier, when a test runs the Digiflazz simulator.
    pub digiflazz: Option<loket::config::DigiflazzSettings>,
    /// `FAILOVER_MAX` and `FAILOVER_WINDOW_SECS`.
    pub failover: loket::domain::FailoverPolicy,
}

/// The bank-mutation webhook's path token and signing secret in tests.
pub const MUTATION_TOKEN: &str = "mutasi-token-0123456789abcdef0123456789";
pub const MUTATION_SECRET: &str = "moota-secret";

impl Options {
    pub fn with_supplier(biller_url: Url) -> Self {
        Self {
            biller_url,
            biller_timeout: Duration::from_secs(2),
            allow: Vec::new(),
            trusted_proxies: Vec::new(),
            duplicate_window: Duration::from_secs(300),
            webhook: false,
            admins: vec![ADMIN],
            flood: loket::intake::FloodLimits::default(),
            deposits: DepositSettings {
                webhook_token: Some(SecretString::from(MUTATION_TOKEN)),
                webhook_secret: Some(SecretString::from(MUTATION_SECRET)),
                ..DepositSettings::default()
            },
            supplier_low_balance: None,
            daily_report_at: None,
            registration: loket::domain::Registration::Open,
            support_contact: None,
            shop_name: None,
            digiflazz: None,
            failover: loket::domain::FailoverPolicy::default(),
        }
    }
}

pub fn settings(database_url: &str, opts: &Options, tg: &FakeTelegram) -> Settings {
    Settings {
        database_url: SecretString::from(database_url.to_owned()),
        telegram: TelegramSettings {
            token: SecretString::from(tg.token().to_owned()),
            api_url: Some(Url::parse(&tg.url()).unwrap()),
            webhook_url: opts
                .webhook
                .then(|| Url::parse("https://bot.example/telegram/webhook").unwrap()),
            webhook_secret: opts.webhook.then(|| SecretString::from(WEBHOOK_SECRET)),
        },
        biller: BillerSettings {
            url: opts.biller_url.clone(),
            user: "usertesting".into(),
            password: SecretString::from(PASSWORD),
            timeout: opts.biller_timeout,
        },
        digiflazz: opts.digiflazz.clone(),
        http: HttpSettings {
            addr: "127.0.0.1:0".parse().unwrap(),
            callback_token: SecretString::from(TOKEN),
            callback_allow: opts.allow.clone(),
            metrics_allow: vec!["127.0.0.1/32".parse().unwrap()],
            trusted_proxies: opts.trusted_proxies.clone(),
            public_url: None,
        },
        admin_ids: opts.admins.clone(),
        duplicate_window: opts.duplicate_window,
        stuck_after: Duration::from_secs(1800),
        complaint_max_age: Duration::from_secs(7 * 86_400),
        failover: opts.failover,
        flood: opts.flood,
        deposits: opts.deposits.clone(),
        supplier_low_balance: opts.supplier_low_balance,
        shop_name: opts.shop_name.clone(),
        daily_report_at: opts.daily_report_at,
        registration: opts.registration,
        support_contact: opts.support_contact.clone(),
        log_format: LogFormat::Text,
        tuning: Tuning {
            poll_timeout_secs: 1,
            ..Tuning::default()
        },
    }
}

/// A simulator whose callbacks reach nowhere until `spawn_app_with_sim` points them at the app.
///
/// Its callbacks wait long enough after the answer for loket to have recorded the answer and
/// queued "sedang diproses" even on a busy machine, as tests expect: a callback that overtakes
/// the answer settles the order first, and then no "diproses" is sent at all (R11). At 20 ms, a
/// machine busy with other builds let that happen.
pub fn simulator() -> SimBiller {
    SimBiller::new(SimConfig {
        user: "usertesting".into(),
        password: SecretString::from(PASSWORD),
        callback_url: None,
        callback_delay: Duration::from_millis(150),
        hang: Duration::from_secs(3),
        reversal_delay: Duration::ZERO,
    })
}
