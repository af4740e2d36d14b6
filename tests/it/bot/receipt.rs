//! `/struk`: a SUKSES order's receipt as a PNG for the reseller who bought it, read back from the
//! fake Telegram and compared pixel for pixel with the receipt it should be; and every refusal.
use std::io::Cursor;

use chrono::{DateTime, Utc};
use loket::receipts::image::{self, WIDTH};
use loket::sandbox::sim::telegram::SentMessage;
use loket::text::receipts::{FOOTER, ReceiptText, TITLE};

use crate::helpers::{
    ADMIN, RESELLER, TestApp, admin, purchase, reseller, spawn_app_with_sim,
    spawn_app_with_sim_set, top_up,
};

fn trxid_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 20)
        .expect("a trxid in the message")
        .to_owned()
}

/// A PNG's size and its pixels, as a viewer would decode it.
fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(Cursor::new(png)).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels)
}

fn photo(sent: &SentMessage) -> (u32, u32, Vec<u8>) {
    assert!(sent.is_photo(), "{sent:?}");
    decode(sent.file_bytes().expect("the uploaded PNG"))
}

/// The order's SN and when it was placed, in WIB as the receipt writes it.
async fn sn_and_time(app: &TestApp, trxid: &str) -> (String, String) {
    let (sn, at): (String, DateTime<Utc>) =
        sqlx::query_as("select sn, created_at from orders where trxid = $1")
            .bind(trxid)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let wib = (at + chrono::Duration::hours(7)).format("%d/%m/%Y %H:%M WIB");
    (sn, wib.to_string())
}

fn rows(rows: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    rows.iter().map(|(l, v)| (*l, (*v).to_owned())).collect()
}

#[tokio::test]
async fn struk_sends_the_buyer_a_png_receipt_with_their_selling_price_or_none() {
    let (app, _sim) = spawn_app_with_sim().await;
    let me = reseller();
    let accepted = app
        .ask(&me, "/beli s5 081234567890", "sedang diproses")
        .await;
    let trxid = trxid_in(&accepted.plain_text);
    app.message(RESELLER, "SUKSES").await;

    let sent = app.ask(&me, &format!("/struk {trxid} 25rb"), "Struk").await;
    let (width, height, pixels) = photo(&sent);
    for part in [
        "Pulsa Telkomsel 5.000",
        "081234567890",
        &trxid,
        "Harga jual: Rp25.000",
    ] {
        assert!(
            sent.plain_text.contains(part),
            "{part}: {}",
            sent.plain_text
        );
    }
    assert!(!sent.plain_text.contains("5.500"), "{}", sent.plain_text);
    // Exactly this receipt: under the bot's own name from getMe (no SHOP_NAME), the SN as the
    // supplier sent it (not a token), the selling price and never the reseller's Rp5.500.
    let (sn, at) = sn_and_time(&app, &trxid).await;
    let expected = ReceiptText {
        shop: "Loket".into(),
        title: TITLE,
        rows: rows(&[
            ("Tanggal", &at),
            ("Produk", "Pulsa Telkomsel 5.000"),
            ("Tujuan", "081234567890"),
            ("SN", &sn),
            ("ID Transaksi", &trxid),
            ("Status", "SUKSES"),
        ]),
        total: Some(("TOTAL BAYAR", "Rp25.000".into())),
        footer: FOOTER,
    };
    let drawn = |text: &ReceiptText| decode(&image::png(text).unwrap());
    let (_, expected_height, expected_pixels) = drawn(&expected);
    // Six rows and a price: as wide as a phone, as tall as its lines.
    assert_eq!((width, height), (WIDTH, expected_height));
    assert!((480..640).contains(&height), "{height}");
    assert!(
        pixels == expected_pixels,
        "the receipt differs from the one expected"
    );

    // Without a price, the same receipt with no price at all.
    let bare = app.ask(&me, &format!("/struk {trxid}"), "Struk").await;
    let hint = format!("Tanpa harga. Dengan harga jual: /struk {trxid} 25rb");
    assert!(bare.plain_text.contains(&hint), "{}", bare.plain_text);
    let no_price = ReceiptText {
        total: None,
        ..expected.clone()
    };
    let (_, bare_height, bare_pixels) = photo(&bare);
    assert!(bare_height < height, "{bare_height}");
    assert!(
        bare_pixels == drawn(&no_price).2,
        "a receipt without a price"
    );
    app.finish().await;
}

#[tokio::test]
async fn a_pln_receipt_and_result_show_the_token_in_groups_under_the_shop_name() {
    let (app, _sim) =
        spawn_app_with_sim_set(|o| o.shop_name = Some("Toko Pulsa Maju".into())).await;
    let me = reseller();
    // …6: the supplier answers 500, so the order waits for an admin, who gives the SN the way
    // many suppliers write it: digits in one run, parts after slashes.
    let accepted = app
        .ask(&me, "/beli pln20 532100012346", "sedang diproses")
        .await;
    let trxid = trxid_in(&accepted.plain_text);
    app.wait_count("select count(*) from orders where status = 'unknown'", 1)
        .await;
    let sn = "12345678901234567890/NAMA PELANGGAN/R1/1300VA/12.5";
    let settle = format!("/selesai {trxid} sukses {sn}");
    app.ask(&admin(), &settle, "diselesaikan").await;
    let done = app.message(RESELLER, "SUKSES").await;
    let lines: Vec<&str> = done.plain_text.lines().collect();
    for line in [
        "Token: 1234-5678-9012-3456-7890",
        "Nama: NAMA PELANGGAN",
        "Tarif/Daya: R1/1300VA",
        "kWh: 12.5",
    ] {
        assert!(lines.contains(&line), "{line} missing: {lines:#?}");
    }

    let sent = app
        .ask(&me, &format!("/struk {trxid} 22.500"), "Struk")
        .await;
    assert!(
        sent.plain_text.contains("Token: 1234-5678-9012-3456-7890"),
        "{}",
        sent.plain_text
    );
    let (_, at) = sn_and_time(&app, &trxid).await;
    let expected = ReceiptText {
        shop: "Toko Pulsa Maju".into(),
        title: TITLE,
        rows: rows(&[
            ("Tanggal", &at),
            ("Produk", "Token PLN 20.000"),
            ("Tujuan", "532100012346"),
            ("Token", "1234-5678-9012-3456-7890"),
            ("Nama", "NAMA PELANGGAN"),
            ("Tarif/Daya", "R1/1300VA"),
            ("kWh", "12.5"),
            ("ID Transaksi", &trxid),
            ("Status", "SUKSES"),
        ]),
        total: Some(("TOTAL BAYAR", "Rp22.500".into())),
        footer: FOOTER,
    };
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("struk.png");
    std::fs::write(&path, sent.file_bytes().unwrap()).unwrap();
    eprintln!("the receipt: {}", path.display());
    let (width, height, pixels) = photo(&sent);
    let (_, expected_height, expected) = decode(&image::png(&expected).unwrap());
    assert_eq!((width, height), (WIDTH, expected_height));
    assert!(
        pixels == expected,
        "the PLN receipt differs from the one expected"
    );
    app.finish().await;
}

#[tokio::test]
async fn struk_is_refused_for_others_orders_open_or_failed_ones_and_bad_input() {
    let (app, _sim) = spawn_app_with_sim().await;
    top_up(&app.db.pool, ADMIN, 10_000).await;
    let theirs = app
        .orders
        .place(&purchase(ADMIN, "s5", "081234567890"))
        .await;
    let theirs = theirs.unwrap().order.trxid.to_string();
    let sold = app.buy("s5", "081234567890").await.order.trxid.to_string();
    let failed = app.buy("s5", "081234567891").await.order.trxid.to_string();
    let open = app.buy("s5", "081234567896").await.order.trxid.to_string();
    app.wait_count("select count(*) from orders where status = 'success'", 2)
        .await;
    app.wait_count("select count(*) from orders where status = 'failed'", 1)
        .await;
    app.wait_count("select count(*) from orders where status = 'unknown'", 1)
        .await;
    let me = reseller();
    let ask = async |text: String, expect: &str| app.ask(&me, &text, expect).await.plain_text;

    // Another reseller's order and one that does not exist: the same answer.
    let unknown = ask("/struk 26120500000000000099".into(), "tidak ditemukan").await;
    assert_eq!(
        ask(format!("/struk {theirs} 25rb"), "tidak ditemukan").await,
        unknown
    );
    let said = ask(format!("/struk {open}"), "hanya untuk transaksi SUKSES").await;
    assert!(said.contains("diproses") && said.contains(&open), "{said}");
    let said = ask(
        format!("/struk {failed} 25rb"),
        "hanya untuk transaksi SUKSES",
    )
    .await;
    assert!(said.contains("GAGAL"), "{said}");
    // Bad input: named, with the command's usage.
    let said = ask(
        format!("/struk {sold} duapuluh"),
        "harga jual untuk pelanggan",
    )
    .await;
    assert!(said.contains("contoh: 50000, 50.000 atau 50rb"), "{said}");
    ask(
        format!("/struk {sold} 0"),
        "harga jual untuk pelanggan: jumlah harus lebih dari nol",
    )
    .await;
    ask("/struk 2612050000000000009".into(), "trxid harus 20 angka").await;
    ask("/struk".into(), "/struk <trxid> [harga jual]").await;
    let long = "9".repeat(600);
    ask(
        format!("/struk {sold} {long}"),
        "teks perintah terlalu panjang",
    )
    .await;
    // An admin is no exception: the receipt is the buyer's.
    app.ask(&admin(), &format!("/struk {sold}"), "tidak ditemukan")
        .await;

    let photos = |chat| {
        app.tg
            .messages_to(chat)
            .iter()
            .filter(|m| m.is_photo())
            .count()
    };
    assert_eq!(
        (photos(RESELLER), photos(ADMIN)),
        (0, 0),
        "no receipt was sent"
    );
    // The buyer's own SUKSES order does get one.
    let sent = app.ask(&me, &format!("/struk {sold}"), "Struk").await;
    assert_eq!(photo(&sent).0, WIDTH);
    app.finish().await;
}
