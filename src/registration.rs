//! Someone's first /start: registered, and admins told of the new reseller in the same
//! transaction, so once per reseller however often /start arrives. With
//! `REGISTRATION=approval` a new user waits for an admin's ✅ (Setujui) under that notice before
//! buying or opening a deposit ticket; ❌ (Tolak) blocks them. The answer is idempotent and
//! audited (R39).
use sqlx::PgPool;
use teloxide_core::types::InlineKeyboardMarkup;

use crate::audit::{self, Action, Entry};
use crate::domain::{Registration, SupportContact};
use crate::outbox;
use crate::telegram::buttons::{Question, quick, yes_no};
use crate::text::registration::{self as say, NewReseller};
use crate::users::{self, Started, Who};

/// Registers a /start (see [`users::start`]); at a reseller's first, queues the admins' notice,
/// with the ✅/❌ pair when they wait for approval. Admins are approved and announce nobody.
pub async fn start(
    pool: &PgPool,
    admins: &[i64],
    mode: Registration,
    who: Who<'_>,
) -> sqlx::Result<Started> {
    let is_admin = admins.contains(&who.user_id);
    let who = Who {
        approved: is_admin || !mode.needs_approval(),
        ..who
    };
    let mut tx = pool.begin().await?;
    let started = users::start(&mut tx, &who).await?;
    if started.first && !is_admin {
        let notice = say::new_reseller(&NewReseller {
            user_id: who.user_id,
            name: who.full_name,
            username: who.username,
            waiting: !started.approved,
        });
        let event = format!("reseller:{}", who.user_id);
        if started.approved {
            outbox::alert_admins(&mut tx, admins, &event, &notice).await?;
        } else {
            let keyboard = serde_json::to_string(&buttons(who.user_id)).ok();
            for admin in admins {
                let key = format!("{event}:admin:{admin}");
                outbox::enqueue_with_keyboard(
                    &mut tx,
                    &key,
                    *admin,
                    notice.clone(),
                    keyboard.clone(),
                )
                .await?;
            }
        }
    }
    outbox::commit(tx).await?;
    Ok(started)
}

/// ✅ Setujui / ❌ Tolak under the notice about `user_id`.
pub fn buttons(user_id: i64) -> InlineKeyboardMarkup {
    yes_no(
        Question::Registration,
        user_id,
        say::APPROVE_BUTTON,
        say::REJECT_BUTTON,
    )
}

/// What became of an admin's answer.
#[derive(Debug, Clone)]
pub enum Decided {
    /// This answer approved (or turned away) them; the notice now says so.
    Done {
        notice: String,
    },
    /// Approved, or turned away or blocked, before: nothing changed.
    Before {
        approved: bool,
    },
    NotFound,
}

/// An admin's ✅ (`approve`) or ❌ on the notice about `user_id`: the change, the user's
/// message and the audit row in one transaction; a second answer changes nothing.
pub async fn decide(
    pool: &PgPool,
    contact: Option<&SupportContact>,
    user_id: i64,
    approve: bool,
    admin_id: i64,
) -> sqlx::Result<Decided> {
    let mut tx = pool.begin().await?;
    let Some(found) = users::decide_applicant(&mut tx, user_id, approve).await? else {
        return Ok(Decided::NotFound);
    };
    if !found.changed {
        return Ok(Decided::Before {
            approved: found.approved,
        });
    }
    // Approved, they get /start's quick buttons: the next step is a press away.
    let (told, keyboard) = if approve {
        let quick = quick::keyboard(crate::text::bot::QUICK_BUTTONS);
        (
            say::APPROVED_NOTICE.to_owned(),
            serde_json::to_string(&quick).ok(),
        )
    } else {
        (say::rejected_notice(contact), None)
    };
    let key = format!("registration:{user_id}:decided");
    outbox::enqueue_with_keyboard(&mut tx, &key, found.chat_id, told, keyboard).await?;
    let after = if approve { "disetujui" } else { "ditolak" };
    let entry = Entry::new(
        admin_id,
        Action::Registration,
        format!("reseller {user_id}"),
    )
    .change("menunggu persetujuan", after);
    audit::record(&mut tx, &entry).await?;
    outbox::commit(tx).await?;
    tracing::info!(user_id, admin_id, approve, "registration decided");
    let shown = NewReseller {
        user_id,
        name: &found.full_name,
        username: found.username.as_deref(),
        waiting: false,
    };
    Ok(Decided::Done {
        notice: say::decided(&shown, approve, admin_id),
    })
}
