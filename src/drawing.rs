//! What loket's pictures share (`/grafik`, `/struk`): the embedded font and PNG encoding. The
//! font is Go Regular (BSD licence, in `assets/fonts/`), embedded because the server and its
//! Docker image have no system fonts; plotters draws text with it by [`FAMILY`].
use std::sync::Once;

use plotters::style::{FontStyle, register_font};

const FONT: &[u8] = include_bytes!("../assets/fonts/Go-Regular.ttf");

/// The family plotters knows the embedded font by, once [`fonts`] has run.
pub const FAMILY: &str = "sans-serif";

/// Registers the embedded font with plotters, once per process.
pub fn fonts() {
    static FONT_ONCE: Once = Once::new();
    FONT_ONCE.call_once(|| {
        if register_font(FAMILY, FontStyle::Normal, FONT).is_err() {
            tracing::error!("embedded font unreadable; pictures will have no text");
        }
    });
}

/// An RGB buffer of `width` × `height` pixels as PNG.
pub fn png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}
