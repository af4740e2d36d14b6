//! The one answer to a message of several purchases: every line and what became of it (R47).
//! Each line's result follows later on its own.

/// A line that placed its order: on its way, with the order's id.
pub fn placed(trxid: &str) -> String {
    format!("⏳ diproses, ID <code>{trxid}</code>")
}

/// The message's answer, `lines` each already answered (see [`super::catalogue::line_answer`]).
/// Capped: ten refusals that each name their reason can outgrow one Telegram message.
pub fn answer(lines: &[String]) -> String {
    super::cap(format!(
        "🧾 {} baris diterima:\n{}\nHasil tiap transaksi yang diproses dikirim terpisah, membalas pesan ini.",
        lines.len(),
        lines.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_every_line() {
        let lines = vec![
            "Baris 1 (<code>S5</code>): ⏳ diproses".to_owned(),
            "Baris 2: x".into(),
        ];
        let told = super::answer(&lines);
        assert!(told.starts_with("🧾 2 baris diterima:\nBaris 1"), "{told}");
        assert!(told.contains("\nBaris 2: x\n"), "{told}");
    }
}
