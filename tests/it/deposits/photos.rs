//! Pictures both ways: the ticket's QRIS image, and a reseller's photo of their transfer.
use std::io::Cursor;

use loket::domain::qris::crc16;

use super::open_ticket;
use crate::helpers::{ADMIN, Options, RESELLER, reseller, simulator, spawn_app};

/// A static QRIS as printed on a merchant's sticker (its CRC is right).
pub const STICKER: &str = "00020101021126660014ID.CO.QRIS.WWW01189360091100000000000215ID10200000000010303UMI51440014ID.CO.QRIS.WWW0215ID10200000000010303UMI5204581253033605802ID5915TOKO DEMO PULSA6007JAKARTA61051234062070703A016304077B";

/// The tag-length-value fields of a QRIS payload, in order.
fn fields(payload: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = payload;
    while rest.len() >= 4 {
        let (tag, len) = (&rest[..2], rest[2..4].parse::<usize>().unwrap());
        out.push((tag.to_owned(), rest[4..4 + len].to_owned()));
        rest = &rest[4 + len..];
    }
    assert!(rest.is_empty(), "trailing bytes: {rest}");
    out
}

/// What a phone's camera reads from the PNG.
fn scan(png_bytes: &[u8]) -> String {
    let mut decoder = png::Decoder::new(Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut luma = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut luma).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| luma[y * w + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().unwrap().1
}

#[tokio::test]
async fn the_ticket_comes_with_a_qris_image_for_its_exact_amount() {
    let sim = simulator();
    let url = sim.clone().spawn().await.unwrap();
    let mut opts = Options::with_supplier(url);
    opts.deposits.qris_static = Some(STICKER.into());
    let app = spawn_app(opts).await;

    let ticket = open_ticket(&app, "100rb").await;
    assert!(
        ticket.message.plain_text.contains("QRIS"),
        "{}",
        ticket.message.plain_text
    );
    let photo = app.message(RESELLER, "QRIS tiket deposit").await;
    assert!(photo.is_photo(), "{photo:?}");
    let payload = scan(photo.file_bytes().expect("the uploaded PNG"));

    let got = fields(&payload);
    let expected_amount = ticket.amount.to_string();
    let tags: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert!(got.contains(&("01".into(), "12".into())), "{got:?}");
    assert!(got.contains(&("54".into(), expected_amount)), "{got:?}");
    // Tag 54 in its place (before 58), every other field the sticker's own, the CRC recomputed.
    let at = |tag| tags.iter().position(|t| *t == tag).unwrap();
    assert!(at("54") < at("58"));
    let sticker_fields = fields(STICKER);
    for (tag, value) in &sticker_fields {
        if !["01", "63"].contains(&tag.as_str()) {
            assert!(got.contains(&(tag.clone(), value.clone())), "{tag} changed");
        }
    }
    let (signed, crc) = payload.split_at(payload.len() - 4);
    assert_eq!(format!("{:04X}", crc16(signed.as_bytes())), crc);
    app.finish().await;
}

#[tokio::test]
async fn a_photo_of_the_transfer_reaches_admins_with_the_ticket_and_its_buttons() {
    let (app, _sim) = crate::helpers::spawn_app_with_sim().await;
    let lonely = app.tg.user_sends_photo(&reseller(), None).await;
    let told = app
        .message(RESELLER, "Tidak ada tiket deposit terbuka")
        .await;
    assert!(told.message_id > 0 && lonely.update_id > 0);

    let ticket = open_ticket(&app, "35rb").await;
    app.tg
        .user_sends_photo(&reseller(), Some("sudah ya kak"))
        .await;
    app.message(RESELLER, "Admin sudah diberi tahu").await;
    let forwarded = app.message(ADMIN, "Bukti transfer untuk tiket").await;
    assert!(forwarded.is_photo(), "{forwarded:?}");
    assert!(
        forwarded
            .plain_text
            .contains(&format!("#{}", ticket.ticket_id))
    );
    assert!(forwarded.callback_data("✅ Terima").is_some());
    let noted: bool = sqlx::query_scalar(
        "select paid_noted_at is not null from deposit_tickets where ticket_id = $1",
    )
    .bind(ticket.ticket_id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(noted);

    // ✅ under the photo credits the ticket and takes the photo's buttons away.
    let approve = forwarded.callback_data("✅ Terima").unwrap();
    app.tg
        .user_presses(&crate::helpers::admin(), forwarded.message_id, &approve)
        .await;
    app.message(RESELLER, "Deposit tiket").await;
    let stripped = app
        .tg
        .wait_for_call(
            |c| c.method == "editmessagereplymarkup",
            std::time::Duration::from_secs(15),
        )
        .await
        .expect("the proof's buttons are removed");
    assert_eq!(stripped.status, 200, "{:?}", stripped.body);
    assert_eq!(super::books(&app, ticket.ticket_id).await.1, 1);
    app.finish().await;
}
