//! The .xlsx exports: a range's orders (`/laporan … xlsx`, the CSV's rows), every reseller
//! (`/pengguna xlsx`) and one reseller's ledger (`/mutasi <user_id> xlsx`). Each one's rows come
//! from the module owning them (`csv`'s order rows, `users`, `ledger`); the sheet
//! is [`xlsx`]'s.
use sqlx::PgConnection;

use super::Period;
use super::csv::{MAX_ROWS, OrderRow, order_rows};
use super::xlsx::{Cell, Column, workbook};
use crate::text::bot::movement;
use crate::text::exports as say;
use crate::text::reports::{CSV_HEADER, csv_status, refund_bearer};
use crate::{ledger, users};

/// What an export came to: a file, or why there is none.
#[derive(Debug)]
pub enum Sheet {
    File {
        bytes: Vec<u8>,
        rows: usize,
    },
    Empty,
    /// More than [`MAX_ROWS`] rows: too many for one file.
    TooMany,
}

/// How many rows to read: one past the cap, so a list too long for a file is known to be.
fn over_cap() -> i64 {
    i64::try_from(MAX_ROWS + 1).unwrap_or(i64::MAX)
}

fn sheet(name: &str, columns: &[Column], rows: Vec<Vec<Cell>>) -> anyhow::Result<Sheet> {
    if rows.is_empty() {
        return Ok(Sheet::Empty);
    }
    let bytes = workbook(name, columns, &rows)?;
    Ok(Sheet::File {
        bytes,
        rows: rows.len(),
    })
}

fn columns<const N: usize>(headers: [&'static str; N], widths: [f64; N]) -> Vec<Column> {
    headers
        .into_iter()
        .zip(widths)
        .map(|(header, width)| Column { header, width })
        .collect()
}

/// `/laporan … xlsx`: the rows of `/laporan … csv`, typed.
pub async fn orders_xlsx(conn: &mut PgConnection, period: Period) -> anyhow::Result<Sheet> {
    let Some(rows) = order_rows(conn, period).await? else {
        return Ok(Sheet::TooMany);
    };
    let widths = [
        24.0, 20.0, 14.0, 10.0, 30.0, 16.0, 10.0, 12.0, 12.0, 12.0, 28.0, 12.0, 12.0,
    ];
    let cells = rows.iter().map(order_cells).collect();
    sheet(say::ORDERS_SHEET, &columns(CSV_HEADER, widths), cells)
}

fn order_cells(r: &OrderRow) -> Vec<Cell> {
    let money = |n: Option<i64>| n.map_or(Cell::Blank, Cell::Rupiah);
    vec![
        Cell::text(&r.trxid),
        Cell::Time(r.created_at),
        Cell::Text(r.user_id.to_string()),
        Cell::text(&r.product_code),
        Cell::text(&r.product_name),
        Cell::text(&r.destination),
        Cell::text(csv_status(&r.status)),
        Cell::Rupiah(r.price),
        money(r.charge),
        money(r.charge.map(|c| r.price - c)),
        r.sn.as_deref().map_or(Cell::Blank, Cell::text),
        money(r.refunded),
        r.refund_source
            .as_deref()
            .map_or(Cell::Blank, |s| Cell::text(refund_bearer(s))),
    ]
}

/// `/pengguna xlsx`: every reseller with their balance and price level, largest balance first.
pub async fn users_xlsx(conn: &mut PgConnection) -> anyhow::Result<Sheet> {
    let rows = users::list(conn, over_cap()).await?;
    if rows.len() > MAX_ROWS {
        return Ok(Sheet::TooMany);
    }
    let widths = [14.0, 28.0, 20.0, 14.0, 14.0, 10.0, 20.0];
    let cells = rows
        .iter()
        .map(|u| {
            vec![
                Cell::Text(u.user_id.to_string()),
                Cell::text(&u.full_name),
                u.username.as_deref().map_or(Cell::Blank, Cell::text),
                Cell::Rupiah(u.balance),
                Cell::text(&u.level),
                Cell::text(say::user_status(u.blocked, u.approved)),
                Cell::Time(u.registered_at),
            ]
        })
        .collect();
    sheet(say::USERS_SHEET, &columns(say::USERS_HEADER, widths), cells)
}

/// `/mutasi <user_id> xlsx`: one reseller's ledger, oldest first; `None` when they never
/// registered.
pub async fn ledger_xlsx(conn: &mut PgConnection, user_id: i64) -> anyhow::Result<Option<Sheet>> {
    let Some(lines) = ledger::ledger_lines(conn, user_id, over_cap()).await? else {
        return Ok(None);
    };
    if lines.len() > MAX_ROWS {
        return Ok(Some(Sheet::TooMany));
    }
    let widths = [20.0, 20.0, 14.0, 14.0, 24.0, 30.0];
    let cells = lines
        .iter()
        .map(|l| {
            vec![
                Cell::Time(l.created_at),
                Cell::text(movement(&l.kind)),
                Cell::Rupiah(l.amount),
                Cell::Rupiah(l.balance_after),
                l.trxid.as_deref().map_or(Cell::Blank, Cell::text),
                Cell::text(&l.note),
            ]
        })
        .collect();
    sheet(
        say::LEDGER_SHEET,
        &columns(say::LEDGER_HEADER, widths),
        cells,
    )
    .map(Some)
}
