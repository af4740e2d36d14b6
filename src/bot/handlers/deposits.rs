//! `/deposit`, `/tiket`, `/batal`, `/tolak` and `/rekening`: asking and answering; the rules
//! (kode unik, who may close a ticket, the ledger credit) live in [`crate::deposits`].
use std::sync::Arc;

use sqlx::PgConnection;

use super::super::{BotContext, Caller, Reply};
use crate::bot::commands::BankAccountCommand;
use crate::deposits::{self, BankAccount, OpenError, Request, Ticket};
use crate::domain::Money;
use crate::domain::qris::StaticQris;
use crate::outbox::{self, Photo};
use crate::telegram::buttons::{Question, yes_no};
use crate::text::{bank, deposits as say};

/// Tickets a list shows (and offers buttons for).
const LIST_LIMIT: i64 = 10;

/// A reseller's `/deposit <nominal>`: opens the ticket and queues, in the same transaction, the
/// ticket (with its button), its QRIS image and the admins' notice. `None`: the answer is queued.
pub async fn request(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    nominal: Money,
) -> anyhow::Result<Option<Reply>> {
    let mut tx = ctx.pool.begin().await?;
    let req = Request {
        user_id: caller.user_id,
        chat_id: caller.chat_id,
        message_id: caller.message_id,
        nominal,
    };
    let ticket = match deposits::open(&mut tx, &ctx.deposits, req).await {
        Ok((ticket, _new)) => ticket,
        Err(OpenError::TooSmall { min }) => {
            return Ok(Some(Reply::text(say::open_refused_too_small(min))));
        }
        Err(OpenError::TooLarge { max }) => {
            return Ok(Some(Reply::text(say::open_refused_too_large(max))));
        }
        Err(OpenError::NoCodeFree) => return Ok(Some(Reply::text(say::NO_CODE_FREE))),
        Err(OpenError::TooManyOpen { max, open }) => {
            return Ok(Some(Reply::text(say::open_refused_too_many(max, &open))));
        }
        Err(OpenError::Blocked) => return Ok(Some(Reply::text(crate::text::bot::BLOCKED))),
        Err(OpenError::NotStarted) => {
            return Ok(Some(Reply::text(say::OPEN_REFUSED_NOT_STARTED)));
        }
        Err(OpenError::Database(e)) => return Err(e.into()),
    };
    let accounts = BankAccount::shown(&mut tx).await?;
    // Drawn first, so that the ticket promises a QRIS image only when there is one.
    let qris_png = ctx
        .deposits
        .qris_static
        .as_deref()
        .and_then(|payload| StaticQris::parse(payload).ok())
        .and_then(|qris| {
            crate::deposits::qr_image::png(&qris.for_amount(ticket.amount.rupiah()))
                .inspect_err(|e| tracing::error!(ticket_id = ticket.ticket_id, error = %e, "QRIS image not drawn; the ticket goes without"))
                .ok()
        });
    let key = |what: &str| format!("deposit:{}:{what}", ticket.ticket_id);
    outbox::enqueue_with_keyboard(
        &mut tx,
        &key("ticket"),
        caller.chat_id,
        say::ticket(&ticket, &accounts, qris_png.is_some()),
        keyboard_json(paid_button(&ticket)),
    )
    .await?;
    if let Some(png) = qris_png {
        outbox::enqueue_photo(
            &mut tx,
            &key("qris"),
            caller.chat_id,
            say::qris_caption(&ticket),
            Photo::Png(png),
            None,
        )
        .await?;
    }
    notify_admins(
        &mut tx,
        &ctx.admins,
        &ticket,
        "new",
        say::admin_new_ticket(&ticket),
    )
    .await?;
    outbox::commit(tx).await?;
    Ok(None)
}

/// The ✅/❌ pair under every admin message about an open ticket.
pub fn decision_buttons(ticket: &Ticket) -> teloxide::types::InlineKeyboardMarkup {
    yes_no(
        Question::Deposit,
        ticket.ticket_id,
        say::APPROVE_BUTTON,
        say::REJECT_BUTTON,
    )
}

fn paid_button(ticket: &Ticket) -> teloxide::types::InlineKeyboardMarkup {
    let data = crate::telegram::buttons::data(Question::Paid, ticket.ticket_id, true);
    teloxide::types::InlineKeyboardMarkup::new([[teloxide::types::InlineKeyboardButton::callback(
        say::PAID_BUTTON,
        data,
    )]])
}

fn keyboard_json(keyboard: teloxide::types::InlineKeyboardMarkup) -> Option<String> {
    serde_json::to_string(&keyboard).ok()
}

/// Tells every admin about a ticket, with the ✅/❌ buttons; once per ticket and `event`.
pub async fn notify_admins(
    conn: &mut PgConnection,
    admins: &[i64],
    ticket: &Ticket,
    event: &str,
    text: String,
) -> sqlx::Result<()> {
    let keyboard = keyboard_json(decision_buttons(ticket));
    for admin in admins {
        let key = format!("deposit:{}:{event}:admin:{admin}", ticket.ticket_id);
        outbox::enqueue_with_keyboard(conn, &key, *admin, text.clone(), keyboard.clone()).await?;
    }
    Ok(())
}

/// `/deposit` from an admin: the open tickets, with a ✅/❌ pair for each.
pub async fn list_open(conn: &mut PgConnection) -> anyhow::Result<Reply> {
    let open = deposits::list_open(conn, LIST_LIMIT).await?;
    let rows: Vec<Vec<_>> = open
        .iter()
        .map(|t| {
            let pair = decision_buttons(t).inline_keyboard.remove(0);
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
        keyboard: (!rows.is_empty()).then(|| teloxide::types::InlineKeyboardMarkup::new(rows)),
        attachment: None,
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
    let mut tx = ctx.pool.begin().await?;
    let done = deposits::reject(&mut tx, &ctx.admins, ticket_id, caller.user_id, reason).await?;
    outbox::commit(tx).await?;
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
        BankAccountCommand::Remove { id } => match BankAccount::remove(conn, id).await? {
            Some(removed) => bank::bank_account_removed(&removed),
            None => bank::bank_account_not_found(id),
        },
    })
}
