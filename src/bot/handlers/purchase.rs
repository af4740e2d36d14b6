//! `/beli`: asks orders to buy and reports what they said; the supplier's outcome reaches the
//! reseller through the outbox.
use std::sync::Arc;

use crate::bot::{BotContext, Caller, Reply, repeat};
use crate::domain::{Destination, ProductCode};
use crate::orders::queries;
use crate::orders::{MessageRef, PlaceError, PurchaseRequest};
use crate::text::bot as say;

pub async fn buy(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    product: ProductCode,
    destination: Destination,
) -> anyhow::Result<Option<Reply>> {
    if ctx.in_maintenance() {
        return Ok(Some(Reply::text(say::MAINTENANCE)));
    }
    let mut conn = ctx.pool.acquire().await?;
    let window = ctx.duplicate_window;
    let (placed, recent) = queries::purchase_precheck(
        &mut conn,
        (caller.chat_id, caller.message_id),
        caller.user_id,
        product.as_str(),
        destination.as_str(),
        window,
    )
    .await?;
    // A redelivered message: its order exists already (R8). Say where it stands, place nothing.
    if let Some(order) = placed {
        return Ok(Some(Reply::text(say::already_placed(
            order.trxid.as_str(),
            order.status(),
        ))));
    }
    if recent {
        return repeat::ask(ctx, caller, &product, &destination)
            .await
            .map(Some);
    }
    drop(conn);
    let source = MessageRef {
        chat_id: caller.chat_id,
        message_id: caller.message_id,
        update_id: Some(caller.update_id),
    };
    place(ctx, caller.user_id, product, destination, source).await
}

/// Asks orders to buy; the supplier is called in the background there. `None` when the outbox
/// will do the talking.
pub async fn place(
    ctx: &Arc<BotContext>,
    user_id: i64,
    product: ProductCode,
    destination: Destination,
    source: MessageRef,
) -> anyhow::Result<Option<Reply>> {
    let req = PurchaseRequest {
        user_id,
        product,
        destination,
        source: Some(source),
    };
    let placed = match ctx.orders.purchase(&req).await {
        Ok(placed) => placed,
        Err(PlaceError::InsufficientBalance { balance, price }) => {
            return Ok(Some(Reply::text(say::insufficient(balance, price))));
        }
        Err(PlaceError::UnknownProduct) => {
            return Ok(Some(Reply::text(say::unknown_product(
                req.product.as_str(),
            ))));
        }
        Err(PlaceError::ProductInactive { name }) => {
            return Ok(Some(Reply::text(say::inactive_product(&name))));
        }
        Err(PlaceError::Blocked) => return Ok(Some(Reply::text(say::BLOCKED))),
        Err(e @ (PlaceError::NotRegistered | PlaceError::Internal(_))) => return Err(e.into()),
    };
    if !placed.new {
        return Ok(Some(Reply::text(say::already_placed(
            placed.order.trxid.as_str(),
            placed.order.status(),
        ))));
    }
    Ok(None)
}
