//! The audit trail: who changed what, when, from what to what. Every admin command that changes
//! state writes one row with [`record`] on the transaction that makes the change, so the trail
//! holds a row exactly when the change committed (R38). This module is the only code that
//! touches `admin_actions`.
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

named_enum! {
    /// What kind of change an admin made; its name is stored and exported.
    pub enum Action {
        TopUp = "topup",
        Deduction = "tarik",
        Product = "produk",
        Price = "harga",
        Level = "level",
        Category = "kategori",
        Disruption = "gangguan",
        Import = "impor",
        Block = "blokir",
        Unblock = "buka",
        Settle = "selesaikan",
        Refund = "refund",
        Complaint = "komplain",
        Broadcast = "siaran",
        Ticket = "tiket",
        Registration = "pendaftaran",
        BankAccount = "rekening",
        Resend = "kirim_ulang",
        /// `/depositserver`: money sent to the supplier, in the supplier's book.
        SupplierDeposit = "deposit_server",
        /// `/saldoserver sesuaikan`: the supplier's reported balance taken as the book.
        SupplierAdjust = "sesuaikan_server",
        /// `/supplier jeda`: no new attempt goes to that supplier.
        SupplierPause = "jeda_supplier",
        /// `/supplier aktif`: the supplier sells again.
        SupplierResume = "aktif_supplier",
        /// `/rute`: a product's route of suppliers, before → after as typed.
        Route = "rute",
        /// `/produk sync`: a supplier's price list written into the routes' steps.
        PriceSync = "sinkron_harga",
    }
}

/// The `admin_id` of a change loket made itself, at start (a supplier paused because its
/// settings are gone, R41): no Telegram user has id 0. `/audit` shows it as "sistem".
pub const SYSTEM: i64 = 0;

/// One change, as the admin's command made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub admin_id: i64,
    pub action: Action,
    /// What it acted on: "reseller 123", "produk S5", "trx 2612…".
    pub subject: String,
    /// What it was, in words; empty when it did not exist.
    pub before: String,
    /// What it became, in words.
    pub after: String,
}

impl Entry {
    pub fn new(admin_id: i64, action: Action, subject: impl Into<String>) -> Self {
        Self {
            admin_id,
            action,
            subject: subject.into(),
            before: String::new(),
            after: String::new(),
        }
    }

    /// From `before` to `after`.
    #[must_use]
    pub fn change(mut self, before: impl Into<String>, after: impl Into<String>) -> Self {
        self.before = before.into();
        self.after = after.into();
        self
    }
}

/// Writes `entry` on `conn`, which must be the transaction making the change it describes.
pub async fn record(conn: &mut PgConnection, entry: &Entry) -> sqlx::Result<()> {
    sqlx::query(
        "insert into admin_actions (admin_id, action, subject, before, after)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(entry.admin_id)
    .bind(entry.action.as_str())
    .bind(&entry.subject)
    .bind(&entry.before)
    .bind(&entry.after)
    .execute(conn)
    .await?;
    Ok(())
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub action_id: i64,
    pub at: DateTime<Utc>,
    pub admin_id: i64,
    pub action: String,
    pub subject: String,
    pub before: String,
    pub after: String,
}

from_row!(Recorded {
    action_id,
    at,
    admin_id,
    action,
    subject,
    before,
    after
});

impl<'a> From<&'a Recorded> for crate::text::audit::AuditLine<'a> {
    fn from(r: &'a Recorded) -> Self {
        Self {
            at: r.at,
            admin_id: r.admin_id,
            action: &r.action,
            subject: &r.subject,
            before: &r.before,
            after: &r.after,
        }
    }
}

/// How many changes are recorded.
pub async fn count(conn: &mut PgConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from admin_actions")
        .fetch_one(conn)
        .await
}

/// Changes newest first: `limit` of them after skipping `offset`, and how many there are.
pub async fn newest(
    conn: &mut PgConnection,
    offset: i64,
    limit: i64,
) -> sqlx::Result<(Vec<Recorded>, i64)> {
    let rows: Vec<Recorded> = sqlx::query_as(
        "select action_id, at, admin_id, action, subject, before, after
           from admin_actions order by action_id desc offset $1 limit $2",
    )
    .bind(offset)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    Ok((rows, count(conn).await?))
}

/// The newest `limit` changes, oldest first (for the CSV export).
pub async fn export(conn: &mut PgConnection, limit: i64) -> sqlx::Result<Vec<Recorded>> {
    let mut rows: Vec<Recorded> = sqlx::query_as(
        "select action_id, at, admin_id, action, subject, before, after
           from admin_actions order by action_id desc limit $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.reverse();
    Ok(rows)
}
