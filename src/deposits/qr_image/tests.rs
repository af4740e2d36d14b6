//! The PNG read back the way a phone would: decoded, then scanned for a QR code.
use std::io::Cursor;

use super::*;
use crate::domain::qris::tests::sticker;
use crate::domain::qris::{StaticQris, crc16};

/// Width, height and 8-bit luma pixels of a PNG.
fn decode(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut luma = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut luma).expect("one frame");
    assert_eq!(
        (info.color_type, info.bit_depth),
        (png::ColorType::Grayscale, png::BitDepth::Eight),
        "EXPAND widens 1-bit gray to 8 bits"
    );
    luma.truncate(info.buffer_size());
    (info.width as usize, info.height as usize, luma)
}

#[test]
fn the_image_scans_back_to_the_exact_dynamic_payload() {
    let payload = StaticQris::parse(&sticker())
        .expect("the sticker is valid")
        .for_amount(100_123);
    let bytes = png(&payload).expect("drawn");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));

    let (width, height, luma) = decode(&bytes);
    assert_eq!(width, height);
    assert!((300..=600).contains(&width), "{width} px");
    assert!(luma.iter().all(|&p| p == 0 || p == 255));
    // The quiet zone: the whole first row and column are white.
    assert!(luma[..width].iter().all(|&p| p == 255));
    assert!((0..height).all(|y| luma[y * width] == 255));

    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    let (_, decoded) = grids[0].decode().expect("the code decodes");
    assert_eq!(decoded, payload);
    let (signed, crc) = decoded.split_at(decoded.len() - 4);
    assert_eq!(format!("{:04X}", crc16(signed.as_bytes())), crc);
}

#[test]
fn short_and_long_payloads_stay_within_the_size_range() {
    for payload in ["000201", &"9".repeat(1200)] {
        let (width, height, _) = decode(&png(payload).expect("drawn"));
        assert_eq!(width, height);
        assert!((300..=600).contains(&width), "{width} px");
    }
}

#[test]
fn a_payload_too_long_for_any_qr_code_is_an_error() {
    let error = png(&"A".repeat(5000)).expect_err("too long");
    assert!(matches!(error, QrImageError::TooLong(5000)), "{error}");
}
