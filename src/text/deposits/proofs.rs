//! A reseller's proof photo: forwarded to admins with its ticket, or, while several tickets are
//! open, a question which ticket it proves.
use super::{TicketFacts, about, not_open_short};
use crate::text::cap;

pub fn admin_proof_caption<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    cap(format!("🧾 Bukti transfer untuk tiket {}.", about(t)))
}

/// A photo while several tickets are open: which one does it prove?
pub fn proof_which<T>(tickets: &[T]) -> String {
    format!(
        "Anda punya {} tiket deposit terbuka. Bukti transfer ini untuk tiket yang mana? Pilih tiketnya:",
        tickets.len()
    )
}

/// The button of one ticket under [`proof_which`].
pub fn proof_button<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!("#{} · {}", t.ticket_id, t.amount)
}

/// The question, once answered (its buttons go with it).
pub fn proof_attached<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!(
        "🧾 Bukti transfer dilampirkan ke tiket #{} ({}); admin sudah diberi tahu.",
        t.ticket_id, t.amount
    )
}

pub fn proof_already_attached<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!("Bukti ini sudah dilampirkan ke tiket #{}.", t.ticket_id)
}

/// A press on a ticket that closed since the question: short, for the pop-up.
pub fn proof_ticket_closed<'a>(t: impl Into<TicketFacts<'a>>) -> String {
    let t = t.into();
    format!("{} Pilih tiket lain.", not_open_short(t))
}

pub const PROOF_GONE: &str = "Bukti atau tiket ini tidak ditemukan.";

pub const PROOF_WITHOUT_TICKET: &str = "Tidak ada tiket deposit terbuka. Minta tiket dulu dengan /deposit &lt;nominal&gt;, lalu kirim bukti transfernya.";
