//! One function per command: parse has already happened, money rules live in `orders` and
//! `ledger`; these only ask and answer.
use std::sync::Arc;

use super::commands::{self, Audience, Command};
use super::{BotContext, Caller, Reply, deposits, purchase};
use crate::catalogue::Group;
use crate::text::bot as say;
use crate::{ledger, users};

mod admin;
mod catalogue;
mod catalogue_file;
mod levels;
mod reports;
mod reseller;
mod supplier;
mod undelivered;

/// Everyone who writes is registered (balance 0); the chat is where they hear from us. Only
/// /start counts as having started, for flood control.
async fn note(conn: &mut sqlx::PgConnection, caller: &Caller) -> sqlx::Result<()> {
    let (id, chat, name) = (caller.user_id, caller.chat_id, caller.name.as_str());
    users::note(conn, id, chat, caller.username.as_deref(), name).await?;
    Ok(())
}

/// [`note`] for what is not a command (purchases typed as lines).
pub(in crate::bot) async fn note_caller(
    ctx: &Arc<BotContext>,
    caller: &Caller,
) -> sqlx::Result<()> {
    note(&mut *ctx.pool.acquire().await?, caller).await
}

/// Runs a command; `None` means the answer comes another way (the outbox, for purchases).
pub async fn run(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    command: Command,
) -> anyhow::Result<Option<Reply>> {
    if command.audience() == Audience::Admin && !ctx.is_admin(caller.user_id) {
        tracing::warn!(
            user_id = caller.user_id,
            command = command.name(),
            "admin command refused"
        );
        return Ok(Some(Reply::text(say::ADMIN_ONLY)));
    }
    let mut conn = ctx.pool.acquire().await?;
    if command == Command::Start {
        let (id, chat, name) = (caller.user_id, caller.chat_id, caller.name.as_str());
        users::register(&mut conn, id, chat, caller.username.as_deref(), name).await?;
    } else {
        note(&mut conn, caller).await?;
    }
    let reply = match command {
        Command::Start => {
            let balance = ledger::balance(&mut conn, caller.user_id)
                .await?
                .unwrap_or_default();
            let help = commands::help(ctx.is_admin(caller.user_id));
            say::welcome(&caller.name, caller.user_id, balance, &help)
        }
        Command::Help => commands::help(ctx.is_admin(caller.user_id)),
        Command::Buy {
            product,
            destination,
        } => {
            drop(conn);
            return purchase::buy(ctx, caller, product, destination).await;
        }
        Command::BuyMenu => {
            drop(conn);
            return super::browse::open(ctx, caller).await.map(Some);
        }
        Command::Balance => say::balance(
            ledger::balance(&mut conn, caller.user_id)
                .await?
                .unwrap_or_default(),
        ),
        Command::Prices { filter, page } => {
            reseller::prices(&mut conn, caller.user_id, filter.as_deref(), page).await?
        }
        Command::History => reseller::history(&mut conn, caller.user_id).await?,
        Command::Check { trxid } if ctx.is_admin(caller.user_id) => {
            undelivered::check(&mut conn, trxid.as_str()).await?
        }
        Command::Check { trxid } => {
            reseller::check(&mut conn, trxid.as_str(), Some(caller.user_id)).await?
        }
        Command::Statement => reseller::statement(&mut conn, caller.user_id).await?,
        Command::TopUp {
            user_id,
            amount,
            note,
        } => admin::move_balance(ctx, caller, user_id, amount, note, true).await?,
        Command::Deduct {
            user_id,
            amount,
            note,
        } => admin::move_balance(ctx, caller, user_id, amount, note, false).await?,
        Command::SetProduct {
            code,
            cost,
            price,
            name,
        } => {
            drop(conn);
            admin::set_product(ctx, caller, &code, cost, price, &name).await?
        }
        Command::ExportProducts => {
            return catalogue_file::export(&mut conn, caller).await.map(Some);
        }
        Command::Levels(command) => levels::run(&mut conn, caller, command).await?,
        Command::SupplierBalance { accept } => supplier::balance(&mut conn, caller, accept).await?,
        Command::SupplierDeposit { amount } => supplier::deposit(&mut conn, caller, amount).await?,
        Command::Deactivate { code } => {
            admin::toggle_product(&mut conn, caller, &code, false).await?
        }
        Command::Activate { code } => admin::toggle_product(&mut conn, caller, &code, true).await?,
        Command::Users => admin::users(&mut conn).await?,
        Command::Block { user_id } => admin::block(&mut conn, caller, user_id, true).await?,
        Command::Unblock { user_id } => admin::block(&mut conn, caller, user_id, false).await?,
        Command::Pending { page } => admin::pending(ctx, &mut conn, page).await?,
        Command::Settle {
            trxid,
            success_sn,
            note,
        } => {
            drop(conn);
            return admin::settle(ctx, caller, &trxid, success_sn, &note)
                .await
                .map(Some);
        }
        Command::Report { period, csv } => {
            return reports::report(&mut conn, period, csv).await.map(Some);
        }
        Command::Chart => return reports::chart(&mut conn).await.map(Some),
        Command::Undelivered => undelivered::list(&mut conn).await?,
        Command::Resend { outbox_id } => undelivered::resend(&mut conn, caller, outbox_id).await?,
        Command::Deposit { nominal: None } if ctx.is_admin(caller.user_id) => {
            return deposits::list_open(&mut conn).await.map(Some);
        }
        Command::Deposit { nominal: None } => commands::usage(commands::spec_of("deposit"), None),
        Command::Deposit {
            nominal: Some(nominal),
        } => {
            drop(conn);
            return deposits::request(ctx, caller, nominal).await;
        }
        Command::Tickets => deposits::list_of_user(&mut conn, caller.user_id).await?,
        Command::CancelTicket { ticket_id } => {
            deposits::cancel(&mut conn, caller, ticket_id).await?
        }
        Command::RejectTicket { ticket_id, reason } => {
            drop(conn);
            return Ok(deposits::reject(ctx, caller, ticket_id, &reason)
                .await?
                .map(Reply::text));
        }
        Command::BankAccounts(command) => {
            deposits::bank_accounts(&mut conn, caller, command).await?
        }
        Command::RepeatLast => {
            drop(conn);
            return purchase::repeat_last(ctx, caller).await;
        }
        Command::Categories(command) => {
            catalogue::group(&mut conn, caller, Group::Category, command).await?
        }
        Command::Brands(command) => {
            catalogue::group(&mut conn, caller, Group::Brand, command).await?
        }
        Command::Classify {
            code,
            category,
            brand,
        } => catalogue::classify(&mut conn, caller, &code, &category, &brand).await?,
        Command::Disrupt { code, reason } => {
            catalogue::disruption(&mut conn, caller, &code, Some(&reason)).await?
        }
        Command::Restore { code } => catalogue::disruption(&mut conn, caller, &code, None).await?,
    };
    Ok(Some(Reply::text(reply)))
}
