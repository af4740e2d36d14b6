//! `/laporan` (as text, a CSV or an .xlsx file) and `/grafik`: reading only, so no transaction; the
//! file or picture leaves through the outbox with the reply, in the transaction that marks the
//! update handled.
use sqlx::PgConnection;

use crate::bot::Reply;
use crate::bot::commands::AdminCommand;
use crate::bot::commands::args::Parsed;
use crate::outbox::{Attachment, Document, Photo};
use crate::reports::exports::{self, Sheet};
use crate::reports::{self, FileFormat, Period, PeriodArgs, chart, csv};
use crate::text::reports as say;

pub async fn report(
    conn: &mut PgConnection,
    args: PeriodArgs,
    file: Option<FileFormat>,
) -> anyhow::Result<Reply> {
    let today = reports::today_wib(chrono::Utc::now());
    let period = match args.resolve(today) {
        Ok(period) => period,
        Err(e) => return Ok(Reply::text(say::range_error(&e))),
    };
    match file {
        Some(FileFormat::Csv) => return csv_file(conn, period).await,
        Some(FileFormat::Xlsx) => return xlsx_file(conn, period).await,
        None => {}
    }
    let figures = reports::figures(conn, period).await?;
    Ok(Reply::text(say::report(&figures)))
}

async fn csv_file(conn: &mut PgConnection, period: Period) -> anyhow::Result<Reply> {
    let Some((bytes, rows)) = csv::orders_csv(conn, period).await? else {
        return Ok(Reply::text(say::csv_too_many(&period, csv::MAX_ROWS)));
    };
    if rows == 0 {
        return Ok(Reply::text(say::csv_empty(&period)));
    }
    let document = Document {
        bytes,
        file_name: say::csv_file_name(&period),
    };
    Ok(Reply::with(
        say::csv_caption(&period, rows),
        Attachment::Document(document),
    ))
}

async fn xlsx_file(conn: &mut PgConnection, period: Period) -> anyhow::Result<Reply> {
    let (bytes, rows) = match exports::orders_xlsx(conn, period).await? {
        Sheet::File { bytes, rows } => (bytes, rows),
        Sheet::Empty => return Ok(Reply::text(say::csv_empty(&period))),
        Sheet::TooMany => return Ok(Reply::text(say::csv_too_many(&period, csv::MAX_ROWS))),
    };
    let document = Document {
        bytes,
        file_name: say::xlsx_file_name(&period),
    };
    Ok(Reply::with(
        say::csv_caption(&period, rows),
        Attachment::Document(document),
    ))
}

pub async fn chart(conn: &mut PgConnection) -> anyhow::Result<Reply> {
    let period = chart::last_days(reports::today_wib(chrono::Utc::now()));
    let days = chart::days(conn, period).await?;
    let sales = days.iter().map(|d| d.sales.rupiah()).sum();
    let profit = days.iter().map(|d| d.profit.rupiah()).sum();
    let caption = say::chart_caption(
        period.from,
        period.to,
        crate::domain::Money::from_rupiah(sales),
        crate::domain::Money::from_rupiah(profit),
    );
    // Drawing takes a few milliseconds of CPU: off the async threads.
    let drawn = tokio::task::spawn_blocking(move || chart::png(&days)).await?;
    match drawn {
        Ok(png) => Ok(Reply::with(caption, Attachment::Photo(Photo::Png(png)))),
        Err(e) => {
            tracing::error!(error = %e, "chart not drawn");
            Ok(Reply::text(say::CHART_NO_PICTURE))
        }
    }
}

pub(in crate::bot) fn parse_report(words: &[&str]) -> Parsed<AdminCommand> {
    let format = |w: &str| {
        if w.eq_ignore_ascii_case("csv") {
            Some(FileFormat::Csv)
        } else if w.eq_ignore_ascii_case("xlsx") {
            Some(FileFormat::Xlsx)
        } else {
            None
        }
    };
    let dates: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| format(w).is_none())
        .collect();
    let mut formats = words.iter().filter_map(|w| format(w));
    let file = formats.next();
    if formats.any(|f| Some(f) != file) {
        return Err(None);
    }
    let period = crate::reports::period::parse_args(&dates)
        .map_err(|e| Some(crate::text::reports::args_error(&e)))?;
    Ok(AdminCommand::Report { period, file })
}

pub(in crate::bot) fn parse_chart(words: &[&str]) -> Parsed<AdminCommand> {
    crate::bot::commands::args::count(words, 0)?;
    Ok(AdminCommand::Chart)
}
