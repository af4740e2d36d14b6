//! One wiring function, used by `main` and by the tests alike.
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use secrecy::SecretString;
use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::biller::BillerClient;
use crate::bot::BotContext;
use crate::config::{DepositSettings, Settings, Tuning};
use crate::digiflazz::DigiflazzClient;
use crate::http::{self, AppState};
use crate::intake::polling::Poller;
use crate::intake::webhook::{self, WebhookState};
use crate::intake::{self, IntakeWorker};
use crate::metrics::Metrics;
use crate::monitor::Monitor;
use crate::orders::Orders;
use crate::outbox::OutboxWorker;
use crate::supplier::reconcile::Reconciler;
use crate::telegram::TgBot;

pub use crate::schema::MIGRATOR;

mod database;
mod recovery;
mod signal;
mod suppliers;

pub use database::{POOL_SIZE, connect, migrate};

use recovery::recover_periodically;
pub use signal::shutdown_signal;
use suppliers::register_suppliers;

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
}

/// Set to true when loket stops.
type Stop = watch::Receiver<bool>;

/// How often raw updates older than a week are deleted.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// The HTTP routes: the callback, probes and metrics; the Telegram webhook when its secret is
/// set, and the bank mutations when configured.
fn routes(
    settings: &Settings,
    pool: &PgPool,
    state: AppState,
    webhook_secret: Option<&SecretString>,
) -> axum::Router {
    let mut router = http::router(state);
    if let Some(secret) = webhook_secret {
        let hook = WebhookState {
            pool: pool.clone(),
            secret: secret.clone(),
        };
        router = router.merge(
            axum::Router::new()
                .route(webhook::PATH, axum::routing::post(webhook::receive))
                .with_state(hook),
        );
    }
    if let Some(route) = http::mutations::route(settings, pool) {
        router = router.merge(route);
    }
    router
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

    /// Runs everything until `shutdown` resolves: the HTTP server (callbacks, health, webhook),
    /// Telegram intake (polling, by one instance; or stored webhook updates), the outbox
    /// worker, the monitor and recovery. Then stops taking work, lets in-flight supplier
    /// requests finish, and returns.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stop_tx, stop) = watch::channel(false);
        tracing::info!(addr = %self.local_addr, "loket is serving");
        let mut tasks = JoinSet::new();
        let recovery = recover_periodically(
            self.pool.clone(),
            self.orders.clone(),
            self.interrupted_after,
            self.tuning.recovery_every,
            stop.clone(),
        );
        tasks.spawn(named("recovery", recovery));
        let outbox = OutboxWorker::new(
            self.pool.clone(),
            self.bot.clone(),
            &self.ctx.admins,
            self.tuning.outbox_batch,
            self.tuning.outbox_lease,
        )
        .with_metrics(self.metrics.clone());
        tasks.spawn(named("outbox", outbox.run(stop.clone())));
        let monitor = self
            .monitor
            .clone()
            .run(self.tuning.invariant_check_every, stop.clone());
        tasks.spawn(named("monitor", monitor));
        // Updates are handled from the database in both modes, by every instance.
        let intake =
            IntakeWorker::new(self.ctx.clone(), self.bot.clone(), self.tuning.outbox_lease);
        tasks.spawn(named("intake", intake.run(stop.clone())));
        if let Some(at) = self.daily_report_at {
            let daily = crate::reports::daily::run(
                self.pool.clone(),
                self.ctx.admins.clone(),
                at,
                stop.clone(),
            );
            tasks.spawn(named("daily report", daily));
        }
        let prune = intake::prune_periodically(self.pool.clone(), PRUNE_EVERY, stop.clone());
        tasks.spawn(named("prune", prune));
        let reconcile = self
            .reconciler
            .clone()
            .run_periodically(self.tuning.reconcile_every, stop.clone());
        tasks.spawn(named("supplier reconciliation", reconcile));
        self.start_telegram(&mut tasks, &stop).await;
        let mut http_stop = stop.clone();
        let served = http::serve(self.listener, self.router, async move {
            let _ = http_stop.wait_for(|s| *s).await;
        });
        let served = tokio::spawn(served);
        shutdown.await;
        let _ = stop_tx.send(true);
        while let Some(done) = tasks.join_next().await {
            match done {
                Err(e) => tracing::error!(error = %e, "a background task panicked"),
                Ok(name) => tracing::debug!(task = name, "stopped"),
            }
        }
        tracing::debug!("background tasks stopped");
        self.orders.finish_in_flight().await;
        tracing::debug!("in-flight supplier requests finished");
        let served = served.await.context("HTTP server task failed")?;
        tracing::debug!("HTTP server stopped");
        self.pool.close().await;
        tracing::info!("loket stopped");
        served.context("HTTP server failed")
    }

    /// Telegram's side: the "/" menus and who the bot is, in either mode (a failure is logged
    /// and changes nothing else), then the webhook's registration or the poller.
    async fn start_telegram(&self, tasks: &mut JoinSet<&'static str>, stop: &Stop) {
        let introduce = introduce(self.ctx.clone(), self.bot.clone(), stop.clone());
        tasks.spawn(named("command menus and identity", introduce));
        match &self.webhook {
            Some((url, secret)) => {
                let register =
                    webhook::register(self.bot.clone(), url.clone(), secret.clone(), stop.clone());
                tasks.spawn(named("webhook registration", register));
            }
            None => {
                let poller = Poller {
                    ctx: self.ctx.clone(),
                    bot: self.bot.clone(),
                    timeout_secs: self.tuning.poll_timeout_secs,
                    metrics: self.metrics.clone(),
                };
                tasks.spawn(named("poller", poller.run(stop.clone())));
            }
        }
    }
}

/// Publishes the command menus once and learns who the bot is, unless loket stops first.
async fn introduce(ctx: Arc<BotContext>, bot: TgBot, mut stop: Stop) {
    let identity = ctx
        .clone()
        .learn_identity_until_known(bot.clone(), stop.clone());
    let menus = crate::bot::menu::publish(&bot, &ctx.pool, &ctx.admins);
    tokio::select! {
        _ = async { tokio::join!(menus, identity) } => {}
        _ = stop.wait_for(|s| *s) => {}
    }
}

async fn named(name: &'static str, task: impl Future<Output = ()>) -> &'static str {
    task.await;
    name
}

/// What the HTTP handlers share.
fn app_state(settings: &Settings, pool: &PgPool, orders: &Orders, metrics: &Metrics) -> AppState {
    AppState {
        pool: pool.clone(),
        orders: orders.clone(),
        callback_token: settings.http.callback_token.clone(),
        digiflazz_secret: settings
            .digiflazz
            .as_ref()
            .map(|d| d.webhook_secret.clone()),
        callback_allow: settings.http.callback_allow.clone().into(),
        metrics: metrics.clone(),
        metrics_allow: settings.http.metrics_allow.clone().into(),
        trusted_proxies: settings.http.trusted_proxies.clone().into(),
    }
}

/// The orders service as the settings configure it.
fn orders_for(settings: &Settings, pool: PgPool, biller: BillerClient) -> Orders {
    Orders::new(pool, biller, &settings.admin_ids)
        .with_registration(settings.registration)
        .with_support_contact(settings.support_contact.clone())
        .with_failover(settings.failover)
        .with_digiflazz(settings.digiflazz.as_ref().map(DigiflazzClient::new))
}
