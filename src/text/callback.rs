//! What admins are told about supplier callbacks loket could not simply apply, and what a
//! reseller is told about a SUKSES that came without its SN.
use super::{cap, escape};
use crate::domain::Money;

/// A callback as received, decoded for people to read. Every field is the supplier's text.
pub struct CallbackFacts<'a> {
    /// `0` (SUKSES) or `1` (GAGAL).
    pub status: u8,
    pub refid: &'a str,
    pub product: Option<&'a str>,
    pub qty: Option<&'a str>,
    pub dest: Option<&'a str>,
    pub sn: Option<&'a str>,
    pub saldo: Option<i64>,
    pub harga: Option<i64>,
    pub tgl: Option<&'a str>,
    pub message: &'a str,
}

impl CallbackFacts<'_> {
    /// The decoded fields, one line each, for an alert.
    fn lines(&self) -> String {
        let word = if self.status == 0 { "SUKSES" } else { "GAGAL" };
        let opt = |v: Option<&str>| v.map_or_else(|| "-".to_owned(), escape);
        let rupiah = |v: Option<i64>| {
            v.map_or_else(|| "-".to_owned(), |n| Money::from_rupiah(n).to_string())
        };
        let message: String = self.message.chars().take(300).collect();
        format!(
            "status: {} ({word})\nrefid: <code>{}</code>\nproduct: {} · qty: {}\ndest: {}\nSN: {}\nSaldo: {} · Harga: {} · Tgl: {}\nPesan: {}",
            self.status,
            escape(self.refid),
            opt(self.product),
            opt(self.qty),
            opt(self.dest),
            opt(self.sn),
            rupiah(self.saldo),
            rupiah(self.harga),
            opt(self.tgl),
            escape(&message),
        )
    }
}

pub fn admin_callback_mismatch(trxid: &str, detail: &str, cb: &CallbackFacts) -> String {
    cap(format!(
        "⚠️ <b>Callback tidak cocok</b> untuk transaksi <code>{trxid}</code>: {}. Callback diabaikan; tidak ada perubahan.\n\n{}",
        escape(detail),
        cb.lines(),
    ))
}

/// The status says one thing and the message the other: nothing moved; admins decide.
/// `open` is whether the order still waits for a result (then `/selesai` settles it).
pub fn admin_callback_contradictory(
    trxid: &str,
    order_status: &str,
    open: bool,
    cb: &CallbackFacts,
) -> String {
    let said = if cb.status == 0 { "GAGAL" } else { "SUKSES" };
    let settle = if open {
        let sn = cb.sn.map_or_else(|| "&lt;SN&gt;".to_owned(), escape);
        format!(
            "Setelah memastikan ke supplier, selesaikan dengan salah satu:\n<code>/selesai {trxid} sukses {sn}</code>\n<code>/selesai {trxid} gagal</code>"
        )
    } else {
        "Transaksi ini sudah final; pastikan ke supplier bahwa statusnya benar.".to_owned()
    };
    cap(format!(
        "⚠️ <b>Callback bertentangan</b> untuk transaksi <code>{trxid}</code>: status={} tetapi pesannya menyebut <b>{said}</b>. Tidak ada saldo yang berubah; status transaksi tetap <b>{}</b>.\n\n{}\n\n{settle}",
        cb.status,
        escape(order_status),
        cb.lines(),
    ))
}

/// Callbacks nobody can act on one by one, reported at most once a minute with a count.
/// They could not be read, or (`unknown_refid`) they name no order of ours.
pub fn admin_callbacks_ignored(unknown_refid: bool, count: i32, example: &str) -> String {
    let what = if unknown_refid {
        "callback untuk ID transaksi yang tidak kami kenal"
    } else {
        "callback dari supplier yang tidak bisa dibaca"
    };
    cap(format!(
        "⚠️ {count} {what} sejak peringatan terakhir. Semuanya dicatat dan dijawab OK agar supplier tidak mengirim ulang terus; tidak ada saldo yang berubah.\nTerakhir: {}",
        escape(example),
    ))
}

/// A SUKSES without an SN: the supplier has charged us, so the order is settled, but the
/// reseller's customer still needs the SN.
pub fn admin_success_without_sn(
    trxid: &str,
    user_id: i64,
    product: &str,
    destination: &str,
) -> String {
    cap(format!(
        "⚠️ Transaksi <code>{trxid}</code> ({} ke <code>{}</code>, pengguna <code>{user_id}</code>) SUKSES tanpa SN dari supplier. Mintakan SN-nya ke supplier dan teruskan ke reseller.",
        escape(product),
        escape(destination),
    ))
}
