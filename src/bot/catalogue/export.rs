//! `/produk csv`: the catalogue as a file, read only, leaving through the outbox with the
//! reply. Sending a file back is handled in `bot::import`.
use sqlx::PgConnection;

use crate::bot::{Caller, Reply};
use crate::catalogue::export;
use crate::outbox::{Attachment, Document};
use crate::text::import as say;

pub async fn export(conn: &mut PgConnection, caller: &Caller) -> anyhow::Result<Reply> {
    let (bytes, products) = export::catalogue_csv(conn).await?;
    tracing::info!(admin_id = caller.user_id, products, "catalogue exported");
    let today = crate::reports::today_wib(chrono::Utc::now());
    let document = Document {
        bytes,
        file_name: say::export_file_name(today),
    };
    Ok(Reply::with(
        say::export_caption(products),
        Attachment::Document(document),
    ))
}
