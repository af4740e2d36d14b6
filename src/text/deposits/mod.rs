//! Deposits: tickets, their buttons and results (the bank accounts and mutation alerts are in
//! `bank`).
use chrono::{DateTime, Utc};

use super::bot::wib;
use super::{cap, escape};
use crate::domain::deposit::{Approval, TicketStatus};
use crate::domain::{Money, SupportContact};

/// A deposit ticket as messages show it; `deposits` fills it from its row.
#[derive(Debug, Clone, Copy)]
pub struct TicketFacts<'a> {
    pub ticket_id: i64,
    pub user_id: i64,
    pub user_name: &'a str,
    pub nominal: Money,
    pub unique_code: i32,
    /// What to transfer and what is credited: nominal + kode unik.
    pub amount: Money,
    pub status: TicketStatus,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub paid_noted_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// `admin`, `mutation`, `reseller` or `expiry`.
    pub closed_how: Option<&'a str>,
    pub closed_by: Option<i64>,
    pub reason: Option<&'a str>,
}

/// A bank account as tickets and `/rekening` show it; `deposits` fills it from its row.
#[derive(Debug, Clone, Copy)]
pub struct AccountFacts<'a> {
    pub bank_account_id: i64,
    pub bank: &'a str,
    pub number: &'a str,
    pub holder: &'a str,
}

mod lists;
mod proofs;

pub use lists::{list_of_user, list_open};
pub use proofs::{
    PROOF_GONE, PROOF_WITHOUT_TICKET, admin_proof_caption, proof_already_attached, proof_attached,
    proof_button, proof_ticket_closed, proof_which,
};

pub const PAID_BUTTON: &str = "💸 Sudah transfer";
pub const APPROVE_BUTTON: &str = "✅ Terima";
pub const REJECT_BUTTON: &str = "❌ Tolak";

pub(super) fn status_word(status: TicketStatus) -> &'static str {
    match status {
        TicketStatus::Open => "menunggu pembayaran",
        TicketStatus::Credited => "sudah masuk",
        TicketStatus::Rejected => "ditolak",
        TicketStatus::Cancelled => "dibatalkan",
        TicketStatus::Expired => "kedaluwarsa",
    }
}

/// The ticket a reseller receives: what to transfer, where, and until when.
pub fn ticket<'a, 'b, A>(
    t: impl Into<TicketFacts<'a>>,
    accounts: &'b [A],
    with_qris: bool,
) -> String
where
    &'b A: Into<AccountFacts<'b>>,
{
    let t = t.into();
    let mut out = format!(
        "🧾 <b>Tiket deposit #{}</b>\nTransfer tepat: <b>{}</b>\n({} + kode unik {}; kode unik ikut masuk ke saldo Anda)\n\n",
        t.ticket_id, t.amount, t.nominal, t.unique_code
    );
    if accounts.is_empty() {
        out.push_str("Rekening tujuan belum diatur admin; tanyakan ke admin ke mana transfer.\n");
    } else {
        out.push_str("Transfer ke salah satu rekening:\n");
        for a in accounts {
            let a: AccountFacts = a.into();
            out.push_str(&format!(
                "• {} <code>{}</code> a.n. {}\n",
                escape(a.bank),
                a.number,
                escape(a.holder)
            ));
        }
    }
    if with_qris {
        out.push_str("Atau bayar dengan QRIS pada gambar berikut (nominal sudah terisi).\n");
    }
    out.push_str(&format!(
        "\nBerlaku sampai {} WIB. Nominal harus persis sama agar terdeteksi otomatis.\nSetelah transfer, tekan «{PAID_BUTTON}» atau kirim foto bukti transfer.",
        wib(t.expires_at)
    ));
    cap(out)
}

pub fn qris_caption<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!(
        "QRIS tiket deposit #{}: <b>{}</b>. Pindai dari aplikasi bank atau dompet digital.",
        t.ticket_id, t.amount
    )
}

pub fn open_refused_too_small(min: Money) -> String {
    format!("Deposit minimal {min}.")
}

pub fn open_refused_too_large(max: Money) -> String {
    format!("Deposit maksimal {max} per tiket.")
}

/// `/deposit` from someone who never pressed /start.
pub const OPEN_REFUSED_NOT_STARTED: &str =
    "Kirim /start dulu untuk mendaftar, lalu minta tiket deposit lagi.";

/// `/deposit` while `max` tickets are open already.
pub fn open_refused_too_many<'a, T>(max: u32, open: &'a [T]) -> String
where
    &'a T: Into<TicketFacts<'a>>,
{
    let mut out = format!(
        "Anda sudah punya {} tiket deposit terbuka (maksimal {max}):\n",
        open.len()
    );
    for t in open {
        let t: TicketFacts = t.into();
        out.push_str(&format!(
            "#{} — transfer {}, sampai {} WIB\n",
            t.ticket_id,
            t.amount,
            wib(t.expires_at)
        ));
    }
    out.push_str(
        "Bayar salah satunya, atau batalkan dengan /batal &lt;nomor&gt;, lalu minta tiket baru.",
    );
    cap(out)
}

pub const NO_CODE_FREE: &str = "Semua kode unik untuk nominal ini sedang dipakai. Coba nominal lain (misalnya selisih Rp1.000).";

/// Who opened a ticket and for what: the head of every admin message about it.
pub(super) fn about<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!(
        "#{} dari {} (id <code>{}</code>): <b>{}</b>",
        t.ticket_id,
        escape(t.user_name),
        t.user_id,
        t.amount
    )
}

pub fn admin_new_ticket<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!(
        "🧾 Tiket deposit baru {}, berlaku sampai {} WIB.\nTerima setelah dana masuk.",
        about(t),
        wib(t.expires_at)
    )
}

pub fn admin_paid<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!(
        "💸 Reseller bilang sudah transfer: tiket {}.\nPeriksa mutasi rekening, lalu terima atau tolak.",
        about(t)
    )
}

pub fn paid_noted<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!(
        "Terima kasih. Admin sudah diberi tahu tentang tiket #{}; saldo masuk begitu transfer {} dikonfirmasi.",
        t.ticket_id, t.amount
    )
}

pub fn credited<'a>(t: impl Into<TicketFacts<'a>>, balance: Money) -> String {
    let t = t.into();
    format!(
        "✅ Deposit tiket #{} masuk: <b>{}</b>\nSaldo sekarang: {}",
        t.ticket_id, t.amount, balance
    )
}

pub fn admin_credited<'a>(t: impl Into<TicketFacts<'a>>, how: Approval) -> String {
    let t = t.into();
    let by = match how {
        Approval::Admin(admin) => format!("oleh admin <code>{admin}</code>"),
        Approval::Mutation(_) => "otomatis dari mutasi bank".to_owned(),
    };
    format!("✅ Tiket deposit {} dikreditkan {by}.", about(t))
}

/// `contact` is `SUPPORT_CONTACT`: whom a reseller who did transfer should ask.
pub fn rejected<'a>(t: impl Into<TicketFacts<'a>>, contact: Option<&SupportContact>) -> String {
    let t = t.into();
    cap(format!(
        "❌ Tiket deposit #{} ({}) ditolak admin.\nAlasan: {}\nJika Anda sudah transfer, hubungi {}.",
        t.ticket_id,
        t.amount,
        escape(t.reason.unwrap_or("-")),
        super::registration::admin(contact)
    ))
}

pub fn admin_rejected<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    cap(format!(
        "❌ Tiket deposit {} ditolak oleh admin <code>{}</code>. Alasan: {}",
        about(t),
        t.closed_by.unwrap_or_default(),
        escape(t.reason.unwrap_or("-"))
    ))
}

pub fn ask_reject_reason<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!(
        "Tolak tiket {}?\nKirim alasannya (reseller akan membacanya):\n<code>/tolak {} alasan</code>",
        about(t),
        t.ticket_id
    )
}

pub fn expired<'a>(t: impl Into<TicketFacts<'a>>, contact: Option<&SupportContact>) -> String {
    let t = t.into();
    format!(
        "⌛ Tiket deposit #{} ({}) kedaluwarsa tanpa konfirmasi pembayaran dan sudah ditutup.\nJika Anda sudah transfer, hubungi {}; jika belum, minta tiket baru dengan /deposit.",
        t.ticket_id,
        t.amount,
        super::registration::admin(contact)
    )
}

pub fn cancelled<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!("Tiket deposit #{} ({}) dibatalkan.", t.ticket_id, t.amount)
}

/// Why a ticket cannot be acted on any more, for whoever pressed or typed.
pub fn not_open<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    match (t.status, t.closed_how) {
        (TicketStatus::Credited, Some("mutation")) => format!(
            "Tiket #{} sudah masuk otomatis dari mutasi bank; tidak ada yang diubah.",
            t.ticket_id
        ),
        (TicketStatus::Credited, _) => format!(
            "Tiket #{} sudah diterima admin <code>{}</code>; tidak ada yang diubah.",
            t.ticket_id,
            t.closed_by.unwrap_or_default()
        ),
        (TicketStatus::Open, _) => format!(
            "Tiket #{} sudah lewat batas waktunya dan sedang ditutup; tidak ada yang diubah.",
            t.ticket_id
        ),
        (status, _) => format!(
            "Tiket #{} sudah {}; tidak ada yang diubah.",
            t.ticket_id,
            status_word(status)
        ),
    }
}

/// A short version of [`not_open`] for a button's pop-up (Telegram shows up to 200 characters).
pub fn not_open_short<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    match t.status {
        TicketStatus::Open => format!("Tiket #{} sudah kedaluwarsa.", t.ticket_id),
        status => format!("Tiket #{} sudah {}.", t.ticket_id, status_word(status)),
    }
}

pub fn ticket_not_found(ticket_id: i64) -> String {
    format!("Tiket deposit #{ticket_id} tidak ditemukan.")
}

pub const APPROVED_SHORT: &str = "Diterima; saldo reseller sudah ditambah.";
