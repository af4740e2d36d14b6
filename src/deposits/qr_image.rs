//! A QRIS payload drawn as a QR code PNG, for Telegram to show as a photo.
use qrcode::{Color, EcLevel, QrCode};

/// Modules of light margin around the code, as the QR standard asks, so a phone camera finds
/// the finder patterns even against a dark chat background.
const QUIET_ZONE: usize = 4;

/// The side the image aims for: big enough to scan off a phone screen, small enough to send
/// fast. Each module is a whole number of pixels, so the image is at most this.
const TARGET_SIDE: usize = 480;

#[derive(Debug, thiserror::Error)]
pub enum QrImageError {
    #[error("the payload ({0} characters) does not fit in a QR code")]
    TooLong(usize),
    #[error("the QR code could not be drawn: {0}")]
    Qr(qrcode::types::QrError),
    #[error("the QR code could not be encoded as PNG: {0}")]
    Png(#[from] png::EncodingError),
}

/// A 1-bit grayscale PNG of `payload` at error correction level M, the level QRIS stickers use,
/// with a 4-module quiet zone; about 320 to 480 pixels a side.
pub fn png(payload: &str) -> Result<Vec<u8>, QrImageError> {
    let code = QrCode::with_error_correction_level(payload, EcLevel::M).map_err(|e| match e {
        qrcode::types::QrError::DataTooLong => QrImageError::TooLong(payload.chars().count()),
        other => QrImageError::Qr(other),
    })?;
    let modules = code.width();
    let dark = code.to_colors();
    let span = modules + 2 * QUIET_ZONE;
    let scale = (TARGET_SIDE / span).max(1);
    let side = span * scale;
    let row_bytes = side.div_ceil(8);
    // 1 is white in 1-bit grayscale; start all white and clear the dark modules' bits.
    let mut pixels = vec![0xFF_u8; row_bytes * side];
    for y in 0..side {
        let module_y = (y / scale).checked_sub(QUIET_ZONE).filter(|m| *m < modules);
        for x in 0..side {
            let module_x = (x / scale).checked_sub(QUIET_ZONE).filter(|m| *m < modules);
            let is_dark = match (module_x, module_y) {
                (Some(mx), Some(my)) => dark.get(my * modules + mx) == Some(&Color::Dark),
                _ => false,
            };
            if is_dark {
                pixels[y * row_bytes + x / 8] &= !(0x80 >> (x % 8));
            }
        }
    }
    let side = u32::try_from(side).unwrap_or(u32::MAX);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests;
