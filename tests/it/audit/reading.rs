//! `/audit` a page at a time, newest first, in WIB; `/audit csv` read back as a spreadsheet
//! would; and for anyone but an admin, the normal refusal.
use loket::sandbox::sim::telegram::FileKind;

use crate::helpers::{admin, reseller, spawn_app_with_sim};
use crate::reports::files::parse_csv;

#[tokio::test]
async fn the_trail_is_paged_newest_first_and_exported_as_csv() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    app.ask(&boss, "/audit", "Belum ada perubahan").await;
    app.ask(&boss, "/audit csv", "Belum ada perubahan").await;

    // A name a spreadsheet would run as a formula, with a comma and quotes; then eleven blocks
    // and unblocks: twelve rows, more than one page.
    app.ask(&boss, "/produk z1 1000 =SUM(1,2) \"promo\"", "disimpan")
        .await;
    for i in 0..11 {
        let (command, done) = if i % 2 == 0 {
            ("/blokir 4242", "diblokir")
        } else {
            ("/buka 4242", "dibuka")
        };
        app.ask(&boss, command, done).await;
    }
    assert_eq!(app.audit_rows().await, 12);

    let today = loket::reports::today_wib(chrono::Utc::now());
    let first = app.ask(&boss, "/audit", "Jejak audit").await;
    let lines: Vec<&str> = first.plain_text.lines().collect();
    assert!(
        lines[0].contains("12 perubahan") && lines[0].contains("halaman 1/2"),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with(&today.format("%d/%m").to_string()),
        "WIB: {}",
        lines[1]
    );
    assert!(
        lines[1].ends_with("900 · blokir reseller 4242: aktif → diblokir"),
        "the newest first: {}",
        lines[1]
    );
    assert!(
        lines[2].ends_with("900 · buka reseller 4242: diblokir → aktif"),
        "{}",
        lines[2]
    );
    assert_eq!(first.plain_text.matches(" → ").count(), 10);
    assert!(first.plain_text.contains("Halaman berikutnya: /audit 2"));

    let second = app.ask(&boss, "/audit 2", "Jejak audit").await;
    assert!(
        second.plain_text.contains("halaman 2/2"),
        "{}",
        second.plain_text
    );
    assert_eq!(second.plain_text.matches(" → ").count(), 2);
    let oldest = second.plain_text.lines().nth(2).unwrap();
    assert!(
        oldest.ends_with(
            "900 · produk produk z1: — → =SUM(1,2) \"promo\", harga Rp1.000, tanpa modal, aktif"
        ),
        "{oldest}"
    );
    app.ask(&boss, "/audit 3", "Halaman 3 tidak ada").await;

    let sent = app.ask(&boss, "/audit csv", "Jejak audit").await;
    assert!(
        sent.plain_text.contains("12 perubahan"),
        "{}",
        sent.plain_text
    );
    let file = sent.file.clone().expect("a document");
    assert_eq!(file.kind, FileKind::Document);
    let name = format!("audit-{}.csv", today.format("%Y-%m-%d"));
    assert_eq!(file.file_name.as_deref(), Some(name.as_str()));
    let bytes = sent.file_bytes().expect("the uploaded CSV");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM first");
    let text = std::str::from_utf8(bytes).unwrap();
    let mut records = parse_csv(&text["\u{feff}".len()..]);
    let header = records.remove(0);
    assert_eq!(
        header,
        [
            "id",
            "waktu_wib",
            "admin_id",
            "aksi",
            "objek",
            "sebelum",
            "sesudah"
        ]
    );
    assert_eq!(records.len(), 12, "oldest first, every row");
    let product = &records[0];
    let time = regex::Regex::new(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$").unwrap();
    assert!(time.is_match(&product[1]), "{}", product[1]);
    assert!(product[1].starts_with(&today.format("%Y-%m-%d").to_string()));
    assert_eq!(
        product[2..],
        [
            "900",
            "produk",
            "produk z1",
            "",
            "'=SUM(1,2) \"promo\", harga Rp1.000, tanpa modal, aktif"
        ]
    );
    assert_eq!(
        records[11][3..],
        ["blokir", "reseller 4242", "aktif", "diblokir"]
    );

    let me = reseller();
    app.ask(&me, "/audit", "khusus admin").await;
    app.ask(&me, "/audit csv", "khusus admin").await;
    app.ask(&me, "/audit 2", "khusus admin").await;
    app.finish().await;
}
