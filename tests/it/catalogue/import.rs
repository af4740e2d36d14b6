//! A CSV file an admin sends: previewed with every bad line named, applied once on ✅, dropped
//! on ❌; the export read back and sent again changes nothing; files refused before download.
use std::time::Instant;

use loket::sandbox::sim::telegram::{FakeUser, FileKind, SentMessage};

use crate::helpers::{ADMIN, RESELLER, TestApp, admin, reseller, spawn_app_with_sim};

const HEAD: &str = "kode,nama,kategori,brand,modal,harga,aktif\r\n";

impl TestApp {
    /// `user` sends `bytes` as the document `name`; the first reply containing `expect`.
    async fn send_file(
        &self,
        user: &FakeUser,
        name: &str,
        bytes: Vec<u8>,
        expect: &str,
    ) -> SentMessage {
        let mark = self.tg.message_mark();
        self.tg.user_sends_document(user, name, bytes, None).await;
        self.reply_after(mark, user.id, expect).await
    }

    /// Presses `label` under `question`; the edit of it containing `expect`.
    async fn press(&self, question: &SentMessage, label: &str, expect: &str) -> SentMessage {
        let data = question.callback_data(label).expect("the button");
        let mark = self.tg.message_mark();
        self.tg
            .user_presses(&admin(), question.message_id, &data)
            .await;
        let edited = self.reply_after(mark, ADMIN, expect).await;
        assert!(edited.edit, "the preview itself shows the outcome");
        edited
    }

    async fn product(
        &self,
        code: &str,
    ) -> Option<(String, Option<String>, Option<i64>, i64, bool)> {
        sqlx::query_as(
            "select p.name, c.name, p.cost, p.price, p.active from products p
               left join categories c on c.category_id = p.category_id where p.code = $1",
        )
        .bind(code)
        .fetch_optional(&self.db.pool)
        .await
        .unwrap()
    }
}

fn lines(m: &SentMessage) -> Vec<&str> {
    m.plain_text.lines().map(str::trim).collect()
}

fn assert_has(m: &SentMessage, expected: &[&str]) {
    let got = lines(m);
    for line in expected {
        assert!(got.contains(line), "{line:?} missing from {got:#?}");
    }
}

#[tokio::test]
async fn a_file_is_previewed_with_each_bad_line_named_then_applied_once() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let file = format!(
        "{HEAD}s5,Pulsa Telkomsel 5.000,pulsa,Telkomsel,5.000,5600,ya\r\n\
         pln20,Token PLN 20.000,,,,20500,ya\r\n\
         d10,Data 10GB,Data,XL,40rb,42000,ya\r\n\
         bad!,x,,,,1,ya\r\n\
         x11,XL 11,Paket,XL,,1000,ya\r\n\
         x12,XL 12,,,2000,1000,ya\r\n"
    );
    let preview = app
        .send_file(&boss, "katalog.csv", file.into_bytes(), "Pratinjau")
        .await;
    assert_has(
        &preview,
        &[
            "Baru: 1",
            "Berubah: 1",
            "Sama: 1",
            "Baris salah: 3",
            "• s5: kategori - → Pulsa, brand - → Telkomsel, modal - → Rp5.000, harga Rp5.500 → Rp5.600",
            "• baris 5: kode produk hanya boleh berisi huruf, angka, '_' atau '-'",
            "• baris 6: kategori \"Paket\" belum ada (tambahkan dulu: /kategori tambah Paket)",
            "• baris 7: harga Rp1.000 di bawah modal Rp2.000",
        ],
    );
    assert!(
        preview
            .plain_text
            .contains("tidak ada di berkas tidak diubah")
    );
    assert_eq!(app.product("d10").await, None, "nothing applied before ✅");

    let applied = app.press(&preview, "✅ Terapkan", "diterapkan").await;
    assert_has(&applied, &["Baru: 1", "Berubah: 1"]);
    assert_eq!(
        app.product("s5").await,
        Some((
            "Pulsa Telkomsel 5.000".into(),
            Some("Pulsa".into()),
            Some(5_000),
            5_600,
            true
        ))
    );
    assert_eq!(
        app.product("d10").await,
        Some((
            "Data 10GB".into(),
            Some("Data".into()),
            Some(40_000),
            42_000,
            true
        ))
    );
    assert_eq!(app.product("x11").await, None);
    assert_eq!(app.product("x12").await, None);

    // A second press, and the first press delivered again, apply nothing.
    sqlx::query("update products set price = 9999 where code = 'd10'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let data = preview.callback_data("✅ Terapkan").unwrap();
    let press = app.tg.user_presses(&boss, preview.message_id, &data).await;
    app.notice("sudah diterapkan (1 baru, 1 berubah)").await;
    app.tg.redeliver(press.update_id).await;
    assert!(
        app.tg
            .wait_confirmed(press.update_id, std::time::Duration::from_secs(15))
            .await
    );
    let again = app.tg.user_sends(&boss, "/help").await;
    assert!(
        app.tg
            .wait_confirmed(again.update_id, std::time::Duration::from_secs(15))
            .await
    );
    assert_eq!(app.product("d10").await.unwrap().3, 9_999);
    app.finish().await;
}

#[tokio::test]
async fn cancel_changes_nothing_and_a_file_with_only_bad_lines_offers_no_apply() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let file = format!("{HEAD}s5,Pulsa,,,,7000,tidak\r\n");
    let preview = app
        .send_file(&boss, "a.csv", file.into_bytes(), "Pratinjau")
        .await;
    assert_has(&preview, &["Berubah: 1"]);
    app.press(&preview, "❌ Batal", "dibatalkan").await;
    let s5 = app.product("s5").await.unwrap();
    assert_eq!((s5.3, s5.4), (5_500, true));
    let data = preview.callback_data("✅ Terapkan").unwrap();
    app.tg.user_presses(&boss, preview.message_id, &data).await;
    app.notice("sudah dibatalkan").await;
    assert_eq!(app.product("s5").await.unwrap().3, 5_500);

    let only_bad = format!("{HEAD}s5;x\r\n,,,,,,\r\n");
    let preview = app
        .send_file(&boss, "b.csv", only_bad.into_bytes(), "Pratinjau")
        .await;
    assert_has(
        &preview,
        &[
            "Baris salah: 2",
            "• baris 2: ada 1 kolom, seharusnya 7",
            "• baris 3: kode produk kosong",
        ],
    );
    assert_eq!(preview.callback_data("✅ Terapkan"), None);
    app.finish().await;
}

#[tokio::test]
async fn the_export_sent_back_shows_everything_unchanged() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    sqlx::query(
        "update products set name = E'=SUM(1), \"kutip\"; titik', cost = 5000,
                category_id = (select category_id from categories where name = 'E-Money'),
                brand_id = (select brand_id from brands where name = 'by.U')
          where code = 's5'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    sqlx::query("update products set active = false where code = 'x10'")
        .execute(&app.db.pool)
        .await
        .unwrap();

    let sent = app.ask(&boss, "/produk csv", "Katalog").await;
    let file = sent.file.clone().expect("a document");
    assert_eq!(file.kind, FileKind::Document);
    assert!(sent.plain_text.contains("3 produk"), "{}", sent.plain_text);
    let bytes = sent.file_bytes().unwrap().to_vec();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(text.starts_with("\u{feff}kode,nama,kategori,brand,modal,harga,aktif\r\n"));
    assert!(
        text.contains("s5,\"'=SUM(1), \"\"kutip\"\"; titik\",E-Money,by.U,5000,5500,ya\r\n"),
        "{text}"
    );
    assert!(
        text.contains("x10,XL <10> & Co,,,,10300,tidak\r\n"),
        "{text}"
    );

    let name = file.file_name.clone().unwrap();
    assert!(name.starts_with("produk-") && name.ends_with(".csv"));
    let preview = app.send_file(&boss, &name, bytes, "Pratinjau").await;
    assert_has(
        &preview,
        &["Baru: 0", "Berubah: 0", "Sama: 3", "Baris salah: 0"],
    );
    assert_eq!(preview.callback_data("✅ Terapkan"), None);
    app.finish().await;
}

#[tokio::test]
async fn files_are_refused_for_who_sends_them_and_what_they_are() {
    let (app, _sim) = spawn_app_with_sim().await;
    let file = format!("{HEAD}s5,Pulsa,,,,7000,ya\r\n");
    let refused = app
        .send_file(&reseller(), "a.csv", file.into_bytes(), "khusus admin")
        .await;
    assert!(!refused.plain_text.contains("Pratinjau"));
    // A reseller's photo is still a transfer proof, not refused as a document is.
    let mark = app.tg.message_mark();
    app.tg.user_sends_photo(&reseller(), None).await;
    let answer = app.reply_after(mark, RESELLER, "").await;
    assert!(
        !answer.plain_text.contains("khusus admin"),
        "{}",
        answer.plain_text
    );

    let boss = admin();
    // Past the limit: refused on the size Telegram gives, before anything is downloaded.
    let big = vec![b'a'; 1024 * 1024 + 1];
    app.send_file(&boss, "besar.csv", big, "terlalu besar")
        .await;
    app.send_file(&boss, "katalog.xlsx", b"PK\x03\x04".to_vec(), "bukan CSV")
        .await;
    assert!(
        app.tg.calls_to("getfile").is_empty(),
        "nothing fetched so far"
    );
    assert!(app.tg.calls_to("file").is_empty());

    app.send_file(
        &boss,
        "latin1.csv",
        b"kode,nama\r\ns5,Caf\xe9\r\n".to_vec(),
        "bukan teks UTF-8",
    )
    .await;
    app.send_file(
        &boss,
        "x.csv",
        b"code,name,price\r\n".to_vec(),
        "Baris pertama berkas tidak dikenal",
    )
    .await;
    let many = format!("{HEAD}{}", "s5,x,,,,1,ya\r\n".repeat(2_001));
    app.send_file(&boss, "banyak.csv", many.into_bytes(), "maksimal 2000")
        .await;
    assert_eq!(app.product("s5").await.unwrap().3, 5_500);
    app.finish().await;
}

#[tokio::test]
async fn five_hundred_products_are_imported_in_one_go() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let mut file = HEAD.to_owned();
    for i in 0..500 {
        file.push_str(&format!(
            "p{i},Produk nomor {i},Pulsa,Telkomsel,{},{},ya\r\n",
            1_000 + i,
            1_100 + i
        ));
    }
    let started = Instant::now();
    let preview = app
        .send_file(&boss, "besar.csv", file.into_bytes(), "Pratinjau")
        .await;
    let previewed = started.elapsed();
    assert_has(&preview, &["Baru: 500", "Berubah: 0", "Baris salah: 0"]);
    let started = Instant::now();
    app.press(&preview, "✅ Terapkan", "diterapkan").await;
    let applied = started.elapsed();
    let count: i64 = sqlx::query_scalar(
        "select count(*) from products p join categories c using (category_id)
          where p.code like 'p%' and c.name = 'Pulsa' and p.price = p.cost + 100",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(count, 500);
    println!(
        "500 products: preview in {previewed:?}, applied in {applied:?} (press to edited preview)"
    );
    assert!(applied.as_secs() < 10, "{applied:?}");
    app.finish().await;
}
