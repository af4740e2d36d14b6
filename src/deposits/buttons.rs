//! The buttons a ticket's messages carry: the admins' ✅/❌ under every message about an open
//! ticket, and the reseller's "Sudah transfer" under the ticket itself. Their data is the
//! yes/no format of [`crate::telegram::buttons`], keyed by the ticket.
use sqlx::PgConnection;
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::Ticket;
use crate::outbox;
use crate::telegram::buttons::{Question, data, yes_no};
use crate::text::deposits as say;

/// The ✅/❌ pair under every admin message about an open ticket.
pub fn decision_buttons(ticket: &Ticket) -> InlineKeyboardMarkup {
    yes_no(
        Question::Deposit,
        ticket.ticket_id,
        say::APPROVE_BUTTON,
        say::REJECT_BUTTON,
    )
}

/// [`decision_buttons`] as the outbox stores a keyboard.
pub(super) fn decision_json(ticket: &Ticket) -> Option<String> {
    keyboard_json(decision_buttons(ticket))
}

/// "Sudah transfer", under the reseller's ticket.
pub(super) fn paid_json(ticket: &Ticket) -> Option<String> {
    let data = data(Question::Paid, ticket.ticket_id, true);
    keyboard_json(InlineKeyboardMarkup::new([[
        InlineKeyboardButton::callback(say::PAID_BUTTON, data),
    ]]))
}

fn keyboard_json(keyboard: InlineKeyboardMarkup) -> Option<String> {
    serde_json::to_string(&keyboard).ok()
}

/// Tells every admin about a ticket, with the ✅/❌ buttons; once per ticket and `event`.
pub(super) async fn notify_admins(
    conn: &mut PgConnection,
    admins: &[i64],
    ticket: &Ticket,
    event: &str,
    text: String,
) -> sqlx::Result<()> {
    let keyboard = decision_json(ticket);
    for admin in admins {
        let key = format!("deposit:{}:{event}:admin:{admin}", ticket.ticket_id);
        outbox::enqueue_with_keyboard(conn, &key, *admin, text.clone(), keyboard.clone()).await?;
    }
    Ok(())
}
