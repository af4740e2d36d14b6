//! A file previewed, applied once on ✅ or dropped on ❌; the export sent back; 500 products at once.
use super::*;

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
