//! The supplier's side of the money: our deposit there.
//!
//! Every answer and callback that reports a balance (`saldo`, `Saldo:`) or a charge (`total`,
//! `Harga:`) appends a row to `supplier_reports`, inside the transaction that records it and
//! without reading or locking anything more (those paths are the hot ones). The reconciler
//! ([`reconcile`]) takes the rows in order, keeps the book (the reported balance, plus our
//! deposits there, minus what each order was charged since), and tells admins about a low
//! balance, a drift between book and report, and a charge above a product's price or cost.
use sqlx::{Connection, PgConnection};

use crate::audit::{self, Action, Entry};
use crate::domain::Money;
use crate::text::audit as say;

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
    let mut tx = conn.begin().await?;
    let done = sqlx::query(
        "insert into supplier_reports (source, amount, admin_id, chat_id, message_id)
         values ('deposit', $1, $2, $3, $4) on conflict (chat_id, message_id) do nothing",
    )
    .bind(amount.rupiah())
    .bind(admin_id)
    .bind(chat_id)
    .bind(message_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(Recorded::Already);
    }
    let entry = Entry::new(admin_id, Action::SupplierDeposit, say::SUPPLIER)
        .change("", say::supplier_deposit(amount));
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(Recorded::Now)
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
    let mut tx = conn.begin().await?;
    // The gap taken in, when this message took one in now.
    let done: Option<(Option<i64>, i64)> = sqlx::query_as(
        "with b as (select saldo, book, saldo - book as gap from supplier_balance
                     where book is not null),
              ins as (insert into supplier_reports (source, amount, admin_id, chat_id, message_id)
                      select 'adjust', gap, $1, $2, $3 from b
                      on conflict (chat_id, message_id) do nothing returning amount)
         select (select amount from ins), b.book from b",
    )
    .bind(admin_id)
    .bind(chat_id)
    .bind(message_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((gap, book)) = done else {
        return Ok(None);
    };
    let Some(gap) = gap else {
        return Ok(Some(Recorded::Already));
    };
    let (book, gap) = (Money::from_rupiah(book), Money::from_rupiah(gap));
    let entry = Entry::new(admin_id, Action::SupplierAdjust, say::SUPPLIER)
        .change(say::supplier_book(book), say::supplier_adjusted(gap));
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(Some(Recorded::Now))
}
