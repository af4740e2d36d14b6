//! The supplier's side of the money: our deposit there.
//!
//! Every answer and callback that reports a balance (`saldo`, `Saldo:`) or a charge (`total`,
//! `Harga:`) appends a row to `supplier_reports`, inside the transaction that records it and
//! without reading or locking anything more (those paths are the hot ones). The reconciler
//! ([`reconcile`]) takes the rows in order, keeps the book (the reported balance, plus our
//! deposits there, minus what each order was charged since), and tells admins about a low
//! balance, a drift between book and report, and a charge above a product's price or cost.
use sqlx::PgConnection;

use crate::domain::Money;

mod alerts;
mod cost_guard;
mod crowd;
pub mod reconcile;

pub use crate::text::supplier::{Balance, DriftOrder};

pub async fn balance(conn: &mut PgConnection) -> sqlx::Result<Balance> {
    type Row = (
        Option<i64>,
        Option<chrono::DateTime<chrono::Utc>>,
        Option<i64>,
        i64,
        i64,
        i64,
        Option<i64>,
        Option<chrono::DateTime<chrono::Utc>>,
    );
    let (saldo, saldo_at, book, drift, confirmed, unreconciled, deposit, deposit_at): Row =
        sqlx::query_as(
            "select b.saldo, b.saldo_at, b.book, b.drift, b.confirmed_drift,
                    (select count(*) from supplier_reports where not reconciled),
                    d.amount, d.created_at
               from supplier_balance b
               left join lateral (select amount, created_at from supplier_reports
                                   where source = 'deposit' order by report_id desc limit 1) d
                      on true",
        )
        .fetch_one(conn)
        .await?;
    Ok(Balance {
        saldo: saldo.map(Money::from_rupiah),
        saldo_at,
        book: book.map(Money::from_rupiah),
        drift: Money::from_rupiah(drift),
        confirmed_drift: Money::from_rupiah(confirmed),
        unreconciled,
        last_deposit: deposit.map(Money::from_rupiah).zip(deposit_at),
    })
}

/// Whether an admin's `/depositserver` was recorded now or had been already (a redelivered
/// message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    Now,
    Already,
}

/// `/depositserver <nominal>`: money we sent to the supplier, which the next reported balance
/// will include. Keyed by the admin's message, so a redelivery records nothing twice.
pub async fn record_deposit(
    conn: &mut PgConnection,
    admin_id: i64,
    chat_id: i64,
    message_id: i64,
    amount: Money,
) -> sqlx::Result<Recorded> {
    let done = sqlx::query(
        "insert into supplier_reports (source, amount, admin_id, chat_id, message_id)
         values ('deposit', $1, $2, $3, $4) on conflict (chat_id, message_id) do nothing",
    )
    .bind(amount.rupiah())
    .bind(admin_id)
    .bind(chat_id)
    .bind(message_id)
    .execute(conn)
    .await?;
    Ok(if done.rows_affected() == 1 {
        Recorded::Now
    } else {
        Recorded::Already
    })
}

/// `/saldoserver sesuaikan`: an admin accepts the latest reported balance as the book (after
/// looking into a drift), so the drift is measured from here on. `None` when there is no reported
/// balance to accept.
pub async fn accept_reported(
    conn: &mut PgConnection,
    admin_id: i64,
    chat_id: i64,
    message_id: i64,
) -> sqlx::Result<Option<Recorded>> {
    let done: Option<bool> = sqlx::query_scalar(
        "with b as (select saldo - book as gap from supplier_balance where book is not null),
              ins as (insert into supplier_reports (source, amount, admin_id, chat_id, message_id)
                      select 'adjust', gap, $1, $2, $3 from b
                      on conflict (chat_id, message_id) do nothing returning 1)
         select exists(select 1 from ins) from b",
    )
    .bind(admin_id)
    .bind(chat_id)
    .bind(message_id)
    .fetch_optional(conn)
    .await?;
    Ok(done.map(|now| {
        if now {
            Recorded::Now
        } else {
            Recorded::Already
        }
    }))
}
