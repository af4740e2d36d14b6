//! What resellers and admins are told about complaints (`/komplain`, `/balas`,
//! `/tolakkomplain`, the buttons under a complaint).
use chrono::{DateTime, Utc};

use super::bot::{OrderLine, status_label, wib};
use super::{cap, escape};
use crate::domain::Money;
use crate::domain::complaint::{ComplaintState, MAX_BODY_CHARS, MAX_OPEN_PER_RESELLER};

pub const RESEND_BUTTON: &str = "🔁 Kirim ulang hasil";
pub const REFUND_FULL_BUTTON: &str = "💸 Refund penuh";
pub const REFUND_PART_BUTTON: &str = "✂️ Refund sebagian";
pub const REJECT_BUTTON: &str = "🚫 Tolak";
pub const REPLY_BUTTON: &str = "💬 Balas";

/// A complaint as its messages show it.
pub struct ComplaintLine<'a> {
    pub no: i64,
    pub body: &'a str,
    pub state: ComplaintState,
    pub created_at: DateTime<Utc>,
    pub closing_note: &'a str,
}

/// What the supplier said about the order, for admins.
pub struct SupplierLine<'a> {
    pub supplier_trxid: Option<&'a str>,
    pub cost: Option<Money>,
    pub charged: Option<Money>,
    pub message: Option<&'a str>,
}

/// Who complained.
pub struct ResellerLine<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub username: Option<&'a str>,
}

pub fn state_label(state: ComplaintState) -> &'static str {
    match state {
        ComplaintState::Open => "🟡 menunggu admin",
        ComplaintState::Answered => "💬 dibalas admin",
        ComplaintState::Resent => "🔁 hasil dikirim ulang",
        ComplaintState::Refunded => "💸 direfund",
        ComplaintState::Rejected => "🚫 ditolak",
    }
}

/// To every admin, with the buttons: the complaint and everything about its order.
pub fn for_admins(
    c: &ComplaintLine,
    who: &ResellerLine,
    o: &OrderLine,
    s: &SupplierLine,
) -> String {
    let username = who
        .username
        .map(|u| format!(" @{}", escape(u)))
        .unwrap_or_default();
    let sn =
        o.sn.map(|sn| format!(" · SN <code>{}</code>", escape(sn)))
            .unwrap_or_default();
    let rupiah = |m: Option<Money>| m.map_or_else(|| "-".to_owned(), |m| m.to_string());
    let opt = |v: Option<&str>| v.map_or_else(|| "-".to_owned(), escape);
    cap(format!(
        "📣 <b>Komplain #{}</b> dari {}{username} (<code>{}</code>)\n«{}»\n\n\
         Transaksi <code>{}</code> · {}\n{} ({}) → <code>{}</code>\nStatus: {}{sn}\n\
         Harga jual: {} · Modal: {} · Ditagih supplier: {}\nID supplier: {} · Pesan supplier: {}",
        c.no,
        escape(who.name),
        who.user_id,
        escape(c.body),
        o.trxid,
        wib(o.created_at),
        escape(o.product_name),
        escape(o.product_code),
        escape(o.destination),
        status_label(o.status),
        o.price,
        rupiah(s.cost),
        rupiah(s.charged),
        opt(s.supplier_trxid),
        opt(s.message),
    ))
}

/// To the reseller, once their complaint is stored.
pub fn filed(no: i64, trxid: &str, cut: bool) -> String {
    let cut = if cut {
        format!("\n\nKeterangan Anda lebih dari {MAX_BODY_CHARS} karakter dan dipotong.")
    } else {
        String::new()
    };
    format!(
        "📣 Komplain <b>#{no}</b> untuk transaksi <code>{trxid}</code> diterima dan diteruskan ke admin. Anda akan diberi tahu setiap ada tindakan; lihat /komplain untuk statusnya.{cut}"
    )
}

pub const UNKNOWN_ORDER: &str =
    "Transaksi itu tidak ditemukan di akun Anda. Lihat /riwayat untuk ID transaksi Anda.";
pub const EMPTY: &str = "Tulis keterangannya: <code>/komplain &lt;trxid&gt; &lt;keterangan&gt;</code>, misalnya <code>/komplain 2612050001 pulsa belum masuk</code>.";
pub const STILL_PROCESSING: &str = "Transaksi itu masih diproses supplier. Hasilnya akan dikirim otomatis; jika lama tidak ada kabar, ajukan komplain lagi nanti.";

pub fn refused_failed(refunded: Money) -> String {
    format!(
        "Transaksi itu sudah GAGAL dan harganya ({refunded}) sudah dikembalikan ke saldo Anda. Lihat /mutasi."
    )
}

pub fn too_old(days: u64) -> String {
    format!("Komplain hanya bisa diajukan paling lama {days} hari setelah transaksi.")
}

pub fn already_open(no: i64) -> String {
    format!(
        "Transaksi itu sudah punya komplain yang masih diproses: <b>#{no}</b>. Lihat /komplain."
    )
}

pub fn too_many(open: i64) -> String {
    format!(
        "Anda punya {open} komplain yang masih diproses (paling banyak {MAX_OPEN_PER_RESELLER}). Tunggu jawaban admin dulu; lihat /komplain."
    )
}

pub fn already_filed(no: i64) -> String {
    format!("Komplain ini sudah tercatat sebagai <b>#{no}</b>.")
}

/// A reseller's own complaints, newest first, with the trxid of each.
pub fn of_reseller(lines: &[(ComplaintLine, &str)]) -> String {
    if lines.is_empty() {
        return "Anda belum pernah mengajukan komplain. Ajukan dengan <code>/komplain &lt;trxid&gt; &lt;keterangan&gt;</code>.".into();
    }
    let mut out = String::from("<b>Komplain Anda</b>\n");
    for (c, trxid) in lines {
        out.push_str(&format!(
            "\n<b>#{}</b> {} · <code>{trxid}</code>\n{}",
            c.no,
            wib(c.created_at),
            state_label(c.state)
        ));
        if !c.closing_note.is_empty() {
            out.push_str(&format!(": {}", escape(c.closing_note)));
        }
        out.push('\n');
    }
    out
}

/// Open complaints for admins, oldest first.
pub fn open_for_admins(lines: &[(ComplaintLine, &str, i64)]) -> String {
    if lines.is_empty() {
        return "Tidak ada komplain terbuka.".into();
    }
    let mut out = format!("<b>Komplain terbuka</b> ({}), terlama dulu\n", lines.len());
    for (c, trxid, user_id) in lines {
        let body: String = c.body.chars().take(80).collect();
        out.push_str(&format!(
            "\n<b>#{}</b> {} · {} · <code>{trxid}</code> · reseller <code>{user_id}</code>\n«{}»\n",
            c.no,
            wib(c.created_at),
            state_label(c.state),
            escape(&body)
        ));
    }
    out.push_str("\nBalas: <code>/balas &lt;no&gt; &lt;pesan&gt;</code> · Tolak: <code>/tolakkomplain &lt;no&gt; &lt;alasan&gt;</code> · Refund: <code>/refund &lt;trxid&gt; penuh &lt;alasan&gt;</code>");
    out
}

/// The order's result, sent again to the reseller at an admin's press.
pub fn result_again(no: i64, order: &OrderLine) -> String {
    cap(format!(
        "🔁 <b>Hasil transaksi dikirim ulang</b> (komplain #{no})\n\n{}",
        super::bot::order_detail(order)
    ))
}

pub fn reply_to_reseller(no: i64, text: &str) -> String {
    cap(format!(
        "💬 <b>Balasan admin</b> untuk komplain #{no}:\n{}",
        escape(text)
    ))
}

pub fn rejected_to_reseller(no: i64, reason: &str) -> String {
    cap(format!(
        "🚫 Komplain <b>#{no}</b> ditolak admin.\nAlasan: {}",
        escape(reason)
    ))
}

/// To every admin: who handled a complaint, and how (so nobody acts on it twice).
pub fn handled(no: i64, admin_id: i64, state: ComplaintState, note: &str) -> String {
    let note = if note.is_empty() {
        String::new()
    } else {
        format!(": {}", escape(note))
    };
    cap(format!(
        "✔️ Komplain #{no} ditangani admin <code>{admin_id}</code> — {}{note}",
        state_label(state)
    ))
}

/// A press or command on a complaint someone already closed.
pub fn already_closed(
    no: i64,
    state: ComplaintState,
    by: Option<i64>,
    at: Option<DateTime<Utc>>,
) -> String {
    let by = by.map(|b| format!(" oleh admin {b}")).unwrap_or_default();
    let at = at.map(|t| format!(" pada {}", wib(t))).unwrap_or_default();
    format!(
        "Komplain #{no} sudah selesai ({}){by}{at}.",
        state_label(state)
    )
}

pub fn unknown_complaint(no: i64) -> String {
    format!("Tidak ada komplain #{no}. Lihat /komplain.")
}

pub const NO_RESULT_YET: &str = "Transaksi itu belum final, jadi belum ada hasil untuk dikirim ulang. Selesaikan dulu dengan /selesai.";
pub const ALREADY_DONE: &str = "Perintah ini sudah dijalankan sebelumnya; tidak ada yang diubah.";
pub const EMPTY_REPLY: &str = "Tulis pesannya setelah nomor komplain.";

/// What an admin types after pressing a button that needs words.
pub fn ask_refund_part(trxid: &str) -> String {
    format!(
        "Refund sebagian: ketik\n<code>/refund {trxid} &lt;jumlah&gt; &lt;alasan&gt;</code>\nTambahkan <code>supplier</code> sebelum alasan bila supplier mengembalikan dananya."
    )
}

pub fn ask_reject(no: i64) -> String {
    format!("Tolak komplain: ketik\n<code>/tolakkomplain {no} &lt;alasan&gt;</code>")
}

pub fn ask_reply(no: i64) -> String {
    format!("Balas komplain: ketik\n<code>/balas {no} &lt;pesan&gt;</code>")
}

pub fn done_to_admin(no: i64, state: ComplaintState) -> String {
    format!(
        "Komplain #{no}: {}. Reseller sudah diberi tahu.",
        state_label(state)
    )
}

pub fn refunded_to_reseller(no: i64, amount: Money) -> String {
    format!("💸 Komplain <b>#{no}</b> selesai: transaksinya direfund {amount} ke saldo Anda.")
}

/// The reason a refund from a complaint's button carries (shown to the reseller).
pub fn refund_reason(no: i64) -> String {
    format!("komplain #{no}")
}
