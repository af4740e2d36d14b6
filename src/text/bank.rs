//! The bank side of deposits: the accounts shown on tickets (`/rekening`), and the alerts a
//! bank mutation raises when it credits nothing.
use super::bot::wib;
use super::deposits::{AccountFacts, TicketFacts, about, status_word};
use super::{cap, escape};
use crate::domain::Money;
use crate::domain::deposit::{
    BankAccountError, Earlier, ItemProblem, PayloadError, Refused, TicketStatus,
};

/// A bank mutation as an alert shows it; `deposits` fills it.
pub struct MutationFacts<'a> {
    pub bank_type: &'a str,
    pub account_number: &'a str,
    /// As the service wrote it.
    pub date: &'a str,
    pub amount: Money,
    pub description: &'a str,
}

/// Why a credit credited no ticket, as the alert tells it; `deposits` fills it from its refusal.
pub enum RefusalFacts<'a> {
    NoMatch,
    Ambiguous(Vec<TicketFacts<'a>>),
    AlreadyCredited {
        ticket: TicketFacts<'a>,
        earlier: Option<&'a Earlier>,
    },
    Closed(TicketFacts<'a>),
    OtherAccount(Vec<AccountFacts<'a>>),
    BeforeTicket {
        ticket: TicketFacts<'a>,
        hours: u32,
    },
    UnreadableDate(TicketFacts<'a>),
}

pub fn bank_accounts<'a, A>(accounts: &'a [A]) -> String
where
    &'a A: Into<AccountFacts<'a>>,
{
    let mut out = String::from("<b>Rekening deposit</b>\n");
    if accounts.is_empty() {
        out.push_str("Belum ada. Tambah dengan:\n");
    } else {
        for a in accounts {
            let a: AccountFacts = a.into();
            out.push_str(&format!(
                "{}. {} <code>{}</code> a.n. {}\n",
                a.bank_account_id,
                escape(a.bank),
                a.number,
                escape(a.holder)
            ));
        }
    }
    out.push_str("<code>/rekening tambah &lt;bank&gt; &lt;nomor&gt; &lt;atas nama&gt;</code>\n<code>/rekening hapus &lt;no&gt;</code>");
    out
}

pub fn bank_account_added<'a>(a: impl Into<AccountFacts<'a>>) -> String {
    let a = a.into();
    format!(
        "Rekening {} <code>{}</code> a.n. {} ditampilkan di tiket deposit (no {}).",
        escape(a.bank),
        a.number,
        escape(a.holder),
        a.bank_account_id
    )
}

pub fn bank_account_removed<'a>(a: impl Into<AccountFacts<'a>>) -> String {
    let a = a.into();
    format!(
        "Rekening {} <code>{}</code> tidak ditampilkan lagi.",
        escape(a.bank),
        a.number
    )
}

pub fn bank_account_not_found(id: i64) -> String {
    format!("Tidak ada rekening aktif dengan no {id}. Lihat daftarnya dengan /rekening.")
}

pub fn bank_account_invalid(e: &BankAccountError) -> &'static str {
    match e {
        BankAccountError::Bank => "Nama bank harus 1–30 karakter.",
        BankAccountError::Number => "Nomor rekening harus 4–30 angka, tanpa spasi atau tanda baca.",
        BankAccountError::Holder => "Nama pemilik rekening harus 1–60 karakter.",
    }
}

/// The mutation as the bank reported it: what an admin needs to find it in the statement.
fn mutation_facts(m: &MutationFacts) -> String {
    let or_dash = |s: &str| {
        if s.is_empty() {
            "-".to_owned()
        } else {
            escape(s)
        }
    };
    format!(
        "Bank: {} · rekening <code>{}</code>\nTanggal: {}\nJumlah: <b>{}</b>\nKeterangan: {}",
        or_dash(m.bank_type),
        or_dash(m.account_number),
        or_dash(m.date),
        m.amount,
        or_dash(m.description)
    )
}

/// A credit that credited no ticket: what happened, the mutation, why, and what an admin can do.
pub fn admin_credit_not_credited<'a, 'b>(
    m: impl Into<MutationFacts<'a>>,
    why: impl Into<RefusalFacts<'b>>,
) -> String {
    let (m, why) = (m.into(), why.into());
    cap(format!(
        "⚠️ <b>{}</b>\n{}\n\nTidak ada yang dikreditkan otomatis. Sebab: {}\n\nJika ini deposit reseller, tambahkan dengan <code>/topup &lt;id&gt; &lt;jumlah&gt;</code> (atau ✅ pada tiketnya bila masih terbuka); jika bukan, kembalikan ke pengirimnya.",
        headline(&why),
        mutation_facts(&m),
        reason(&m, &why)
    ))
}

fn headline(why: &RefusalFacts) -> String {
    match why {
        RefusalFacts::NoMatch => "Dana masuk tanpa tiket yang cocok".into(),
        RefusalFacts::Ambiguous(_) => "Dana masuk cocok dengan lebih dari satu tiket".into(),
        RefusalFacts::AlreadyCredited { ticket, .. } => format!(
            "Dana masuk untuk tiket #{} yang sudah dikreditkan",
            ticket.ticket_id
        ),
        RefusalFacts::Closed(ticket) => format!(
            "Dana masuk untuk tiket #{} yang sudah ditutup",
            ticket.ticket_id
        ),
        RefusalFacts::OtherAccount(_) => "Dana masuk ke rekening yang tidak terdaftar".into(),
        RefusalFacts::BeforeTicket { ticket, .. } => format!(
            "Dana masuk bertanggal sebelum tiket #{} ada",
            ticket.ticket_id
        ),
        RefusalFacts::UnreadableDate(_) => "Dana masuk dengan tanggal yang tidak terbaca".into(),
    }
}

fn reason(m: &MutationFacts, why: &RefusalFacts) -> String {
    match why {
        RefusalFacts::NoMatch => "tidak ada tiket deposit dengan jumlah persis ini.".into(),
        RefusalFacts::Ambiguous(tickets) => {
            let listed: Vec<String> = tickets.iter().map(|t| about(*t)).collect();
            format!(
                "jumlah ini cocok dengan lebih dari satu tiket: {}. Tidak ada yang dipilih otomatis.",
                listed.join("; ")
            )
        }
        RefusalFacts::AlreadyCredited { ticket, earlier } => format!(
            "tiket {} sudah dikreditkan {} pada {} WIB; ini transfer kedua dengan jumlah yang sama.",
            about(*ticket),
            credited_by(ticket, *earlier),
            ticket.closed_at.map_or_else(|| "-".to_owned(), wib)
        ),
        RefusalFacts::Closed(ticket) => format!(
            "tiket {} sudah {}{}.",
            about(*ticket),
            closed_word(ticket),
            ticket
                .closed_at
                .map(|at| format!(" pada {} WIB", wib(at)))
                .unwrap_or_default()
        ),
        RefusalFacts::OtherAccount(ours) => {
            let listed: Vec<String> = ours
                .iter()
                .map(|a| format!("{} <code>{}</code>", escape(a.bank), a.number))
                .collect();
            format!(
                "rekening penerima bukan rekening di /rekening (yang terdaftar: {}).",
                listed.join(", ")
            )
        }
        RefusalFacts::BeforeTicket { ticket, hours } => format!(
            "tanggal transfer lebih dari {hours} jam sebelum tiket {} dibuka ({} WIB): ini transfer terlambat untuk tiket lama, bukan untuk tiket itu.",
            about(*ticket),
            wib(ticket.created_at)
        ),
        RefusalFacts::UnreadableDate(ticket) => format!(
            "tanggal mutasi «{}» tidak terbaca, jadi tidak bisa dipastikan transfer ini untuk tiket {} (dibuka {} WIB).",
            escape(m.date),
            about(*ticket),
            wib(ticket.created_at)
        ),
    }
}

fn credited_by(ticket: &TicketFacts, earlier: Option<&Earlier>) -> String {
    match (ticket.closed_how, earlier) {
        (Some("mutation"), Some(e)) => format!(
            "otomatis oleh mutasi bank <code>{}</code> (tanggal {})",
            escape(&e.source_id),
            escape(&e.date)
        ),
        (Some("mutation"), None) => "otomatis oleh mutasi bank".into(),
        _ => format!(
            "oleh admin <code>{}</code>",
            ticket.closed_by.unwrap_or_default()
        ),
    }
}

fn closed_word(ticket: &TicketFacts) -> &'static str {
    match ticket.status {
        TicketStatus::Open => "lewat batas waktunya",
        status => status_word(status),
    }
}

/// One unreadable item, as the grouped alert shows the latest: why, then the item (capped).
pub fn unreadable_item(problem: &ItemProblem, raw: &str) -> String {
    let why = match problem {
        ItemProblem::NotAnObject => "bukan objek JSON".to_owned(),
        ItemProblem::NoId => "tanpa id".to_owned(),
        ItemProblem::UnknownType(t) => format!("jenis {t:?} bukan CR atau DB"),
        ItemProblem::NotWhole(a) => format!("jumlah {a} bukan rupiah bulat (ada sen)"),
        ItemProblem::NotPositive(a) => format!("jumlah {a} bukan jumlah positif"),
        ItemProblem::Shape(e) => format!("bentuknya tidak terbaca ({e})"),
    };
    let shown: String = raw.chars().take(200).collect();
    format!("{why}: {shown}")
}

/// A body refused whole, as the grouped alert shows the latest.
pub fn refused_body(why: &Refused, start: &str) -> String {
    let shown: String = start.chars().take(100).collect();
    match why {
        Refused::Payload(PayloadError::NotJson(_)) => format!("bukan JSON: {shown}"),
        Refused::Payload(PayloadError::NotAList) => format!("bukan daftar mutasi: {shown}"),
        Refused::TooLarge(bytes) => format!("lebih dari 1 MB ({bytes} byte)"),
        Refused::BadSignature => {
            "tanda tangan (Signature) salah atau tidak ada: samakan DEPOSIT_WEBHOOK_SECRET dengan rahasia di layanan mutasi".into()
        }
        Refused::NotAllowed(ip) => {
            format!("dari alamat {ip} yang tidak ada di DEPOSIT_ALLOW_IPS")
        }
    }
}

/// Unreadable items, grouped at most once a minute: stored raw, credited to no one.
pub fn admin_mutations_unreadable(count: i32, example: &str) -> String {
    cap(format!(
        "⚠️ {count} mutasi dari layanan mutasi bank tidak bisa dibaca sejak peringatan terakhir. Semuanya disimpan apa adanya dan tidak dikreditkan ke siapa pun; mutasi lain dalam kiriman yang sama tetap diproses. Periksa rekening: bila ada deposit reseller di antaranya, tambahkan dengan /topup.\nTerakhir: {}",
        escape(example)
    ))
}

/// Bodies refused whole, grouped at most once a minute: nothing stored.
pub fn admin_mutation_bodies_refused(count: i32, example: &str) -> String {
    cap(format!(
        "⚠️ {count} kiriman dari layanan mutasi bank ditolak sejak peringatan terakhir; tidak ada yang disimpan, dan layanan akan mengirim ulang. Bila kiriman itu dari layanan Anda, perbaiki pengaturannya (webhook, rahasia, alamat) agar dana masuk tidak tertahan.\nTerakhir: {}",
        escape(example)
    ))
}
