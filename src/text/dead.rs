//! What admins read about messages Telegram refused for good (dead letters).
use chrono::{DateTime, Utc};

use super::bot::wib;
use super::escape;

/// Longest quote of an undelivered message, in characters.
const QUOTE_CHARS: usize = 80;
/// Longest reason from Telegram shown, in characters.
const REASON_CHARS: usize = 150;
/// The list stops well short of Telegram's 4096 so that no entry is ever cut.
const LIST_BUDGET: usize = 3500;

/// One undelivered message.
pub struct Undelivered<'a> {
    pub outbox_id: i64,
    pub chat_id: i64,
    pub name: Option<&'a str>,
    pub username: Option<&'a str>,
    /// The message as queued: Telegram HTML.
    pub html: &'a str,
    pub reason: &'a str,
    pub at: DateTime<Utc>,
    pub trxid: Option<&'a str>,
    /// An order's final result, which the reseller must hear about.
    pub result: bool,
}

/// The first line of `html` with text in it, as a reader saw it: tags removed, entities
/// decoded, trimmed, and cut to `max` characters with `…`. Plain text: escape it to show it.
pub fn first_line(html: &str, max: usize) -> String {
    let mut plain = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let plain = plain
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    first_plain_line(&plain, max)
}

/// The first line of plain `text` with something in it, trimmed and cut to `max` characters.
fn first_plain_line(text: &str, max: usize) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() <= max {
        return line.to_owned();
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn recipient(u: &Undelivered) -> String {
    let mut out = format!("<code>{}</code>", u.chat_id);
    if let Some(name) = u.name.filter(|n| !n.is_empty()) {
        out.push(' ');
        out.push_str(&escape(name));
    }
    if let Some(username) = u.username {
        out.push_str(&format!(" (@{})", escape(username)));
    }
    out
}

fn reason(u: &Undelivered) -> String {
    escape(&first_plain_line(u.reason, REASON_CHARS))
}

fn quote(u: &Undelivered) -> String {
    escape(&first_line(u.html, QUOTE_CHARS))
}

fn kind(u: &Undelivered) -> &'static str {
    if u.result { "Hasil transaksi" } else { "Pesan" }
}

/// Sent to admins once when a message dies.
pub fn alert(u: &Undelivered) -> String {
    let trx = u
        .trxid
        .map(|t| format!("Transaksi: <code>{}</code>\n", escape(t)))
        .unwrap_or_default();
    format!(
        "📭 <b>Pesan tidak terkirim</b> ke {}\n{}: «{}»\n{trx}Alasan dari Telegram: {}\nSetelah penerima membuka blokir atau mengirim /start ke bot, kirim ulang dengan /kirimulang {}. Semua pesan yang tidak terkirim: /gagalkirim",
        recipient(u),
        kind(u),
        quote(u),
        reason(u),
        u.outbox_id,
    )
}

/// `/gagalkirim`: the newest first, as many as fit; `total` dead letters exist, `results` of
/// them final results.
pub fn list(entries: &[Undelivered], total: i64, results: i64) -> String {
    if entries.is_empty() {
        return "Semua pesan sudah terkirim; tidak ada yang ditolak Telegram. 👍".into();
    }
    let mut out = format!(
        "📭 <b>Pesan tidak terkirim</b>: {total} (hasil transaksi: {results}). Terbaru dulu:\n"
    );
    let footer = "\nKirim ulang setelah penerima membuka blokir atau mengirim /start: /kirimulang &lt;id&gt;";
    let mut shown = 0;
    for u in entries {
        let trx = u
            .trxid
            .map(|t| format!(" · <code>{}</code>", escape(t)))
            .unwrap_or_default();
        let entry = format!(
            "\n<b>#{}</b> {} → {}\n{}: «{}»{trx}\nAlasan: {}\n",
            u.outbox_id,
            wib(u.at),
            recipient(u),
            kind(u),
            quote(u),
            reason(u),
        );
        if out.chars().count() + entry.chars().count() + footer.chars().count() > LIST_BUDGET {
            break;
        }
        out.push_str(&entry);
        shown += 1;
    }
    let hidden = total - shown;
    if hidden > 0 {
        out.push_str(&format!("\n… dan {hidden} lainnya yang lebih lama.\n"));
    }
    out.push_str(footer);
    out
}

/// Added to an admin's `/cek` when the order's result did not reach the reseller.
pub fn order_note(entries: &[Undelivered]) -> String {
    let mut out = String::new();
    for u in entries {
        out.push_str(&format!(
            "\n\n⚠️ <b>Hasil ini tidak sampai ke reseller</b> ({}): {}\nKirim ulang: /kirimulang {}",
            wib(u.at),
            reason(u),
            u.outbox_id
        ));
    }
    out
}

pub fn resend_queued(outbox_id: i64, chat_id: i64) -> String {
    format!(
        "✅ Pesan #{outbox_id} ke <code>{chat_id}</code> dikirim ulang. Jika Telegram menolak lagi, admin diberi tahu."
    )
}

pub fn resend_not_dead(outbox_id: i64) -> String {
    format!(
        "Pesan #{outbox_id} tidak ada di daftar /gagalkirim (sudah terkirim atau sedang dikirim ulang); tidak ada perubahan."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(html: &str) -> Undelivered<'_> {
        Undelivered {
            outbox_id: 17,
            chat_id: 4242,
            name: Some("Toko <Maju>"),
            username: Some("toko"),
            html,
            reason: "Forbidden: bot was blocked by the user",
            at: Utc::now(),
            trxid: Some("26112410505100000001"),
            result: true,
        }
    }

    #[test]
    fn the_quote_is_the_first_line_as_read_without_tags_and_escaped_again() {
        assert_eq!(first_line("✅ <b>SUKSES</b>\nProduk: x", 80), "✅ SUKSES");
        assert_eq!(
            first_line("\n  <i>a &lt;b&gt; &amp;amp;</i> \nz", 80),
            "a <b> &amp;"
        );
        assert_eq!(
            first_line(&"x".repeat(100), 10),
            format!("{}…", "x".repeat(9))
        );
        let text = alert(&sample("✅ <b>SUKSES</b>\nProduk: XL &lt;10&gt;"));
        assert!(text.contains("«✅ SUKSES»"), "{text}");
        assert!(
            text.contains("<code>4242</code> Toko &lt;Maju&gt; (@toko)"),
            "{text}"
        );
        assert!(text.contains("<code>26112410505100000001</code>"), "{text}");
        assert!(text.contains("bot was blocked by the user"), "{text}");
        assert!(text.contains("/kirimulang 17"), "{text}");
        let mut odd = sample("x");
        odd.reason = "Bad Request: can't parse entities: <b> at 3\nmore";
        assert!(
            alert(&odd).contains(
                "Alasan dari Telegram: Bad Request: can't parse entities: &lt;b&gt; at 3\n"
            )
        );
    }

    #[test]
    fn a_long_list_stops_before_telegrams_limit_and_says_how_many_it_left_out() {
        let long = "✅ <b>SUKSES</b> ".repeat(30);
        let entries: Vec<_> = (0..200).map(|_| sample(&long)).collect();
        let text = list(&entries, 250, 200);
        assert!(
            text.chars().count() <= LIST_BUDGET,
            "{}",
            text.chars().count()
        );
        assert!(text.contains("lainnya yang lebih lama"), "{text}");
        assert!(text.starts_with("📭 <b>Pesan tidak terkirim</b>: 250"));
    }
}
