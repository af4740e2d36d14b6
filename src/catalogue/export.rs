//! `/produk csv`: the whole catalogue, inactive products too, as a file in exactly the format
//! an import reads, so an admin can edit it in a spreadsheet and send it back.
use sqlx::PgConnection;

use super::import::{self, HEADER};
use crate::reports::csv::{UTF8_BOM, record, text_cell};

/// The file, and how many products it holds.
pub async fn catalogue_csv(conn: &mut PgConnection) -> sqlx::Result<(Vec<u8>, usize)> {
    let products = import::catalogue(conn).await?;
    let mut out = String::with_capacity(UTF8_BOM.len() + 80 * (products.len() + 1));
    out.push_str(UTF8_BOM);
    record(&mut out, HEADER.iter().map(|h| (*h).to_owned()));
    for p in &products {
        let fields = [
            text_cell(&p.code),
            text_cell(&p.name),
            text_cell(p.category.as_deref().unwrap_or_default()),
            text_cell(p.brand.as_deref().unwrap_or_default()),
            p.cost.map(|c| c.to_string()).unwrap_or_default(),
            p.price.to_string(),
            if p.active { "ya" } else { "tidak" }.to_owned(),
        ];
        record(&mut out, fields.into_iter());
    }
    Ok((out.into_bytes(), products.len()))
}
