//! Resellers and admins, identified by their numeric Telegram user id.
use sqlx::PgConnection;

use crate::audit::{self, Action, Entry};
use crate::ledger;
use crate::sql::{Cte, Sql};
use crate::text::audit as say;

mod applicants;
mod broadcast;

pub use applicants::{Applicant, decide_applicant};
pub use broadcast::{broadcast_recipients, count_broadcast_recipients};

/// Registers a user with a zero balance, or refreshes their name and chat, as /start does: the
/// user counts as having started (a full flood budget). Returns true if the user is new.
pub async fn register(
    conn: &mut PgConnection,
    user_id: i64,
    chat_id: i64,
    username: Option<&str>,
    full_name: &str,
) -> Result<bool, sqlx::Error> {
    let who = Who {
        user_id,
        chat_id,
        username,
        full_name,
        approved: true,
    };
    let (mut q, u) = upsert(&who, true);
    q.push(" select inserted from ").cte(u);
    let written: Option<bool> = q.query_scalar().fetch_optional(&mut *conn).await?;
    Ok(written.unwrap_or(false))
}

/// Someone who writes to us, as registering them needs them. `approved`: whether they may buy
/// at once if they are new (`REGISTRATION=approval` holds new users back).
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub user_id: i64,
    pub chat_id: i64,
    pub username: Option<&'a str>,
    pub full_name: &'a str,
    pub approved: bool,
}

/// What /start found before it registered someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Started {
    /// Their first /start: never registered, or registered without one.
    pub first: bool,
    /// Whether they may buy (see [`Who::approved`]): as stored, or as given for someone new.
    pub approved: bool,
}

/// As [`register`], for /start in the caller's transaction: whether this is their first /start
/// (the statement reads the row as it was before it), and whether they are approved.
pub async fn start(conn: &mut PgConnection, who: &Who<'_>) -> Result<Started, sqlx::Error> {
    let (mut q, _) = upsert(who, true);
    q.push(" select coalesce((select started_at is null from users where user_id = ")
        .bind(who.user_id)
        .push("), true), coalesce((select approved from users where user_id = ")
        .bind(who.user_id)
        .push("), ")
        .bind(who.approved)
        .push(")");
    let (first, approved): (bool, bool) = q.query_as().fetch_one(&mut *conn).await?;
    Ok(Started { first, approved })
}

/// As [`register`], for anyone who writes any other command: registered, but not started.
pub async fn note(conn: &mut PgConnection, who: &Who<'_>) -> Result<bool, sqlx::Error> {
    let (mut q, u) = upsert(who, false);
    q.push(" select inserted from ").cte(u);
    let written: Option<bool> = q.query_scalar().fetch_optional(&mut *conn).await?;
    Ok(written.unwrap_or(false))
}

/// The statement's `with` part that registers `who`, as a CTE `u` of what it wrote; the caller
/// adds the select.
fn upsert(who: &Who<'_>, started: bool) -> (Sql, Cte) {
    let Who {
        user_id,
        chat_id,
        username,
        full_name,
        approved,
    } = *who;
    // A known user whose chat, names and /start are as stored is not written at all: most
    // updates come from such users. The guard comes before the insert, not in its `do update
    // … where`: a conflict there locks the row even when the update is skipped, and the lock
    // costs a transaction id, WAL and a flush at commit on every message. The account is opened
    // in the same statement, for a new user (or one who somehow lacks it).
    let name: String = full_name.chars().take(128).collect();
    let mut q = Sql::new();
    let u = q.with("u", |q| {
        q.push("insert into users (user_id, chat_id, username, full_name, approved, started_at) select ")
            .bind(user_id)
            .push("::bigint, ")
            .bind(chat_id)
            .push("::bigint, ")
            .bind(username)
            .push("::text, ")
            .bind(&name)
            .push("::text, ")
            .bind(approved)
            .push("::boolean, case when ")
            .bind(started)
            .push("::boolean then now() end where not exists (select 1 from users where user_id = ")
            .bind(user_id)
            .push(" and (chat_id, username, full_name) is not distinct from (")
            .bind(chat_id)
            .push("::bigint, ")
            .bind(username)
            .push("::text, ")
            .bind(&name)
            .push("::text) and (started_at is not null or not ")
            .bind(started)
            .push(
                "::boolean))
                 on conflict (user_id) do update
                    set chat_id = excluded.chat_id, username = excluded.username,
                        full_name = excluded.full_name,
                        started_at = coalesce(users.started_at, excluded.started_at)
                  where (users.chat_id, users.username, users.full_name)
                            is distinct from (excluded.chat_id, excluded.username, excluded.full_name)
                     or (users.started_at is null and excluded.started_at is not null)
              returning (xmax = 0) as inserted",
            );
    });
    ledger::open_account(&mut q, user_id);
    (q, u)
}

/// The chat a user is told things in, or `None` if there is no such user.
pub async fn chat_of(conn: &mut PgConnection, user_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select chat_id from users where user_id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Whether someone may be served: blocked by an admin, whether they ever pressed /start, and
/// whether they are approved (see [`Who::approved`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub blocked: bool,
    pub started: bool,
    pub approved: bool,
}

/// A user's [`Standing`], or `None` for someone loket never heard from.
pub async fn standing(conn: &mut PgConnection, user_id: i64) -> sqlx::Result<Option<Standing>> {
    let found: Option<(bool, bool, bool)> = sqlx::query_as(
        "select blocked, started_at is not null, approved from users where user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(found.map(|(blocked, started, approved)| Standing {
        blocked,
        started,
        approved,
    }))
}

/// Blocks or unblocks a reseller, with the audit row, in one transaction; blocking someone
/// already blocked changes nothing and records nothing. Returns false if there is no such user.
pub async fn set_blocked(
    conn: &mut PgConnection,
    admin_id: i64,
    user_id: i64,
    blocked: bool,
) -> Result<bool, sqlx::Error> {
    let mut tx = sqlx::Connection::begin(conn).await?;
    let was: Option<bool> =
        sqlx::query_scalar("select blocked from users where user_id = $1 for update")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(was) = was else {
        return Ok(false);
    };
    if was != blocked {
        sqlx::query("update users set blocked = $2 where user_id = $1")
            .bind(user_id)
            .bind(blocked)
            .execute(&mut *tx)
            .await?;
        let action = if blocked {
            Action::Block
        } else {
            Action::Unblock
        };
        let entry = Entry::new(admin_id, action, say::reseller(user_id))
            .change(say::blocked(was), say::blocked(blocked));
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(true)
}

#[derive(Debug, Clone)]
pub struct UserRow {
    pub user_id: i64,
    pub full_name: String,
    pub username: Option<String>,
    pub balance: i64,
    pub blocked: bool,
    /// False while a registration waits for an admin (`REGISTRATION=approval`).
    pub approved: bool,
    /// The price level they pay (the default's, when they have none of their own).
    pub level: String,
    pub registered_at: chrono::DateTime<chrono::Utc>,
}

from_row!(UserRow {
    user_id,
    full_name,
    username,
    balance,
    level,
    blocked,
    approved,
    registered_at
});

/// Resellers by balance, largest first.
pub async fn list(conn: &mut PgConnection, limit: i64) -> Result<Vec<UserRow>, sqlx::Error> {
    sqlx::query_as(
        "select u.user_id, u.full_name, u.username, a.balance, u.blocked, u.approved,
                l.name as level,
                u.created_at as registered_at
           from users u join accounts a on a.user_id = u.user_id
           join price_levels l on l.level_id = coalesce(
                u.level_id, (select level_id from price_levels where is_default))
          order by a.balance desc, u.user_id
          limit $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// A user's name and @username, as Telegram last showed them to us.
pub async fn name_of(
    conn: &mut PgConnection,
    user_id: i64,
) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
    sqlx::query_as("select full_name, username from users where user_id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}
