//! The suppliers' side of the money: our deposit at each, and which suppliers there are
//! ([`registry`]).
//!
//! Every answer and callback that reports a balance (`saldo`, `Saldo:`) or a charge (`total`,
//! `Harga:`) appends a row to `supplier_reports`, inside the transaction that records it and
//! without reading or locking anything more (those paths are the hot ones). The reconciler
//! ([`reconcile`]) takes the rows in order, keeps the book (the reported balance, plus our
//! deposits there, minus what each order was charged since), and tells admins about a low
//! balance, a drift between book and report, and a charge above a product's price or cost. Each
//! supplier has its own reports and book (R41); a report that names none is `utama`'s.
use sqlx::{Connection, PgConnection};

use crate::audit::{self, Action, Entry};
use crate::domain::Money;
use crate::text::audit as say;

mod alerts;
mod books;
pub mod configured;
mod cost_guard;
mod crowd;
pub mod reconcile;
pub mod registry;

pub use crate::text::supplier::{Balance, DriftOrder};
pub use registry::{Refusal, UTAMA};

/// The code to name supplier `code` by in what admins read: only when there is more than one.
async fn named(conn: &mut PgConnection, code: &str) -> sqlx::Result<Option<String>> {
    let many: bool = sqlx::query_scalar("select count(*) > 1 from suppliers")
        .fetch_one(conn)
        .await?;
    Ok(many.then(|| code.to_owned()))
}

/// `/saldoserver [kode]`: our deposit at supplier `code` as reported and as loket's book has it.
pub async fn balance(
    conn: &mut PgConnection,
    code: &str,
) -> sqlx::Result<Result<Balance, Refusal>> {
    if let Err(refusal) = registry::known(conn, code).await? {
        return Ok(Err(refusal));
    }
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
    let row: Option<Row> = sqlx::query_as(
        "select b.saldo, b.saldo_at, b.book, b.drift, b.confirmed_drift,
                (select count(*) from supplier_reports where not reconciled and supplier = $1),
                d.amount, d.created_at
           from supplier_balance b
           left join lateral (select amount, created_at from supplier_reports
                               where source = 'deposit' and supplier = $1
                               order by report_id desc limit 1) d
                  on true
          where b.supplier = $1",
    )
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?;
    let named = named(conn, code).await?;
    // A supplier with no book yet has reported nothing.
    let Some((saldo, saldo_at, book, drift, confirmed, unreconciled, deposit, deposit_at)) = row
    else {
        return Ok(Ok(Balance {
            named,
            ..Balance::default()
        }));
    };
    Ok(Ok(Balance {
        saldo: saldo.map(Money::from_rupiah),
        saldo_at,
        book: book.map(Money::from_rupiah),
        drift: Money::from_rupiah(drift),
        confirmed_drift: Money::from_rupiah(confirmed),
        unreconciled,
        last_deposit: deposit.map(Money::from_rupiah).zip(deposit_at),
        named,
    }))
}

/// Whether an admin's `/depositserver` was recorded now or had been already (a redelivered
/// message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    Now,
    Already,
}

/// The admin's message a deposit or adjustment comes from: a redelivery records nothing twice.
#[derive(Debug, Clone, Copy)]
pub struct AdminMessage {
    pub admin_id: i64,
    pub chat_id: i64,
    pub message_id: i64,
}

/// `/depositserver <nominal>`: money we sent to `utama`, as [`record_deposit_to`] records it.
pub async fn record_deposit(
    conn: &mut PgConnection,
    admin_id: i64,
    chat_id: i64,
    message_id: i64,
    amount: Money,
) -> sqlx::Result<Recorded> {
    let from = AdminMessage {
        admin_id,
        chat_id,
        message_id,
    };
    // `utama` is there from the first migration on, and no statement removes a supplier.
    record_deposit_to(conn, from, UTAMA, amount)
        .await?
        .map_err(|_| sqlx::Error::RowNotFound)
}

/// `/depositserver <nominal> [kode]`: money we sent to supplier `code`, which its next reported
/// balance will include. Keyed by the admin's message, so a redelivery records nothing twice.
pub async fn record_deposit_to(
    conn: &mut PgConnection,
    from: AdminMessage,
    code: &str,
    amount: Money,
) -> sqlx::Result<Result<Recorded, Refusal>> {
    let mut tx = conn.begin().await?;
    if let Err(refusal) = registry::known(&mut tx, code).await? {
        return Ok(Err(refusal));
    }
    let done = sqlx::query(
        "insert into supplier_reports (source, amount, admin_id, chat_id, message_id, supplier)
         values ('deposit', $1, $2, $3, $4, $5) on conflict (chat_id, message_id) do nothing",
    )
    .bind(amount.rupiah())
    .bind(from.admin_id)
    .bind(from.chat_id)
    .bind(from.message_id)
    .bind(code)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(Ok(Recorded::Already));
    }
    let subject = say::supplier_book_of(named(&mut tx, code).await?.as_deref());
    let entry = Entry::new(from.admin_id, Action::SupplierDeposit, subject)
        .change("", say::supplier_deposit(amount));
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(Ok(Recorded::Now))
}

/// `/saldoserver [kode] sesuaikan`: an admin accepts the latest balance supplier `code` reported
/// as the book (after looking into a drift), so the drift is measured from here on. `None` when
/// there is no reported balance to accept.
pub async fn accept_reported(
    conn: &mut PgConnection,
    from: AdminMessage,
    code: &str,
) -> sqlx::Result<Result<Option<Recorded>, Refusal>> {
    let mut tx = conn.begin().await?;
    if let Err(refusal) = registry::known(&mut tx, code).await? {
        return Ok(Err(refusal));
    }
    // The gap taken in, when this message took one in now.
    let done: Option<(Option<i64>, i64)> = sqlx::query_as(
        "with b as (select saldo, book, saldo - book as gap from supplier_balance
                     where book is not null and supplier = $4),
              ins as (insert into supplier_reports
                          (source, amount, admin_id, chat_id, message_id, supplier)
                      select 'adjust', gap, $1, $2, $3, $4 from b
                      on conflict (chat_id, message_id) do nothing returning amount)
         select (select amount from ins), b.book from b",
    )
    .bind(from.admin_id)
    .bind(from.chat_id)
    .bind(from.message_id)
    .bind(code)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((gap, book)) = done else {
        return Ok(Ok(None));
    };
    let Some(gap) = gap else {
        return Ok(Ok(Some(Recorded::Already)));
    };
    let (book, gap) = (Money::from_rupiah(book), Money::from_rupiah(gap));
    let subject = say::supplier_book_of(named(&mut tx, code).await?.as_deref());
    let entry = Entry::new(from.admin_id, Action::SupplierAdjust, subject)
        .change(say::supplier_book(book), say::supplier_adjusted(gap));
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(Ok(Some(Recorded::Now)))
}
