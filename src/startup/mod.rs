//! One wiring function, used by `main` and by the tests alike.
use std::net::SocketAddr;
use std::time::Duration;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use secrecy::SecretString;
use sqlx::PgPool;

use crate::biller::BillerClient;
use crate::bot::BotContext;
use crate::config::{DepositSettings, Settings, Tuning};
use crate::digiflazz::DigiflazzClient;
use crate::metrics::Metrics;
use crate::monitor::Monitor;
use crate::orders::Orders;
use crate::supplier::reconcile::Reconciler;
use crate::telegram::TgBot;

pub use crate::schema::MIGRATOR;

mod database;
mod recovery;
mod routes;
mod run;
mod signal;
mod status_checks;
mod suppliers;

pub use database::{POOL_SIZE, connect, migrate};

use routes::{app_state, routes};
pub use signal::shutdown_signal;
use suppliers::{orders_for, register_suppliers, status_checks};

pub struct Application {
    listener: tokio::net::TcpListener,
    local_addr: SocketAddr,
    pool: PgPool,
    orders: Orders,
    router: axum::Router,
    bot: TgBot,
    ctx: Arc<BotContext>,
    monitor: Monitor,
    webhook: Option<(reqwest::Url, SecretString)>,
    tuning: Tuning,
    metrics: Metrics,
    /// `sending` orders older than this cannot have a live request behind them.
    interrupted_after: Duration,
    reconciler: Reconciler,
    daily_report_at: Option<chrono::NaiveTime>,
    status_checks: Option<crate::orders::CheckSchedule>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let pool = connect(&settings.database_url).await?;
        migrate(&pool).await?;
        Self::build_with_pool(settings, pool).await
    }

    /// As [`Application::build`], on a pool the caller made (tests pick their own database).
    pub async fn build_with_pool(settings: Settings, pool: PgPool) -> anyhow::Result<Self> {
        let metrics = Metrics::default();
        let biller = BillerClient::new(&settings.biller).with_metrics(metrics.clone());
        register_suppliers(&settings, &pool).await?;
        let orders = orders_for(&settings, pool.clone(), biller);
        let maintenance = Arc::new(AtomicBool::new(false));
        let bot =
            crate::telegram::telegram_client(&settings.telegram, settings.tuning.telegram_pace);
        let ctx = Arc::new(BotContext {
            pool: pool.clone(),
            orders: orders.clone(),
            admins: settings.admin_ids.clone(),
            username: std::sync::RwLock::new(String::new()),
            bot_name: std::sync::RwLock::new(String::new()),
            shop_name: settings.shop_name.clone(),
            duplicate_window: settings.duplicate_window,
            stuck_after: settings.stuck_after,
            complaint_max_age: settings.complaint_max_age,
            maintenance: maintenance.clone(),
            flood: settings.flood,
            deposits: DepositSettings {
                registration: settings.registration,
                support_contact: settings.support_contact.clone(),
                ..settings.deposits.clone()
            },
            registration: settings.registration,
            support_contact: settings.support_contact.clone(),
            digiflazz: settings.digiflazz.as_ref().map(DigiflazzClient::new),
        });
        let monitor = Monitor {
            pool: pool.clone(),
            admins: settings.admin_ids.clone().into(),
            maintenance,
            stuck_after: settings.stuck_after,
            metrics: metrics.clone(),
            checking: Default::default(),
        };
        let state = app_state(&settings, &pool, &orders, &metrics);
        let webhook = match (
            &settings.telegram.webhook_url,
            &settings.telegram.webhook_secret,
        ) {
            (Some(url), Some(secret)) => Some((url.clone(), secret.clone())),
            _ => None,
        };
        let router = routes(&settings, &pool, state, webhook.as_ref().map(|(_, s)| s));
        let listener = tokio::net::TcpListener::bind(settings.http.addr)
            .await
            .with_context(|| format!("cannot listen on HTTP_ADDR {}", settings.http.addr))?;
        let local_addr = listener.local_addr()?;
        let interrupted_after = settings.biller.timeout + settings.tuning.interrupted_margin;
        let reconciler = Reconciler {
            pool: pool.clone(),
            admins: settings.admin_ids.clone(),
            low_balance: settings.supplier_low_balance,
        };
        Ok(Self {
            listener,
            local_addr,
            pool,
            orders,
            router,
            bot,
            ctx,
            monitor,
            webhook,
            status_checks: status_checks(&settings),
            tuning: settings.tuning,
            metrics,
            interrupted_after,
            reconciler,
            daily_report_at: settings.daily_report_at,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    pub fn orders(&self) -> &Orders {
        &self.orders
    }

    pub fn monitor(&self) -> &Monitor {
        &self.monitor
    }
}
