//! Purchases however they were typed (`/beli`, `KODE.TUJUAN`, `KODE.N.TUJUAN`, several lines,
//! `/ulang`, the menus): asks orders to buy and reports what they said; the supplier's outcome
//! reaches the reseller through the outbox.
use std::sync::Arc;

use crate::bot::commands::lines::{self, Line, Purchases};
use crate::bot::{BotContext, Caller, Outgoing, Reply, repeat};
use crate::domain::{Destination, ProductCode};
use crate::orders::queries::{self, Precheck};
use crate::orders::{BuyerAndProduct, MessageRef, PlaceError, PurchaseRequest};
use crate::text::bot as say;
use crate::text::catalogue as catalogue_say;

/// One purchase as asked.
struct Ask {
    product: ProductCode,
    destination: Destination,
    /// Its line in a message of several; 0 otherwise.
    line: i16,
    counter: Option<i16>,
    /// Whether a question (a repeat, another operator's number) may be asked with buttons.
    /// Among several lines, or with a counter the question could not carry, it cannot.
    may_ask: bool,
}

/// `/beli <kode> <tujuan>`, and a product chosen in a menu.
pub async fn buy(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    product: ProductCode,
    destination: Destination,
) -> anyhow::Result<Option<Reply>> {
    let ask = Ask {
        product,
        destination,
        line: 0,
        counter: None,
        may_ask: true,
    };
    attempt(ctx, caller, &ask).await
}

/// `/ulang`: the reseller's last purchase again, with the same checks as any other (a recent
/// one asks first).
pub async fn repeat_last(ctx: &Arc<BotContext>, caller: &Caller) -> anyhow::Result<Option<Reply>> {
    let mut conn = ctx.pool.acquire().await?;
    let Some((product, destination)) = queries::last_purchase(&mut conn, caller.user_id).await?
    else {
        return Ok(Some(Reply::text(catalogue_say::NOTHING_TO_REPEAT)));
    };
    drop(conn);
    // What an order holds was checked when it was placed; a product renamed since is refused
    // below like any unknown code.
    match (
        ProductCode::parse(&product),
        Destination::parse(&destination),
    ) {
        (Ok(product), Ok(destination)) => buy(ctx, caller, product, destination).await,
        _ => Ok(Some(Reply::text(say::unknown_product(&product)))),
    }
}

/// A plain message of purchases, one per line; `None` when it holds none. Each line is
/// answered on its own; a line that placed its order is answered by the outbox.
pub async fn buy_lines(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    text: &str,
) -> anyhow::Result<Option<Vec<Outgoing>>> {
    let lines = match lines::parse(text) {
        Purchases::None => return Ok(None),
        Purchases::TooMany(n) => {
            let reply = Reply::text(catalogue_say::too_many_lines(n));
            return Ok(Some(Outgoing::to(caller.chat_id, reply)));
        }
        Purchases::Lines(lines) => lines,
    };
    super::note_caller(ctx, caller).await?;
    let alone = lines.len() == 1;
    let mut replies = Vec::new();
    for (index, (number, read)) in lines.into_iter().enumerate() {
        let answer = match read {
            Err(e) => Some((None, catalogue_say::line_error(&e))),
            Ok(Line {
                product,
                destination,
                counter,
            }) => {
                let ask = Ask {
                    may_ask: alone && counter.is_none(),
                    line: i16::try_from(index).unwrap_or(i16::MAX),
                    product,
                    destination,
                    counter,
                };
                // A line that fails inside is answered as failed; the lines before and after
                // it still get their own answers.
                let answered = attempt(ctx, caller, &ask).await.unwrap_or_else(|e| {
                    let (user_id, update_id) = (caller.user_id, caller.update_id);
                    tracing::error!(user_id, update_id, line = index, error = ?e, "typed purchase failed");
                    Some(Reply::text(say::INTERNAL_ERROR))
                });
                match answered {
                    // Alone, the answer is the message's own, buttons and all.
                    Some(reply) if alone => {
                        replies.push(Outgoing {
                            chat_id: caller.chat_id,
                            reply,
                        });
                        None
                    }
                    Some(reply) => Some((Some(ask.product), reply.text)),
                    None => None,
                }
            }
        };
        if let Some((code, text)) = answer {
            let text = catalogue_say::line_answer(number, code.as_ref().map(|c| c.as_str()), &text);
            replies.push(Outgoing {
                chat_id: caller.chat_id,
                reply: Reply::text(text),
            });
        }
    }
    Ok(Some(replies))
}

async fn attempt(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    ask: &Ask,
) -> anyhow::Result<Option<Reply>> {
    if ctx.in_maintenance() {
        return Ok(Some(Reply::text(say::MAINTENANCE)));
    }
    let mut conn = ctx.pool.acquire().await?;
    let window = ctx.duplicate_window;
    let Precheck {
        placed,
        recent,
        product_operator,
        number_operator,
        buyer_and_product,
    } = queries::purchase_precheck(
        &mut conn,
        (caller.chat_id, caller.message_id, ask.line),
        caller.user_id,
        ask.product.as_str(),
        ask.destination.as_str(),
        window,
    )
    .await?;
    drop(conn);
    // A redelivered message: its order exists already (R8). Say where it stands, place nothing.
    if let Some(order) = placed {
        return Ok(Some(Reply::text(say::already_placed(
            order.trxid.as_str(),
            order.status(),
        ))));
    }
    let wrong_operator = match (&product_operator, &number_operator) {
        (Some(ours), Some(theirs)) if !ours.eq_ignore_ascii_case(theirs) => {
            Some(catalogue_say::wrong_operator(
                ask.product.as_str(),
                ours,
                ask.destination.as_str(),
                theirs,
            ))
        }
        _ => None,
    };
    // A counter says the repeat is meant; another operator's number still asks.
    let repeat = recent && ask.counter.is_none();
    if wrong_operator.is_some() || repeat {
        if ask.may_ask {
            let question = repeat::Question {
                wrong_operator,
                repeat,
            };
            return repeat::ask(ctx, caller, &ask.product, &ask.destination, question)
                .await
                .map(Some);
        }
        let minutes = ctx.duplicate_window.as_secs().div_ceil(60);
        let why = match wrong_operator {
            Some(warning) => format!("{warning} {}", catalogue_say::ASK_ON_ITS_OWN),
            None => catalogue_say::repeat_on_a_line(ask.product.as_str(), minutes),
        };
        return Ok(Some(Reply::text(why)));
    }
    let source = MessageRef {
        chat_id: caller.chat_id,
        message_id: caller.message_id,
        update_id: Some(caller.update_id),
        line: ask.line,
    };
    place(
        ctx,
        caller.user_id,
        ask.product.clone(),
        ask.destination.clone(),
        source,
        ask.counter,
        Some(buyer_and_product),
    )
    .await
}

/// Asks orders to buy; the supplier is called in the background there. `None` when the outbox
/// will do the talking. `read` is the buyer and product as the `/beli` check read them, when it
/// did.
pub async fn place(
    ctx: &Arc<BotContext>,
    user_id: i64,
    product: ProductCode,
    destination: Destination,
    source: MessageRef,
    counter: Option<i16>,
    read: Option<BuyerAndProduct>,
) -> anyhow::Result<Option<Reply>> {
    let req = PurchaseRequest {
        user_id,
        product,
        destination,
        source: Some(source),
        counter,
    };
    let refusal = match ctx.orders.purchase_read(&req, read).await {
        Ok(placed) if placed.new => return Ok(None),
        Ok(placed) => say::already_placed(placed.order.trxid.as_str(), placed.order.status()),
        Err(PlaceError::InsufficientBalance { balance, price }) => {
            say::insufficient(balance, price)
        }
        Err(PlaceError::UnknownProduct) => say::unknown_product(req.product.as_str()),
        Err(PlaceError::ProductInactive { name }) => say::inactive_product(&name),
        Err(PlaceError::Disrupted { name, reason }) => {
            catalogue_say::disrupted(&name, reason.as_deref())
        }
        Err(PlaceError::Closed { category, opens }) => catalogue_say::closed(&category, opens),
        Err(PlaceError::CounterUsed) => catalogue_say::COUNTER_USED.to_owned(),
        Err(PlaceError::Blocked) => say::BLOCKED.to_owned(),
        Err(e @ (PlaceError::NotRegistered | PlaceError::Internal(_))) => return Err(e.into()),
    };
    Ok(Some(Reply::text(refusal)))
}
