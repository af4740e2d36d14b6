//! A parsed command, routed to the flow that answers it: an admin's command from anyone else is
//! refused here, by its type; money rules live in the services the flows call.
use std::sync::Arc;

use super::admin::{self, audit, supplier, undelivered};
use super::catalogue::{export, groups, levels, products, sync};
use super::commands::{self, AdminCommand, Command, ResellerCommand};
use super::registration::note;
use super::{
    BotContext, Caller, Reply, account, broadcasts, complaints, deposits, exports, pages, purchase,
    receipt, refund, reports, routes, settle, suppliers,
};
use crate::catalogue::Group;
use crate::complaints::AdminStep;
use crate::ledger;
use crate::text::bot as say;
use crate::text::lists::Beyond;

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
    let started = if command == Command::Reseller(ResellerCommand::Start) {
        Some(super::registration::start(ctx, caller).await?)
    } else {
        None
    };
    let mut conn = ctx.pool.acquire().await?;
    if started.is_none() {
        note(&mut conn, ctx, caller).await?;
    }
    match command {
        Command::Reseller(ResellerCommand::Start) => {
            let waiting = started.is_some_and(|s| !s.approved) && ctx.registration.needs_approval();
            super::start::welcome(ctx, caller, &mut conn, waiting)
                .await
                .map(Some)
        }
        Command::Reseller(command) => reseller(ctx, caller, conn, command).await,
        Command::Admin(command) => admin(ctx, caller, conn, command).await,
    }
}

pub(super) type Conn = sqlx::pool::PoolConnection<sqlx::Postgres>;

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
            return super::start::welcome(ctx, caller, &mut conn, false)
                .await
                .map(Some);
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
            let typed = pages::prices(&mut conn, caller.user_id, filter, page, Beyond::Refuse);
            return typed.await.map(Some).map_err(Into::into);
        }
        C::History => account::history(&mut conn, caller.user_id).await?,
        C::Check { trxid } if is_admin => undelivered::check(&mut conn, trxid.as_str()).await?,
        C::Check { trxid } => {
            account::check(&mut conn, trxid.as_str(), Some(caller.user_id)).await?
        }
        C::Receipt {
            trxid,
            selling_price,
        } => {
            let drawn = receipt::receipt(ctx, &mut conn, caller, &trxid, selling_price).await;
            return drawn.map(Some);
        }
        C::Statement { of, xlsx } => {
            let reply = exports::statement(&mut conn, caller.user_id, is_admin, of, xlsx).await;
            return reply.map(Some);
        }
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
        C::Complain { trxid, text, photo } => {
            drop(conn);
            let filed = complaints::file(ctx, caller, &trxid, &text, photo).await?;
            return Ok(filed.map(Reply::text));
        }
        C::Complaints => complaints::list(&mut conn, caller.user_id, is_admin).await?,
        C::CheckPln { number } => {
            drop(conn);
            super::pln::check(ctx.digiflazz.as_ref(), &number).await
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
        C::UsersXlsx => return exports::users_xlsx(&mut conn).await.map(Some),
        C::Block { user_id } => admin::block(&mut conn, caller, user_id, true).await?,
        C::Unblock { user_id } => admin::block(&mut conn, caller, user_id, false).await?,
        C::Pending { page } => {
            let typed = pages::pending(ctx, &mut conn, page, Beyond::Refuse);
            return typed.await.map(Some).map_err(Into::into);
        }
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
        C::Report { period, file } => {
            return reports::report(&mut conn, period, file).await.map(Some);
        }
        C::Chart => return reports::chart(&mut conn).await.map(Some),
        C::Undelivered => undelivered::list(&mut conn).await?,
        C::Resend { outbox_id } => undelivered::resend(&mut conn, caller, outbox_id).await?,
        C::Audit { page } => audit::page(&mut conn, page).await?,
        C::AuditCsv => return audit::csv(&mut conn).await.map(Some),
        C::SupplierBalance { supplier, accept } => {
            supplier::balance(&mut conn, caller, supplier.as_deref(), accept).await?
        }
        C::SupplierDeposit { amount, supplier } => {
            supplier::deposit(&mut conn, caller, amount, supplier.as_deref()).await?
        }
        C::Suppliers(command) => suppliers::run(ctx, caller, &mut conn, command).await?,
        C::RejectTicket { ticket_id, reason } => {
            drop(conn);
            let rejected = deposits::reject(ctx, caller, ticket_id, &reason).await?;
            return Ok(rejected.map(Reply::text));
        }
        C::BankAccounts(command) => deposits::bank_accounts(&mut conn, caller, command).await?,
        C::ReplyComplaint { no, text } => {
            let key = caller.message_key();
            let step = AdminStep::Reply(&text);
            complaints::act(ctx, caller.user_id, no, step, &key).await?
        }
        C::RejectComplaint { no, reason } => {
            let key = caller.message_key();
            let step = AdminStep::Reject(&reason);
            complaints::act(ctx, caller.user_id, no, step, &key).await?
        }
        C::Broadcast { text } => {
            drop(conn);
            return broadcasts::preview(ctx, caller, &text).await.map(Some);
        }
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
        C::SyncPriceList { supplier } => {
            drop(conn);
            return sync::preview(ctx, caller, &supplier).await.map(Some);
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
        C::Route { code, command } => routes::run(&mut conn, caller, &code, command).await?,
        other => unreachable!("{} is not a catalogue command", other.name()),
    };
    Ok(Some(Reply::text(reply)))
}
