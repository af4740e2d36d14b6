//! `/grafik`: daily sales and profit over the last [`DAYS`] WIB days, drawn with plotters into
//! an RGB buffer and encoded as PNG, with the embedded font (`crate::drawing`).
use chrono::NaiveDate;
use plotters::prelude::*;
use sqlx::PgConnection;

use super::{Period, charge};
use crate::domain::Money;
use crate::drawing::{self, FAMILY};
use crate::text::reports as say;

/// Days the chart covers, today included.
pub const DAYS: u64 = 30;
pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 560;

/// One WIB day's successful orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub day: NaiveDate,
    pub success: i64,
    pub sales: Money,
    /// Of the orders whose supplier charge is known, as in `/laporan`.
    pub profit: Money,
}

/// Every day of `period`, days without sales included (as zeros). Profit falls by the refunds
/// booked that day (a supplier's less the cost it paid back), as in `/laporan` (R36).
pub async fn days(conn: &mut PgConnection, period: Period) -> sqlx::Result<Vec<Day>> {
    let (start, end) = period.bounds();
    let rows: Vec<(NaiveDate, i64, i64, i64)> = sqlx::query_as(concat!(
        "select day, sum(n)::bigint, sum(sales)::bigint, sum(profit)::bigint from (
           select ((o.created_at at time zone 'UTC') + interval '7 hours')::date as day,
                  1 as n, o.price as sales,
                  coalesce(o.price - ",
        charge!(),
        ", 0) as profit
             from orders o
            where o.status = 'success' and o.created_at >= $1 and o.created_at < $2
           union all
           select ((t.created_at at time zone 'UTC') + interval '7 hours')::date,
                  0, 0,
                  case when o.refund_source = 'supplier' then coalesce(",
        charge!(),
        ", 0) else 0 end - t.amount
             from ledger_txns t join orders o on o.order_id = t.order_id
            where t.kind = 'refund' and t.created_at >= $1 and t.created_at < $2) d
          group by day"
    ))
    .bind(start)
    .bind(end)
    .fetch_all(conn)
    .await?;
    Ok(period
        .from
        .iter_days()
        .take_while(|d| *d <= period.to)
        .map(|day| {
            let found = rows.iter().find(|r| r.0 == day);
            Day {
                day,
                success: found.map_or(0, |r| r.1),
                sales: Money::from_rupiah(found.map_or(0, |r| r.2)),
                profit: Money::from_rupiah(found.map_or(0, |r| r.3)),
            }
        })
        .collect())
}

/// The last [`DAYS`] days up to `today`.
pub fn last_days(today: NaiveDate) -> Period {
    Period {
        from: today
            .checked_sub_days(chrono::Days::new(DAYS - 1))
            .unwrap_or(today),
        to: today,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("drawing: {0}")]
    Draw(String),
    #[error("encoding: {0}")]
    Encode(#[from] png::EncodingError),
}

fn draw_err(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// The chart as PNG: sales as bars, profit as a line, one pair per day.
pub fn png(days: &[Day]) -> Result<Vec<u8>, ChartError> {
    drawing::fonts();
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    draw(&mut rgb, days)?;
    Ok(drawing::png(&rgb, WIDTH, HEIGHT)?)
}

fn draw(rgb: &mut [u8], days: &[Day]) -> Result<(), ChartError> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(draw_err)?;
    let n = days.len().max(1) as f64;
    let top = days
        .iter()
        .map(|d| d.sales.rupiah().max(d.profit.rupiah()))
        .max()
        .unwrap_or(0)
        .max(10_000);
    let bottom = days
        .iter()
        .map(|d| d.profit.rupiah())
        .min()
        .unwrap_or(0)
        .min(0);
    let headroom = top / 10;
    let mut chart = ChartBuilder::on(&root)
        .caption(say::CHART_TITLE, (FAMILY, 26))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(96)
        .build_cartesian_2d(-0.5..n - 0.5, bottom..top + headroom)
        .map_err(draw_err)?;
    // Day `i` is centred on x = i; a label between two days names neither.
    let label_of = |x: &f64| {
        let i = x.round();
        ((x - i).abs() < 0.01 && i >= 0.0)
            .then(|| days.get(i as usize))
            .flatten()
            .map(|d| d.day.format("%d/%m").to_string())
            .unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(15)
        .x_label_formatter(&label_of)
        .y_labels(8)
        .y_label_formatter(&|v: &i64| Money::from_rupiah(*v).to_string())
        .label_style((FAMILY, 14))
        .draw()
        .map_err(draw_err)?;
    let sales = RGBColor(66, 133, 244);
    let profit = RGBColor(219, 68, 55);
    chart
        .draw_series(days.iter().enumerate().map(|(i, d)| {
            let x = i as f64;
            Rectangle::new(
                [(x - 0.38, 0), (x + 0.38, d.sales.rupiah())],
                sales.filled(),
            )
        }))
        .map_err(draw_err)?
        .label(say::CHART_SALES)
        .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], sales.filled()));
    chart
        .draw_series(LineSeries::new(
            days.iter()
                .enumerate()
                .map(|(i, d)| (i as f64, d.profit.rupiah())),
            profit.stroke_width(3),
        ))
        .map_err(draw_err)?
        .label(say::CHART_PROFIT)
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], profit.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FAMILY, 16))
        .draw()
        .map_err(draw_err)?;
    root.present().map_err(draw_err)?;
    Ok(())
}
