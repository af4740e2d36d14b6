//! `/beli`: the order and its hold are committed here; the supplier is called in the background
//! (tracked, so shutdown waits for it) and the outcome reaches the reseller through the outbox.
use std::sync::Arc;

use crate::bot::buttons::{Question, yes_no};
use crate::bot::{BotContext, Caller, Reply};
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
            &order.trxid,
            order.status(),
        ))));
    }
    if recent {
        return ask_to_confirm(ctx, caller, &product, &destination)
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

/// Opens the order and sends it to the supplier in the background. `None` when the outbox
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
    let placed = match ctx.orders.open(&req).await {
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
            &placed.order.trxid,
            placed.order.status(),
        ))));
    }
    let orders = ctx.orders.clone();
    ctx.in_flight.spawn(async move {
        if let Err(e) = orders.submit(&placed.order).await {
            // The order stays `sending`; recovery marks it unknown and admins settle it.
            tracing::error!(trxid = %placed.order.trxid, error = %e, "supplier answer not recorded");
        }
    });
    Ok(None)
}

async fn ask_to_confirm(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    product: &ProductCode,
    destination: &Destination,
) -> anyhow::Result<Reply> {
    sqlx::query(
        "insert into purchase_confirmations (chat_id, message_id, user_id, product_code, destination)
         values ($1, $2, $3, $4, $5) on conflict do nothing",
    )
    .bind(caller.chat_id)
    .bind(caller.message_id)
    .bind(caller.user_id)
    .bind(product.as_str())
    .bind(destination.as_str())
    .execute(&ctx.pool)
    .await?;
    let keyboard = yes_no(
        Question::Purchase,
        caller.message_id,
        say::CONFIRM_YES,
        say::CONFIRM_NO,
    );
    let minutes = ctx.duplicate_window.as_secs().div_ceil(60);
    Ok(Reply {
        text: say::confirm_repeat(product.as_str(), destination.as_str(), minutes),
        keyboard: Some(keyboard),
    })
}
