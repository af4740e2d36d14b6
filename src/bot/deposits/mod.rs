//! `/deposit`, `/tiket`, `/batal`, `/tolak` and `/rekening`: asking and answering; the rules
//! (kode unik, who may close a ticket, the ledger credit) live in [`crate::deposits`].
use std::sync::Arc;

use sqlx::PgConnection;

use crate::bot::commands::BankAccountCommand;
use crate::bot::{BotContext, Caller, Reply};
use crate::deposits::{self, BankAccount, OpenError, Request};
use crate::domain::Money;
use crate::text::{bank, deposits as say};

pub(in crate::bot) mod args;
mod presses;

pub(super) use crate::telegram::buttons::proof::is_proof;
pub(super) use presses::{choose_proof, decide, paid, proof};

/// Tickets a list shows (and offers buttons for).
const LIST_LIMIT: i64 = 10;

/// A reseller's `/deposit <nominal>`. `None`: the ticket, its QRIS image and the admins' notice
/// are queued.
pub async fn request(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    nominal: Money,
) -> anyhow::Result<Option<Reply>> {
    let req = Request {
        user_id: caller.user_id,
        chat_id: caller.chat_id,
        message_id: caller.message_id,
        nominal,
    };
    let refusal = match deposits::open_ticket(&ctx.pool, &ctx.deposits, &ctx.admins, req).await {
        Ok(_) => return Ok(None),
        Err(OpenError::TooSmall { min }) => say::open_refused_too_small(min),
        Err(OpenError::TooLarge { max }) => say::open_refused_too_large(max),
        Err(OpenError::NoCodeFree) => say::NO_CODE_FREE.to_owned(),
        Err(OpenError::TooManyOpen { max, open }) => say::open_refused_too_many(max, &open),
        Err(OpenError::Blocked) => crate::text::bot::blocked(ctx.support_contact.as_ref()),
        Err(OpenError::AwaitingApproval) => {
            crate::text::registration::waiting(ctx.support_contact.as_ref())
        }
        Err(OpenError::NotStarted) => say::OPEN_REFUSED_NOT_STARTED.to_owned(),
        Err(OpenError::Database(e)) => return Err(e.into()),
    };
    Ok(Some(Reply::text(refusal)))
}

/// `/deposit` from an admin: the open tickets, with a ✅/❌ pair for each.
pub async fn list_open(conn: &mut PgConnection) -> anyhow::Result<Reply> {
    let open = deposits::list_open(conn, LIST_LIMIT).await?;
    let rows: Vec<Vec<_>> = open
        .iter()
        .map(|t| {
            let pair = deposits::decision_buttons(t).inline_keyboard.remove(0);
            pair.into_iter()
                .map(|mut b| {
                    b.text = format!("{} #{}", b.text, t.ticket_id);
                    b
                })
                .collect()
        })
        .collect();
    Ok(Reply {
        text: say::list_open(&open),
        keyboard: (!rows.is_empty()).then(|| teloxide_core::types::InlineKeyboardMarkup::new(rows)),
        attachment: None,
        manner: Default::default(),
    })
}

pub async fn list_of_user(conn: &mut PgConnection, user_id: i64) -> anyhow::Result<String> {
    Ok(say::list_of_user(
        &deposits::list_of_user(conn, user_id, LIST_LIMIT).await?,
    ))
}

pub async fn cancel(
    conn: &mut PgConnection,
    caller: &Caller,
    ticket_id: i64,
) -> anyhow::Result<String> {
    Ok(
        match deposits::cancel(conn, caller.user_id, ticket_id).await? {
            Ok(Some(ticket)) => say::cancelled(&ticket),
            Ok(None) => say::ticket_not_found(ticket_id),
            Err(ticket) => say::not_open(&ticket),
        },
    )
}

/// `/tolak <nomor> <alasan>`. `None` when rejected: every admin, this one included, and the
/// reseller hear it through the outbox.
pub async fn reject(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    ticket_id: i64,
    reason: &str,
) -> anyhow::Result<Option<String>> {
    let (admins, admin) = (&ctx.admins, caller.user_id);
    let done = deposits::reject_ticket(
        &ctx.pool,
        admins,
        ticket_id,
        admin,
        reason,
        ctx.support_contact.as_ref(),
    )
    .await?;
    Ok(match done {
        Ok(Some(_)) => None,
        Ok(None) => Some(say::ticket_not_found(ticket_id)),
        Err(ticket) => Some(say::not_open(&ticket)),
    })
}

/// `/rekening`.
pub async fn bank_accounts(
    conn: &mut PgConnection,
    caller: &Caller,
    command: BankAccountCommand,
) -> anyhow::Result<String> {
    Ok(match command {
        BankAccountCommand::List => bank::bank_accounts(&BankAccount::shown(conn).await?),
        BankAccountCommand::Add {
            bank,
            number,
            holder,
        } => match BankAccount::check(&bank, &number, &holder) {
            Ok(()) => {
                let added = BankAccount::add(conn, caller.user_id, &bank, &number, &holder).await?;
                bank::bank_account_added(&added)
            }
            Err(e) => bank::bank_account_invalid(&e).to_owned(),
        },
        BankAccountCommand::Remove { id } => {
            match BankAccount::remove(conn, caller.user_id, id).await? {
                Some(removed) => bank::bank_account_removed(&removed),
                None => bank::bank_account_not_found(id),
            }
        }
    })
}
