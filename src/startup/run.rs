//! Running what [`Application::build`] wired: every task until the stop, then a graceful end.
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::Application;
use super::recovery::recover_periodically;
use super::status_checks;
use crate::bot::BotContext;
use crate::http;
use crate::intake::polling::Poller;
use crate::intake::webhook;
use crate::intake::{self, IntakeWorker};
use crate::outbox::OutboxWorker;
use crate::telegram::TgBot;

/// Set to true when loket stops.
type Stop = watch::Receiver<bool>;

/// How often raw updates older than a week are deleted.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

impl Application {
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
        if let Some(schedule) = self.status_checks {
            let checks =
                status_checks::check_periodically(self.orders.clone(), schedule, stop.clone());
            tasks.spawn(named("digiflazz status checks", checks));
        }
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
