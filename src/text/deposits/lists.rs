//! Tickets listed: a reseller's own (`/tiket`) and the open ones for admins.
use super::{TicketFacts, about, status_word};
use crate::text::bot::wib;

/// `/tiket`: a reseller's tickets.
pub fn list_of_user<'a, T>(tickets: &'a [T]) -> String
where
    &'a T: Into<TicketFacts<'a>>,
{
    if tickets.is_empty() {
        return "Belum ada tiket deposit. Minta dengan /deposit &lt;nominal&gt;, misalnya /deposit 100rb.".into();
    }
    let mut out = String::from("<b>Tiket deposit Anda</b>\n");
    for t in tickets {
        let t: TicketFacts = t.into();
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
pub fn list_open<'a, T>(tickets: &'a [T]) -> String
where
    &'a T: Into<TicketFacts<'a>>,
{
    if tickets.is_empty() {
        return "Tidak ada tiket deposit terbuka.".into();
    }
    let mut out = format!("<b>Tiket deposit terbuka: {}</b>\n", tickets.len());
    for t in tickets {
        let t: TicketFacts = t.into();
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
