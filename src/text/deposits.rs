//! Deposits: tickets, their buttons and results (the bank accounts and mutation alerts are in
//! `bank`).
use super::bot::wib;
use super::{cap, escape};
use crate::deposits::{Approval, BankAccount, Ticket, TicketStatus};
use crate::domain::Money;

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
pub fn ticket(t: &Ticket, accounts: &[BankAccount], with_qris: bool) -> String {
    let mut out = format!(
        "🧾 <b>Tiket deposit #{}</b>\nTransfer tepat: <b>{}</b>\n({} + kode unik {}; kode unik ikut masuk ke saldo Anda)\n\n",
        t.ticket_id, t.amount, t.nominal, t.unique_code
    );
    if accounts.is_empty() {
        out.push_str("Rekening tujuan belum diatur admin; tanyakan ke admin ke mana transfer.\n");
    } else {
        out.push_str("Transfer ke salah satu rekening:\n");
        for a in accounts {
            out.push_str(&format!(
                "• {} <code>{}</code> a.n. {}\n",
                escape(&a.bank),
                a.number,
                escape(&a.holder)
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

pub fn qris_caption(t: &Ticket) -> String {
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
pub fn open_refused_too_many(max: u32, open: &[Ticket]) -> String {
    let mut out = format!(
        "Anda sudah punya {} tiket deposit terbuka (maksimal {max}):\n",
        open.len()
    );
    for t in open {
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
pub(super) fn about(t: &Ticket) -> String {
    format!(
        "#{} dari {} (id <code>{}</code>): <b>{}</b>",
        t.ticket_id,
        escape(&t.user_name),
        t.user_id,
        t.amount
    )
}

pub fn admin_new_ticket(t: &Ticket) -> String {
    format!(
        "🧾 Tiket deposit baru {}, berlaku sampai {} WIB.\nTerima setelah dana masuk.",
        about(t),
        wib(t.expires_at)
    )
}

pub fn admin_paid(t: &Ticket) -> String {
    format!(
        "💸 Reseller bilang sudah transfer: tiket {}.\nPeriksa mutasi rekening, lalu terima atau tolak.",
        about(t)
    )
}

pub fn admin_proof_caption(t: &Ticket) -> String {
    cap(format!("🧾 Bukti transfer untuk tiket {}.", about(t)))
}

pub fn paid_noted(t: &Ticket) -> String {
    format!(
        "Terima kasih. Admin sudah diberi tahu tentang tiket #{}; saldo masuk begitu transfer {} dikonfirmasi.",
        t.ticket_id, t.amount
    )
}

/// A photo while several tickets are open: which one does it prove?
pub fn proof_which(tickets: &[Ticket]) -> String {
    format!(
        "Anda punya {} tiket deposit terbuka. Bukti transfer ini untuk tiket yang mana? Pilih tiketnya:",
        tickets.len()
    )
}

/// The button of one ticket under [`proof_which`].
pub fn proof_button(t: &Ticket) -> String {
    format!("#{} · {}", t.ticket_id, t.amount)
}

/// The question, once answered (its buttons go with it).
pub fn proof_attached(t: &Ticket) -> String {
    format!(
        "🧾 Bukti transfer dilampirkan ke tiket #{} ({}); admin sudah diberi tahu.",
        t.ticket_id, t.amount
    )
}

pub fn proof_already_attached(t: &Ticket) -> String {
    format!("Bukti ini sudah dilampirkan ke tiket #{}.", t.ticket_id)
}

/// A press on a ticket that closed since the question: short, for the pop-up.
pub fn proof_ticket_closed(t: &Ticket) -> String {
    format!("{} Pilih tiket lain.", not_open_short(t))
}

pub const PROOF_GONE: &str = "Bukti atau tiket ini tidak ditemukan.";

pub const PROOF_WITHOUT_TICKET: &str = "Tidak ada tiket deposit terbuka. Minta tiket dulu dengan /deposit &lt;nominal&gt;, lalu kirim bukti transfernya.";

pub fn credited(t: &Ticket, balance: Money) -> String {
    format!(
        "✅ Deposit tiket #{} masuk: <b>{}</b>\nSaldo sekarang: {}",
        t.ticket_id, t.amount, balance
    )
}

pub fn admin_credited(t: &Ticket, how: Approval) -> String {
    let by = match how {
        Approval::Admin(admin) => format!("oleh admin <code>{admin}</code>"),
        Approval::Mutation(_) => "otomatis dari mutasi bank".to_owned(),
    };
    format!("✅ Tiket deposit {} dikreditkan {by}.", about(t))
}

pub fn rejected(t: &Ticket) -> String {
    cap(format!(
        "❌ Tiket deposit #{} ({}) ditolak admin.\nAlasan: {}\nJika Anda sudah transfer, hubungi admin.",
        t.ticket_id,
        t.amount,
        escape(t.reason.as_deref().unwrap_or("-"))
    ))
}

pub fn admin_rejected(t: &Ticket) -> String {
    cap(format!(
        "❌ Tiket deposit {} ditolak oleh admin <code>{}</code>. Alasan: {}",
        about(t),
        t.closed_by.unwrap_or_default(),
        escape(t.reason.as_deref().unwrap_or("-"))
    ))
}

pub fn ask_reject_reason(t: &Ticket) -> String {
    format!(
        "Tolak tiket {}?\nKirim alasannya (reseller akan membacanya):\n<code>/tolak {} alasan</code>",
        about(t),
        t.ticket_id
    )
}

pub fn expired(t: &Ticket) -> String {
    format!(
        "⌛ Tiket deposit #{} ({}) kedaluwarsa tanpa konfirmasi pembayaran dan sudah ditutup.\nJika Anda sudah transfer, hubungi admin; jika belum, minta tiket baru dengan /deposit.",
        t.ticket_id, t.amount
    )
}

pub fn cancelled(t: &Ticket) -> String {
    format!("Tiket deposit #{} ({}) dibatalkan.", t.ticket_id, t.amount)
}

/// Why a ticket cannot be acted on any more, for whoever pressed or typed.
pub fn not_open(t: &Ticket) -> String {
    match (t.status, t.closed_how.as_deref()) {
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
pub fn not_open_short(t: &Ticket) -> String {
    match t.status {
        TicketStatus::Open => format!("Tiket #{} sudah kedaluwarsa.", t.ticket_id),
        status => format!("Tiket #{} sudah {}.", t.ticket_id, status_word(status)),
    }
}

pub fn ticket_not_found(ticket_id: i64) -> String {
    format!("Tiket deposit #{ticket_id} tidak ditemukan.")
}

pub const APPROVED_SHORT: &str = "Diterima; saldo reseller sudah ditambah.";

/// `/tiket`: a reseller's tickets.
pub fn list_of_user(tickets: &[Ticket]) -> String {
    if tickets.is_empty() {
        return "Belum ada tiket deposit. Minta dengan /deposit &lt;nominal&gt;, misalnya /deposit 100rb.".into();
    }
    let mut out = String::from("<b>Tiket deposit Anda</b>\n");
    for t in tickets {
        out.push_str(&format!(
            "#{} {} — {} ({} WIB)\n",
            t.ticket_id,
            t.amount,
            status_word(t.status),
            wib(t.created_at)
        ));
    }
    out.push_str("Batalkan tiket terbuka dengan /batal &lt;nomor&gt;.");
    out
}

/// `/deposit` from an admin: the open tickets.
pub fn list_open(tickets: &[Ticket]) -> String {
    if tickets.is_empty() {
        return "Tidak ada tiket deposit terbuka.".into();
    }
    let mut out = format!("<b>Tiket deposit terbuka: {}</b>\n", tickets.len());
    for t in tickets {
        let paid = if t.paid_noted_at.is_some() {
            " 💸 sudah transfer"
        } else {
            ""
        };
        out.push_str(&format!(
            "{}{paid}, sampai {} WIB\n",
            about(t),
            wib(t.expires_at)
        ));
    }
    out.push_str(
        "Terima: tombol ✅ pada tiket. Tolak: <code>/tolak &lt;nomor&gt; &lt;alasan&gt;</code>.",
    );
    out
}
