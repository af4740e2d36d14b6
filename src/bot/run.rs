//! A parsed command, routed to the flow that answers it: an admin's command from anyone else is
//! refused here, by its type; money rules live in the services the flows call.
use std::sync::Arc;

use super::admin::{self, supplier, undelivered};
use super::catalogue::{export, groups, levels, products};
use super::commands::{self, AdminCommand, Command, ResellerCommand};
use super::registration::note;
use super::{BotContext, Caller, Reply, account, deposits, purchase, refund, reports, settle};
use crate::catalogue::Group;
use crate::text::bot as say;
use crate::{ledger, users};

/// Runs a command; `None` means the answer comes another way (the outbox, for purchases). An
/// admin's command from anyone else is refused here, by its type, before it runs.
pub async fn run(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    command: Command,
) -> anyhow::Result<Option<Reply>> {
    if let Command::Admin(command) = &command
        && !ctx.is_admin(caller.user_id)
    {
        tracing::warn!(
            user_id = caller.user_id,
            command = command.name(),
            "admin command refused"
        );
        return Ok(Some(Reply::text(say::ADMIN_ONLY)));
    }
    let mut conn = ctx.pool.acquire().await?;
    if command == Command::Reseller(ResellerCommand::Start) {
        let (id, chat, name) = (caller.user_id, caller.chat_id, caller.name.as_str());
        users::register(&mut conn, id, chat, caller.username.as_deref(), name).await?;
    } else {
        note(&mut conn, caller).await?;
    }
    match command {
        Command::Reseller(command) => reseller(ctx, caller, conn, command).await,
        Command::Admin(command) => admin(ctx, caller, conn, command).await,
    }
}

type Conn = sqlx::pool::PoolConnection<sqlx::Postgres>;

/// A command anyone may run. Those that go on elsewhere give their connection back first.
async fn reseller(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    mut conn: Conn,
    command: ResellerCommand,
) -> anyhow::Result<Option<Reply>> {
    use ResellerCommand as C;
    let is_admin = ctx.is_admin(caller.user_id);
    let reply = match command {
        C::Start => {
            let balance = ledger::balance(&mut conn, caller.user_id).await?;
            let help = commands::help(is_admin);
            say::welcome(
                &caller.name,
                caller.user_id,
                balance.unwrap_or_default(),
                &help,
            )
        }
        C::Help => commands::help(is_admin),
        C::Buy {
            product,
            destination,
        } => {
            drop(conn);
            return purchase::buy(ctx, caller, product, destination).await;
        }
        C::BuyMenu => {
            drop(conn);
            return super::browse::open(ctx, caller).await.map(Some);
        }
        C::Balance => {
            let balance = ledger::balance(&mut conn, caller.user_id).await?;
            say::balance(balance.unwrap_or_default())
        }
        C::Prices { filter, page } => {
            account::prices(&mut conn, caller.user_id, filter.as_deref(), page).await?
        }
        C::History => account::history(&mut conn, caller.user_id).await?,
        C::Check { trxid } if is_admin => undelivered::check(&mut conn, trxid.as_str()).await?,
        C::Check { trxid } => {
            account::check(&mut conn, trxid.as_str(), Some(caller.user_id)).await?
        }
        C::Statement => account::statement(&mut conn, caller.user_id).await?,
        C::Deposit { nominal: None } if is_admin => {
            return deposits::list_open(&mut conn).await.map(Some);
        }
        C::Deposit { nominal: None } => commands::usage(commands::spec_of("deposit"), None),
        C::Deposit {
            nominal: Some(nominal),
        } => {
            drop(conn);
            return deposits::request(ctx, caller, nominal).await;
        }
        C::Tickets => deposits::list_of_user(&mut conn, caller.user_id).await?,
        C::CancelTicket { ticket_id } => deposits::cancel(&mut conn, caller, ticket_id).await?,
        C::RepeatLast => {
            drop(conn);
            return purchase::repeat_last(ctx, caller).await;
        }
    };
    Ok(Some(Reply::text(reply)))
}

/// An admin's command, the caller known to be one.
async fn admin(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    mut conn: Conn,
    command: AdminCommand,
) -> anyhow::Result<Option<Reply>> {
    use AdminCommand as C;
    let reply = match command {
        C::TopUp {
            user_id,
            amount,
            note,
        } => admin::move_balance(ctx, caller, user_id, amount, note, true).await?,
        C::Deduct {
            user_id,
            amount,
            note,
        } => admin::move_balance(ctx, caller, user_id, amount, note, false).await?,
        C::Users => admin::users(&mut conn).await?,
        C::Block { user_id } => admin::block(&mut conn, caller, user_id, true).await?,
        C::Unblock { user_id } => admin::block(&mut conn, caller, user_id, false).await?,
        C::Pending { page } => settle::pending(ctx, &mut conn, page).await?,
        C::Settle {
            trxid,
            success_sn,
            note,
        } => {
            drop(conn);
            let settled = settle::settle(ctx, caller, &trxid, success_sn, &note).await;
            return settled.map(Some);
        }
        C::Refund {
            trxid,
            amount,
            source,
            reason,
        } => {
            drop(conn);
            refund::refund(ctx, caller, trxid, amount, source, reason).await?
        }
        C::Report { period, csv } => {
            return reports::report(&mut conn, period, csv).await.map(Some);
        }
        C::Chart => return reports::chart(&mut conn).await.map(Some),
        C::Undelivered => undelivered::list(&mut conn).await?,
        C::Resend { outbox_id } => undelivered::resend(&mut conn, caller, outbox_id).await?,
        C::SupplierBalance { accept } => supplier::balance(&mut conn, caller, accept).await?,
        C::SupplierDeposit { amount } => supplier::deposit(&mut conn, caller, amount).await?,
        C::RejectTicket { ticket_id, reason } => {
            drop(conn);
            let rejected = deposits::reject(ctx, caller, ticket_id, &reason).await?;
            return Ok(rejected.map(Reply::text));
        }
        C::BankAccounts(command) => deposits::bank_accounts(&mut conn, caller, command).await?,
        catalogue_command => return catalogue(ctx, caller, conn, catalogue_command).await,
    };
    Ok(Some(Reply::text(reply)))
}

/// An admin's command about products: prices, levels, groups, gangguan, on and off sale.
async fn catalogue(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    mut conn: Conn,
    command: AdminCommand,
) -> anyhow::Result<Option<Reply>> {
    use AdminCommand as C;
    let reply = match command {
        C::SetProduct {
            code,
            cost,
            price,
            name,
        } => {
            drop(conn);
            products::set_product(ctx, caller, &code, cost, price, &name).await?
        }
        C::ExportProducts => {
            return export::export(&mut conn, caller).await.map(Some);
        }
        C::Levels(command) => levels::run(&mut conn, caller, command).await?,
        C::Deactivate { code } => products::toggle_product(&mut conn, caller, &code, false).await?,
        C::Activate { code } => products::toggle_product(&mut conn, caller, &code, true).await?,
        C::Categories(command) => {
            groups::group(&mut conn, caller, Group::Category, command).await?
        }
        C::Brands(command) => groups::group(&mut conn, caller, Group::Brand, command).await?,
        C::Classify {
            code,
            category,
            brand,
        } => groups::classify(&mut conn, caller, &code, &category, &brand).await?,
        C::Disrupt { code, reason } => {
            groups::disruption(&mut conn, caller, &code, Some(&reason)).await?
        }
        C::Restore { code } => groups::disruption(&mut conn, caller, &code, None).await?,
        other => unreachable!("{} is not a catalogue command", other.name()),
    };
    Ok(Some(Reply::text(reply)))
}
