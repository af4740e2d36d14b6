//! What the business did over a range of WIB days: `/laporan` (and its CSV), `/grafik`, and the
//! daily summary to admins; the audit trail as a file (`/audit csv`); and the .xlsx exports
//! (`/laporan … xlsx`, `/pengguna xlsx`, `/mutasi <user_id> xlsx`). Read-only over orders and the ledger: nothing here moves money.
use chrono::{DateTime, NaiveDate, Utc};

pub mod audit;
pub mod chart;
pub mod csv;
pub mod daily;
pub mod exports;
pub mod figures;
pub mod xlsx;

pub use crate::domain::period::{self, DateArg, Period, PeriodArgs};
pub use figures::{Figures, Top, figures};

/// A report's file: the CSV, or the same rows as an .xlsx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

/// WIB, the business's clock: UTC+7, no daylight saving.
const WIB_HOURS: i64 = 7;

/// Today's date in WIB.
pub fn today_wib(now: DateTime<Utc>) -> NaiveDate {
    (now + chrono::Duration::hours(WIB_HOURS)).date_naive()
}

/// The UTC instant a WIB day starts.
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::hours(WIB_HOURS)
}

impl Period {
    /// `[start, end)` in UTC: from the first day's WIB midnight to the one after the last day.
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let after = self.to.succ_opt().unwrap_or(self.to);
        (day_start(self.from), day_start(after))
    }
}

/// What the supplier actually charged for a successful order: the purchase answer's `total`,
/// else the callback's `Harga` (the answer was lost), else the product's cost price when the
/// order was placed. Null when none is known. A zero is no charge anyone reported: the
/// supplier's refusals carry `total: 0`.
macro_rules! charge {
    () => {
        "coalesce(nullif(o.supplier_cost, 0), nullif(o.callback_harga, 0), o.cost)"
    };
}
pub(crate) use charge;
