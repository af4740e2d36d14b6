//! `/audit` and `/audit csv`: the admins' changes as `audit` recorded them (R38); reading only,
//! so no transaction. The file leaves through the outbox with the reply.
use sqlx::PgConnection;

use crate::audit;
use crate::bot::Reply;
use crate::outbox::{Attachment, Document};
use crate::reports;
use crate::text::audit::{self as say, AuditLine};

/// Rows on one page: few enough that a page of the longest rows (each field cut to a line's
/// width) is one message.
const PAGE_ROWS: usize = 10;

pub async fn page(conn: &mut PgConnection, page: usize) -> sqlx::Result<String> {
    let offset = i64::try_from(page.saturating_sub(1) * PAGE_ROWS).unwrap_or(i64::MAX);
    let (rows, total) = audit::newest(conn, offset, PAGE_ROWS as i64).await?;
    let lines: Vec<AuditLine> = rows.iter().map(AuditLine::from).collect();
    let pages = usize::try_from(total).unwrap_or(0).div_ceil(PAGE_ROWS);
    Ok(crate::text::lists::audit(&lines, page, pages, total))
}

pub async fn csv(conn: &mut PgConnection) -> anyhow::Result<Reply> {
    let (bytes, rows, all) = reports::audit::audit_csv(conn).await?;
    if rows == 0 {
        return Ok(Reply::text(say::EMPTY));
    }
    let today = reports::today_wib(chrono::Utc::now());
    let document = Document {
        bytes,
        file_name: say::csv_file_name(today),
    };
    Ok(Reply::with(
        say::csv_caption(rows, all),
        Attachment::Document(document),
    ))
}
