//! The messages a complaint's steps cause, queued on the step's own transaction.
use sqlx::PgConnection;

use super::Complaint;
use crate::orders::{Order, queries};
use crate::outbox::{self, Photo};
use crate::telegram::buttons::complaint::keyboard;
use crate::text::complaints::{self as say, ResellerLine, SupplierLine};
use crate::users;

/// A new complaint: to every admin with its buttons (as a photo when it came with one), and
/// the reseller's receipt of it.
pub(super) async fn filed(
    conn: &mut PgConnection,
    admins: &[i64],
    c: &Complaint,
    order: &Order,
    cut: bool,
) -> sqlx::Result<()> {
    let (name, username) = users::name_of(conn, c.user_id).await?.unwrap_or_default();
    let side = queries::supplier_side(conn, order.order_id).await?;
    let money = |v: Option<i64>| v.map(crate::domain::Money::from_rupiah);
    let supplier = SupplierLine {
        supplier_trxid: side.supplier_trxid.as_deref(),
        cost: money(side.cost),
        charged: money(side.charged),
        message: side.message.as_deref(),
    };
    let who = ResellerLine {
        user_id: c.user_id,
        name: &name,
        username: username.as_deref(),
    };
    let text = say::for_admins(&c.line(), &who, &order.line(), &supplier);
    let labels = [
        say::RESEND_BUTTON,
        say::REFUND_FULL_BUTTON,
        say::REFUND_PART_BUTTON,
        say::REJECT_BUTTON,
        say::REPLY_BUTTON,
    ];
    let buttons = serde_json::to_string(&keyboard(c.complaint_id, labels)).ok();
    for admin in admins {
        let key = format!("complaint:{}:filed:admin:{admin}", c.complaint_id);
        match &c.photo_id {
            Some(photo) => {
                let photo = Photo::Known(photo.clone());
                let caption = text.clone();
                outbox::enqueue_photo(conn, &key, *admin, caption, photo, buttons.clone()).await?
            }
            None => {
                outbox::enqueue_with_keyboard(conn, &key, *admin, text.clone(), buttons.clone())
                    .await?
            }
        };
    }
    let key = format!("complaint:{}:filed", c.complaint_id);
    let receipt = say::filed(c.complaint_id, order.trxid.as_str(), cut);
    outbox::enqueue(conn, &key, order.user_chat_id, receipt).await?;
    Ok(())
}

/// Every admin hears who handled a complaint and how, so that nobody acts on it twice.
pub(super) async fn handled(
    conn: &mut PgConnection,
    admins: &[i64],
    c: &Complaint,
    admin_id: i64,
) -> sqlx::Result<()> {
    let text = say::handled(c.complaint_id, admin_id, c.state, &c.closing_note);
    for admin in admins {
        let key = format!(
            "complaint:{}:{}:admin:{admin}",
            c.complaint_id,
            c.state.as_str()
        );
        outbox::enqueue(conn, &key, *admin, text.clone()).await?;
    }
    Ok(())
}

pub(super) fn result_again(no: i64, order: &Order) -> String {
    say::result_again(no, &order.line())
}

pub(super) fn reply(no: i64, words: &str) -> String {
    say::reply_to_reseller(no, words)
}

pub(super) fn rejected(no: i64, words: &str) -> String {
    say::rejected_to_reseller(no, words)
}

pub(super) fn refunded(no: i64, amount: crate::domain::Money) -> String {
    say::refunded_to_reseller(no, amount)
}
