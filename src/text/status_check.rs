//! What admins hear about Digiflazz attempts the status check (R45) finds still open.
use super::escape;

/// How long, in the largest whole unit that reads naturally.
fn how_long(minutes: i64) -> String {
    match minutes {
        m if m >= 2 * 1_440 => format!("{} hari", m / 1_440),
        m if m >= 120 => format!("{} jam", m / 60),
        m => format!("{m} menit"),
    }
}

/// An attempt still open after `minutes`, checked `checks` times without a result.
pub fn still_open(trxid: &str, status: &str, minutes: i64, checks: i32) -> String {
    format!(
        "⏳ Transaksi <code>{}</code> di Digiflazz masih <b>{}</b> setelah {}; sudah dicek {checks} kali, belum ada hasil. Pengecekan berlanjut otomatis. Bila perlu, cek di Digiflazz lalu /selesai.",
        escape(trxid),
        escape(status),
        how_long(minutes)
    )
}

/// An attempt past the 89th day: no more checks; an admin decides.
pub fn gave_up(trxid: &str, status: &str) -> String {
    let trxid = escape(trxid);
    format!(
        "🛑 Transaksi <code>{trxid}</code> di Digiflazz masih <b>{}</b> setelah 89 hari. Digiflazz hanya bisa dicek sampai 90 hari, jadi pengecekan otomatis dihentikan. Perlu keputusan admin: <code>/selesai {trxid} sukses &lt;SN&gt;</code> atau <code>/selesai {trxid} gagal</code>.",
        escape(status)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_minutes_hours_then_days() {
        assert_eq!(how_long(30), "30 menit");
        assert_eq!(how_long(150), "2 jam");
        assert_eq!(how_long(3 * 1_440 + 5), "3 hari");
    }

    #[test]
    fn the_stop_names_both_ways_to_decide() {
        let text = gave_up("2612050001", "pending");
        assert!(text.contains("/selesai 2612050001 sukses"), "{text}");
        assert!(text.contains("/selesai 2612050001 gagal"), "{text}");
    }
}
