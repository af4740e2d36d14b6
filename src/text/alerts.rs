//! Alerts of one kind waiting for one admin, sent as one message: a header with how many wait,
//! then each alert whole, as many as fit; the rest follow in the next message.
use super::long::{self, Size};

/// What alerts of a kind (the first segment of their key) are about, for the header.
fn about(kind: &str) -> &'static str {
    match kind {
        "stuck" => "transaksi tertahan",
        "order" => "hasil transaksi",
        "conflict" => "laporan yang bertentangan",
        "callback" => "callback yang tidak cocok",
        "callbacks" => "callback yang diabaikan",
        "costguard" => "harga modal",
        "levels" => "harga level di bawah modal",
        "supplier" => "saldo di supplier",
        "mutation" => "mutasi bank",
        "mutations" => "mutasi bank yang tidak terbaca",
        "deposit" => "deposit",
        "invariants" => "pemeriksaan pembukuan",
        "dead" => "pesan yang gagal terkirim",
        _ => "pemberitahuan",
    }
}

/// One message holding the first alerts of `items` (the oldest first), of `waiting` alerts of
/// `kind` waiting for this admin in all. Returns the text and how many of `items` it holds: at
/// least the first, which alone is sent as it is when nothing else waits or fits beside it.
pub fn merged(kind: &str, waiting: usize, items: &[&str]) -> (String, usize) {
    let Some((first, rest)) = items.split_first() else {
        return (String::new(), 0);
    };
    if rest.is_empty() && waiting <= 1 {
        return ((*first).to_owned(), 1);
    }
    let header = format!("🔔 <b>{waiting} pemberitahuan: {}</b>", about(kind));
    let separator = "\n\n";
    // Room for the header and for the longest line that may close the message.
    let footer_room = format!("{separator}… {waiting} lagi menyusul.");
    let mut room = long::room_besides(&[&header, &footer_room]);
    let mut body = String::new();
    let mut used = 0;
    for item in items {
        let size = Size::of(separator) + Size::of(item);
        if !size.fits(room) {
            break;
        }
        room = room.less(size);
        body.push_str(separator);
        body.push_str(item);
        used += 1;
    }
    if used == 0 {
        // The first alert fills a message alone: it goes alone, and the others follow.
        return ((*first).to_owned(), 1);
    }
    let left = waiting.saturating_sub(used);
    let footer = if left > 0 {
        format!("{separator}… {left} lagi menyusul.")
    } else {
        String::new()
    };
    (format!("{header}{body}{footer}"), used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_alert_alone_is_sent_as_it_is() {
        assert_eq!(merged("stuck", 1, &["a"]), ("a".to_owned(), 1));
    }

    #[test]
    fn alerts_of_a_kind_share_a_header_and_fit_one_message() {
        let items: Vec<String> = (0..300)
            .map(|i| format!("⏰ Transaksi <code>2612050000000000{i:04}</code> masih unknown."))
            .collect();
        let refs: Vec<&str> = items.iter().map(String::as_str).collect();
        let (text, used) = merged("stuck", 300, &refs);
        assert!(text.starts_with("🔔 <b>300 pemberitahuan: transaksi tertahan</b>"));
        assert!(used > 1 && used < 300, "{used}");
        assert!(text.ends_with(&format!("… {} lagi menyusul.", 300 - used)));
        assert!(Size::of(&text).fits(Size::MESSAGE), "{:?}", Size::of(&text));
        assert!(text.contains(refs[used - 1]) && !text.contains(refs[used]));
    }

    #[test]
    fn the_last_page_says_nothing_follows() {
        let (text, used) = merged("mutation", 2, &["x", "y"]);
        assert_eq!(used, 2);
        assert_eq!(text, "🔔 <b>2 pemberitahuan: mutasi bank</b>\n\nx\n\ny");
    }

    #[test]
    fn an_alert_that_fills_a_message_goes_alone() {
        let big = "x".repeat(4096);
        let (text, used) = merged("dead", 5, &[&big, "y"]);
        assert_eq!((text.as_str(), used), (big.as_str(), 1));
    }
}
