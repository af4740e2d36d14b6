//! Bulk changes to the catalogue from a CSV file: read the file ([`lines`]), compare it with the
//! catalogue for a preview ([`preview`]), keep it until an admin answers, then apply every good
//! line in one transaction ([`apply`]). The file states each listed product whole; products it
//! does not list are left as they are.
mod apply;
mod lines;
mod read;
mod write;

pub use apply::{Applied, Asked, Decided, Key, PREVIEW_MINUTES, apply, ask, cancel, file_name};
pub use lines::{
    BadLine, FileError, HEADER, Line, MAX_LINES, MAX_NAME_CHARS, Parsed, Why, parse, unguard,
};
pub use read::Quoting;

pub use crate::domain::catalogue_import::{Change, Field};

use std::collections::HashMap;

use sqlx::PgConnection;

/// A file's largest size: 2,000 lines of a catalogue take about 150 KB.
pub const MAX_BYTES: u32 = 1024 * 1024;

/// What applying the file would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    /// The lines to apply: new and changed products (unchanged ones need nothing).
    pub lines: Vec<Line>,
    pub new: Vec<String>,
    pub changed: Vec<Change>,
    pub unchanged: usize,
    pub bad: Vec<BadLine>,
}

impl<'a> From<&'a Preview> for crate::text::import::PreviewFacts<'a> {
    fn from(p: &'a Preview) -> Self {
        Self {
            new: &p.new,
            changed: &p.changed,
            unchanged: p.unchanged,
            bad: &p.bad,
        }
    }
}

/// A product as the catalogue holds it, with its category and brand by name.
#[derive(Debug, Clone)]
pub struct Current {
    pub code: String,
    pub name: String,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub cost: Option<i64>,
    pub price: i64,
    pub active: bool,
    /// Why loket itself took it off sale (the cost guard), if it did.
    pub inactive_reason: Option<String>,
}

from_row!(Current {
    code,
    name,
    category,
    brand,
    cost,
    price,
    active,
    inactive_reason
});

/// Every product, inactive ones too, in code order: what the export writes and a preview
/// compares with.
pub async fn catalogue(conn: &mut PgConnection) -> sqlx::Result<Vec<Current>> {
    sqlx::query_as(
        "select p.code, p.name, c.name as category, b.name as brand, p.cost, p.price, p.active,
                p.inactive_reason
           from products p
           left join categories c on c.category_id = p.category_id
           left join brands b on b.brand_id = p.brand_id
          order by lower(p.code)",
    )
    .fetch_all(conn)
    .await
}

/// The file's lines against the catalogue now: categories and brands by their names as the
/// catalogue spells them (a name it does not know makes the line bad), and per product what
/// changes.
pub async fn preview(conn: &mut PgConnection, parsed: Parsed) -> sqlx::Result<Preview> {
    let names = |rows: Vec<(String,)>| -> HashMap<String, String> {
        rows.into_iter().map(|(n,)| (n.to_lowercase(), n)).collect()
    };
    let categories = names(
        sqlx::query_as("select name from categories")
            .fetch_all(&mut *conn)
            .await?,
    );
    let brands = names(
        sqlx::query_as("select name from brands")
            .fetch_all(&mut *conn)
            .await?,
    );
    let current: HashMap<String, Current> = catalogue(conn)
        .await?
        .into_iter()
        .map(|p| (p.code.to_lowercase(), p))
        .collect();
    let mut preview = Preview {
        bad: parsed.bad,
        ..Preview::default()
    };
    for mut line in parsed.lines {
        let known = |wanted: &Option<String>, names: &HashMap<String, String>| match wanted {
            None => Ok(None),
            Some(name) => names
                .get(&name.to_lowercase())
                .cloned()
                .map(Some)
                .ok_or_else(|| name.clone()),
        };
        let category = match known(&line.category, &categories) {
            Ok(category) => category,
            Err(name) => {
                preview
                    .bad
                    .push(bad(line.number, Why::UnknownCategory(name)));
                continue;
            }
        };
        let brand = match known(&line.brand, &brands) {
            Ok(brand) => brand,
            Err(name) => {
                preview.bad.push(bad(line.number, Why::UnknownBrand(name)));
                continue;
            }
        };
        (line.category, line.brand) = (category, brand);
        match current.get(&line.code.to_lowercase()) {
            None => preview.new.push(line.code.clone()),
            Some(now) => {
                let fields = differences(now, &line);
                if fields.is_empty() {
                    preview.unchanged += 1;
                    continue;
                }
                let back_on = line.active && !now.active;
                preview.changed.push(Change {
                    code: now.code.clone(),
                    fields,
                    stopped: now.inactive_reason.clone().filter(|_| back_on),
                });
            }
        }
        preview.lines.push(line);
    }
    preview.bad.sort_by_key(|b| b.number);
    Ok(preview)
}

fn bad(number: usize, why: Why) -> BadLine {
    BadLine { number, why }
}

/// What `line` changes of `now`, in the file's column order.
pub fn differences(now: &Current, line: &Line) -> Vec<Field> {
    let mut fields = Vec::new();
    if now.name != line.name {
        fields.push(Field::Name(now.name.clone(), line.name.clone()));
    }
    // Names come from the catalogue here, so they compare as they are spelled.
    if now.category != line.category {
        fields.push(Field::Category(now.category.clone(), line.category.clone()));
    }
    if now.brand != line.brand {
        fields.push(Field::Brand(now.brand.clone(), line.brand.clone()));
    }
    if now.cost != line.cost {
        fields.push(Field::Cost(now.cost, line.cost));
    }
    if now.price != line.price {
        fields.push(Field::Price(now.price, line.price));
    }
    if now.active != line.active {
        fields.push(Field::Active(now.active, line.active));
    }
    fields
}
