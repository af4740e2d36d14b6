//! A catalogue file's lines, each read into a product or refused with its reason. Only what the
//! file itself says is checked here; whether its categories and brands exist is the preview's
//! business.
use std::collections::HashMap;

use super::read::{self, Quoting};
pub use crate::domain::catalogue_import::{BadLine, FileError, MAX_LINES, MAX_NAME_CHARS, Why};
use crate::domain::{Money, ProductCode};

/// The header, in this order; matched without case.
pub const HEADER: [&str; 7] = [
    "kode", "nama", "kategori", "brand", "modal", "harga", "aktif",
];

/// A good line: the product as the file wants it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Line {
    pub number: usize,
    pub code: String,
    pub name: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub cost: Option<i64>,
    pub price: i64,
    pub active: bool,
}

/// The file's good and bad lines, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub lines: Vec<Line>,
    pub bad: Vec<BadLine>,
}

pub fn parse(bytes: &[u8]) -> Result<Parsed, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|_| FileError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A NUL is never in text a spreadsheet writes: this is some other kind of file.
    if text.contains('\0') {
        return Err(FileError::NotUtf8);
    }
    let mut records = read::records(text, read::separator(text)).into_iter();
    let header = records.next().ok_or(FileError::Empty)?;
    let fits = header.fields.as_ref().is_ok_and(|fields| {
        fields.len() == HEADER.len()
            && fields
                .iter()
                .zip(HEADER)
                .all(|(f, h)| f.trim().eq_ignore_ascii_case(h))
    });
    if !fits {
        let first = text.lines().next().unwrap_or_default();
        return Err(FileError::Header(first.chars().take(120).collect()));
    }
    let records: Vec<_> = records.collect();
    if records.len() > MAX_LINES {
        return Err(FileError::TooManyLines(records.len()));
    }
    let mut parsed = Parsed::default();
    for record in records {
        match line(record.line, record.fields) {
            Ok(line) => parsed.lines.push(line),
            Err(why) => parsed.bad.push(BadLine {
                number: record.line,
                why,
            }),
        }
    }
    refuse_twice(&mut parsed);
    Ok(parsed)
}

/// A code on two lines is refused on both: which of them is meant, only the admin knows.
fn refuse_twice(parsed: &mut Parsed) {
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for line in &parsed.lines {
        seen.entry(line.code.to_lowercase())
            .or_default()
            .push(line.number);
    }
    let (mut kept, mut twice) = (Vec::new(), Vec::new());
    for line in std::mem::take(&mut parsed.lines) {
        let numbers = &seen[&line.code.to_lowercase()];
        match numbers.iter().find(|n| **n != line.number) {
            Some(&other) => twice.push(BadLine {
                number: line.number,
                why: Why::Twice {
                    code: line.code,
                    other,
                },
            }),
            None => kept.push(line),
        }
    }
    parsed.lines = kept;
    parsed.bad.extend(twice);
    parsed.bad.sort_by_key(|b| b.number);
}

/// What the export wrote to keep a spreadsheet from running text as a formula: a leading `'`
/// before `=`, `+`, `-`, `@`, a tab or a CR. Taken off again; any other `'` is the text's own.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

fn line(number: usize, fields: Result<Vec<String>, Quoting>) -> Result<Line, Why> {
    let fields = fields.map_err(Why::Quoting)?;
    let [code, name, category, brand, cost, price, active] =
        <[String; 7]>::try_from(fields).map_err(|f| Why::Columns(f.len()))?;
    let code = ProductCode::parse(unguard(code.trim())).map_err(Why::Code)?;
    let name = unguard(name.trim()).trim().to_owned();
    if name.is_empty() {
        return Err(Why::NoName);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Why::NameTooLong);
    }
    let group = |cell: &str, brand: bool| -> Result<Option<String>, Why> {
        let cell = unguard(cell.trim()).trim();
        if cell.is_empty() || cell == "-" {
            return Ok(None);
        }
        crate::catalogue::group_name(cell)
            .map(Some)
            .ok_or_else(|| Why::GroupName {
                brand,
                name: cell.chars().take(40).collect(),
            })
    };
    let category = group(&category, false)?;
    let brand = group(&brand, true)?;
    let cost = match cost.trim() {
        "" | "-" => None,
        cost => Some(Money::parse_amount(cost).map_err(Why::Cost)?),
    };
    let price = Money::parse_amount(&price).map_err(Why::Price)?;
    if let Some(cost) = cost
        && price < cost
    {
        return Err(Why::BelowCost { price, cost });
    }
    let active = match active.trim().to_lowercase().as_str() {
        "ya" | "1" | "true" => true,
        "tidak" | "0" | "false" => false,
        other => return Err(Why::Active(other.chars().take(20).collect())),
    };
    Ok(Line {
        number,
        code: code.as_str().to_owned(),
        name,
        category,
        brand,
        cost: cost.map(Money::rupiah),
        price: price.rupiah(),
        active,
    })
}

#[cfg(test)]
mod tests;
