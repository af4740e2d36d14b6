//! `/struk`: a receipt of a SUKSES order for the reseller's customer, drawn as PNG by
//! [`image`]. Only the reseller who owns the order gets one, and it shows the selling price
//! they give or no price at all, never what they paid (R40). Reads one order, writes nothing.
use sqlx::PgConnection;

use crate::domain::{Money, OrderStatus, TrxId};
use crate::orders::queries;
use crate::text::receipts::{self as say, ReceiptFacts};

pub mod image;

/// What became of a request for a receipt.
#[derive(Debug)]
pub enum Receipt {
    /// The picture, and its caption for the reseller.
    Drawn { png: Vec<u8>, caption: String },
    /// No such order, or another reseller's: the same answer, so that nobody learns which
    /// trxids exist.
    NotFound,
    /// Not SUKSES (not yet, or no longer): no receipt.
    NotSuccess(OrderStatus),
    /// The picture could not be drawn (logged).
    NotDrawn,
}

/// The receipt of `trxid` for `user_id`, headed with `shop`.
pub async fn receipt(
    conn: &mut PgConnection,
    trxid: &TrxId,
    user_id: i64,
    selling_price: Option<Money>,
    shop: &str,
) -> anyhow::Result<Receipt> {
    let Some(order) = queries::visible_to(conn, trxid.as_str(), Some(user_id)).await? else {
        return Ok(Receipt::NotFound);
    };
    if order.status() != OrderStatus::Success {
        return Ok(Receipt::NotSuccess(order.status()));
    }
    let facts = ReceiptFacts {
        shop,
        at: order.created_at,
        product_name: &order.product_name,
        destination: order.destination.as_str(),
        sn: order.sn.as_deref(),
        trxid: order.trxid.as_str(),
        selling_price,
    };
    let (text, caption) = (say::receipt(&facts), say::caption(&facts));
    // Drawing takes a few milliseconds of CPU: off the async threads.
    let drawn = tokio::task::spawn_blocking(move || image::png(&text)).await?;
    Ok(match drawn {
        Ok(png) => Receipt::Drawn { png, caption },
        Err(e) => {
            tracing::error!(error = %e, trxid = %trxid, "receipt not drawn");
            Receipt::NotDrawn
        }
    })
}
