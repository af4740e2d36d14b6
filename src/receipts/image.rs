//! A receipt drawn as PNG, the size of a phone screen's width: the shop's name, the title,
//! the order's rows (a label, its value wrapped), the selling price large, a thank-you. Drawn
//! with plotters into an RGB buffer, in the embedded font (`crate::drawing`).
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::drawing::{self, FAMILY};
use crate::text::receipts::ReceiptText;

pub const WIDTH: u32 = 600;
/// The tallest a receipt gets; each is cut below its last line.
pub const HEIGHT: u32 = 900;
/// White below the last line.
const FOOT: i32 = 24;

const MARGIN: i32 = 36;
/// Where values start, right of their labels.
const VALUE_X: i32 = 196;
const ROW_HEIGHT: i32 = 30;
/// Lines a value may wrap to; more is cut with `…`. With the most rows a receipt has (a PLN
/// token's five parts) every value fits twice over within [`HEIGHT`].
const MAX_VALUE_LINES: usize = 2;
const INK: RGBColor = RGBColor(33, 33, 33);
const GREY: RGBColor = RGBColor(110, 110, 110);
const ACCENT: RGBColor = RGBColor(21, 101, 192);

#[derive(Debug, thiserror::Error)]
pub enum DrawError {
    #[error("drawing: {0}")]
    Draw(String),
    #[error("encoding: {0}")]
    Encode(#[from] png::EncodingError),
}

fn draw_err(e: impl std::fmt::Display) -> DrawError {
    DrawError::Draw(e.to_string())
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// The receipt as PNG, [`WIDTH`] wide and as tall as its lines (at most [`HEIGHT`]).
pub fn png(text: &ReceiptText) -> Result<Vec<u8>, DrawError> {
    drawing::fonts();
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    let bottom = {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let bottom = draw(&root, text)?;
        root.present().map_err(draw_err)?;
        bottom
    };
    if bottom + FOOT > HEIGHT as i32 {
        tracing::warn!(bottom, "receipt taller than its picture; its foot is cut");
    }
    let height = (bottom + FOOT).clamp(1, HEIGHT as i32) as u32;
    // Rows run top to bottom: the picture's first `height` rows are the receipt.
    rgb.truncate((WIDTH * height * 3) as usize);
    Ok(drawing::png(&rgb, WIDTH, height)?)
}

fn style(size: u32, color: RGBColor, h: HPos) -> TextStyle<'static> {
    (FAMILY, size)
        .into_font()
        .color(&color)
        .pos(Pos::new(h, VPos::Top))
}

/// Draws the receipt from the top; returns how far down it reached.
fn draw(root: &Area, text: &ReceiptText) -> Result<i32, DrawError> {
    let centre = WIDTH as i32 / 2;
    let full = (WIDTH as i32 - 2 * MARGIN) as u32;
    let mut y = 32;
    let shop = style(30, INK, HPos::Center);
    for line in wrap(root, &text.shop, &shop, full, 2) {
        write(root, line, (centre, y), &shop)?;
        y += 38;
    }
    write(
        root,
        text.title.into(),
        (centre, y + 4),
        &style(18, GREY, HPos::Center),
    )?;
    y += 44;
    rule(root, y)?;
    y += 18;
    let (label, value) = (style(19, GREY, HPos::Left), style(19, INK, HPos::Left));
    let value_width = (WIDTH as i32 - VALUE_X - MARGIN) as u32;
    for (name, shown) in &text.rows {
        write(root, (*name).into(), (MARGIN, y), &label)?;
        for line in wrap(root, shown, &value, value_width, MAX_VALUE_LINES) {
            write(root, line, (VALUE_X, y), &value)?;
            y += ROW_HEIGHT;
        }
    }
    y += 6;
    rule(root, y)?;
    y += 20;
    if let Some((name, price)) = &text.total {
        write(
            root,
            (*name).into(),
            (MARGIN, y + 8),
            &style(20, INK, HPos::Left),
        )?;
        let at = (WIDTH as i32 - MARGIN, y);
        write(root, price.clone(), at, &style(32, ACCENT, HPos::Right))?;
        y += 52;
        rule(root, y)?;
        y += 20;
    }
    let footer = style(16, GREY, HPos::Center);
    for line in text.footer {
        write(root, line.into(), (centre, y), &footer)?;
        y += 24;
    }
    Ok(y)
}

fn write(root: &Area, line: String, at: (i32, i32), style: &TextStyle) -> Result<(), DrawError> {
    if line.is_empty() {
        return Ok(());
    }
    root.draw(&Text::new(line, at, style.clone()))
        .map_err(draw_err)
}

/// A dashed line across, as on a till's paper.
fn rule(root: &Area, y: i32) -> Result<(), DrawError> {
    for x in (MARGIN..WIDTH as i32 - MARGIN).step_by(12) {
        root.draw(&PathElement::new(vec![(x, y), (x + 6, y)], GREY))
            .map_err(draw_err)?;
    }
    Ok(())
}

/// `text` in lines no wider than `width`, between words where it can (a word wider than a
/// line, such as a long SN, is broken anywhere), at most `max` of them, the last ending in
/// `…` when some was left out.
fn wrap(root: &Area, text: &str, style: &TextStyle, width: u32, max: usize) -> Vec<String> {
    let fits = |s: &str| {
        root.estimate_text_size(s, style)
            .is_ok_and(|(w, _)| w <= width)
    };
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if !fits(&line) {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    lines.push(line);
    if lines.len() > max {
        lines.truncate(max);
        let last = &mut lines[max - 1];
        while !last.is_empty() && !fits(&format!("{last}…")) {
            last.pop();
        }
        last.push('…');
    }
    lines
}

#[cfg(test)]
mod tests;
