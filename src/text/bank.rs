//! The bank side of deposits: the accounts shown on tickets (`/rekening`), and the alerts a
//! bank mutation raises when it credits nothing.
use super::{cap, escape};
use crate::deposits::{BankAccount, BankAccountError, Mutation};

pub fn bank_accounts(accounts: &[BankAccount]) -> String {
    let mut out = String::from("<b>Rekening deposit</b>\n");
    if accounts.is_empty() {
        out.push_str("Belum ada. Tambah dengan:\n");
    } else {
        for a in accounts {
            out.push_str(&format!(
                "{}. {} <code>{}</code> a.n. {}\n",
                a.bank_account_id,
                escape(&a.bank),
                a.number,
                escape(&a.holder)
            ));
        }
    }
    out.push_str("<code>/rekening tambah &lt;bank&gt; &lt;nomor&gt; &lt;atas nama&gt;</code>\n<code>/rekening hapus &lt;no&gt;</code>");
    out
}

pub fn bank_account_added(a: &BankAccount) -> String {
    format!(
        "Rekening {} <code>{}</code> a.n. {} ditampilkan di tiket deposit (no {}).",
        escape(&a.bank),
        a.number,
        escape(&a.holder),
        a.bank_account_id
    )
}

pub fn bank_account_removed(a: &BankAccount) -> String {
    format!(
        "Rekening {} <code>{}</code> tidak ditampilkan lagi.",
        escape(&a.bank),
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

fn mutation_facts(m: &Mutation) -> String {
    format!(
        "{} {} {} — {} ({})",
        escape(&m.bank_type),
        escape(&m.account_number),
        escape(&m.date),
        m.amount,
        escape(&m.description)
    )
}

pub fn admin_mutation_unmatched(m: &Mutation) -> String {
    cap(format!(
        "⚠️ Dana masuk tanpa tiket yang cocok:\n{}\nTidak ada yang dikreditkan. Jika ini deposit reseller, tambahkan dengan /topup.",
        mutation_facts(m)
    ))
}

pub fn admin_mutation_ambiguous(m: &Mutation) -> String {
    cap(format!(
        "⚠️ Dana masuk cocok dengan lebih dari satu tiket:\n{}\nTidak ada yang dikreditkan otomatis; lihat /deposit dan terima tiket yang benar.",
        mutation_facts(m)
    ))
}

pub fn admin_mutation_closed(m: &Mutation, ticket_id: i64) -> String {
    cap(format!(
        "⚠️ Dana masuk untuk tiket #{ticket_id} yang sudah ditutup (ditolak, dibatalkan atau kedaluwarsa):\n{}\nTidak ada yang dikreditkan; periksa dan tambahkan dengan /topup bila perlu.",
        mutation_facts(m)
    ))
}
