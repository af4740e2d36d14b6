//! `/laporan` over a range, its CSV and .xlsx, `/pengguna xlsx`, `/mutasi <user> xlsx`, `/grafik`
//! and the daily summary, through the fake Telegram.
mod daily;
pub(crate) mod files;
mod range;
mod xlsx;

use loket::sandbox::sim::telegram::SentMessage;

/// The message's lines, for checking a figure exactly (`Sukses: 3` must not pass for 30).
pub fn lines(m: &SentMessage) -> Vec<&str> {
    m.plain_text.lines().map(str::trim).collect()
}

pub fn assert_lines(m: &SentMessage, expected: &[&str]) {
    let got = lines(m);
    for line in expected {
        assert!(got.contains(line), "{line:?} missing from {got:#?}");
    }
}
