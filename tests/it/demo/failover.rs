//! The demo's failover from `utama` to Digiflazz, typed at its prompt (R43).
use std::fs::File;
use std::io::Write;
use std::time::Duration;

use super::Screen;

/// The balance `/saldo` shows, in rupiah.
fn balance_shown(keyboard: &mut File, screen: &Screen, at: usize) -> (i64, usize) {
    keyboard.write_all(b"/saldo\r").unwrap();
    let from = screen.wait_for("Saldo Anda: Rp", at, Duration::from_secs(30));
    let at = screen.wait_for("Anda> ", from, Duration::from_secs(5));
    let text = screen.text.lock().unwrap();
    let digits: String = text[from..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .filter(char::is_ascii_digit)
        .collect();
    (digits.parse().unwrap(), at)
}

/// The failover as the reader sees it: s10's route set with `/rute` in the chat (the sandbox's
/// `utama` has no route for s10 and answers ROUTE; Digiflazz sells it as tsel10), then bought:
/// one "diproses", one SUKSES with Digiflazz's SN for the second attempt, the balance charged
/// once; then the suppliers, the route, Digiflazz's book, and a PLN customer checked there.
pub(super) fn fail_over_to_digiflazz(keyboard: &mut File, screen: &Screen, at: usize) -> usize {
    keyboard
        .write_all(b"/rute s10 utama:s10,digiflazz:tsel10:10250\r")
        .unwrap();
    let at = screen.wait_for("Rute disimpan", at, Duration::from_secs(30));
    let at = screen.wait_for("2. digiflazz · kode tsel10", at, Duration::from_secs(5));
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(5));
    let (before, at) = balance_shown(keyboard, screen, at);
    keyboard.write_all(b"/beli s10 081234567895\r").unwrap();
    let bought = at;
    let at = screen.wait_for("sedang diproses", at, Duration::from_secs(30));
    let at = screen.wait_for("✅ SUKSES", at, Duration::from_secs(30));
    let at = screen.wait_for("Anda> ", at, Duration::from_secs(5));
    {
        let text = screen.text.lock().unwrap();
        let chat = &text[bought..at];
        assert_eq!(chat.matches("sedang diproses").count(), 1, "{chat}");
        assert_eq!(chat.matches("SUKSES").count(), 1, "{chat}");
        assert!(!chat.contains("GAGAL"), "{chat}");
        let trxid = regex::Regex::new(r"ID transaksi: (\d{20})").unwrap();
        let trxid = &trxid.captures(chat).expect("the purchase's trxid")[1];
        // The simulated Digiflazz's SN for the second attempt's ref: trxid then 02.
        let sn = format!("{:020}", loket::fingerprint::fnv1a(&format!("{trxid}02")));
        assert!(chat.contains(&format!("SN: {sn}")), "{chat}");
    }
    let (after, at) = balance_shown(keyboard, screen, at);
    assert_eq!(before - after, 10_400, "charged once, at the price of s10");

    keyboard.write_all(b"/supplier\r").unwrap();
    let at = screen.wait_for("digiflazz ✅ aktif", at, Duration::from_secs(30));
    let at = screen.wait_for("catatan loket", at, Duration::from_secs(5));
    keyboard.write_all(b"/rute s10\r").unwrap();
    let at = screen.wait_for("2. digiflazz · kode tsel10", at, Duration::from_secs(30));
    keyboard.write_all(b"/saldoserver digiflazz\r").unwrap();
    let at = screen.wait_for("Saldo supplier digiflazz", at, Duration::from_secs(30));
    let at = screen.wait_for("Menurut catatan loket", at, Duration::from_secs(5));
    keyboard.write_all(b"/cekpln 14234567890\r").unwrap();
    let at = screen.wait_for("BUDI SANTOSO", at, Duration::from_secs(30));
    screen.wait_for("Anda> ", at, Duration::from_secs(5))
}
