//! Purchases however they were typed (`/beli`, `KODE.TUJUAN`, `KODE.N.TUJUAN`, several lines,
//! `/ulang`, the menus): one call asks orders to buy, and what it answers is rendered here; the
//! supplier's outcome reaches the reseller through the outbox.
use std::sync::Arc;

use crate::bot::commands::lines::{self, Line, Purchases};
use crate::bot::{BotContext, Caller, Outgoing, Reply};
use crate::domain::{Destination, ProductCode, SupportContact};
use crate::orders::queries;
use crate::orders::{Bought, MessageRef, PlaceError, Policy, PurchaseRequest, Question};
use crate::outbox::Manner;
use crate::text::bot as say;
use crate::text::catalogue as catalogue_say;

pub(in crate::bot) mod args;
pub(super) mod question;

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
    /// One of several lines, answered in the message's one combined answer (R47).
    several: bool,
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
        several: false,
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

/// A plain message of purchases, one per line; `None` when it holds none. A message of one line
/// is answered as `/beli` is (the outbox says "diproses" once placed); a message of several gets
/// one answer listing every line and what became of it, quietly, under the message (R47).
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
    super::registration::note_caller(ctx, caller).await?;
    let alone = lines.len() == 1;
    let mut replies = Vec::new();
    let mut answers = Vec::new();
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
                    several: !alone,
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
            answers.push(catalogue_say::line_answer(
                number,
                code.as_ref().map(|c| c.as_str()),
                &text,
            ));
        }
    }
    if !answers.is_empty() {
        let text = match answers.as_slice() {
            [one] if alone => one.clone(),
            _ => crate::text::lines::answer(&answers),
        };
        let manner = match alone {
            true => Manner::default(),
            false => Manner::under(Some(caller.message_id)).quietly(),
        };
        let reply = Reply {
            manner,
            ..Reply::text(text)
        };
        replies.push(Outgoing {
            chat_id: caller.chat_id,
            reply,
        });
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
    let req = PurchaseRequest {
        user_id: caller.user_id,
        product: ask.product.clone(),
        destination: ask.destination.clone(),
        source: Some(MessageRef {
            chat_id: caller.chat_id,
            message_id: caller.message_id,
            update_id: Some(caller.update_id),
            line: ask.line,
            several: ask.several,
        }),
        counter: ask.counter,
    };
    let policy = Policy {
        window: ctx.duplicate_window,
        may_ask: ask.may_ask,
    };
    let bought = ctx.orders.buy(&req, policy).await?;
    Ok(render(ctx, &req, bought))
}

/// What the reseller reads of a purchase; `None` when the outbox will do the talking.
fn render(ctx: &BotContext, req: &PurchaseRequest, bought: Bought) -> Option<Reply> {
    let (code, dest) = (req.product.as_str(), req.destination.as_str());
    let minutes = ctx.duplicate_window.as_secs().div_ceil(60);
    let text = match bought {
        Bought::Placed(order) if req.source.is_some_and(|s| s.several) => {
            crate::text::lines::placed(order.trxid.as_str())
        }
        Bought::Placed(_) => return None,
        Bought::AlreadyPlaced(order) => say::already_placed(order.trxid.as_str(), order.status()),
        Bought::Ask(asked) => {
            let message_id = req.source.map_or(0, |s| s.message_id);
            return Some(question::reply(code, dest, message_id, minutes, &asked));
        }
        Bought::Unasked(Question {
            other_operator: Some(operators),
            ..
        }) => format!(
            "{} {}",
            wrong_operator(code, dest, &operators),
            catalogue_say::ASK_ON_ITS_OWN
        ),
        Bought::Unasked(Question { .. }) => catalogue_say::repeat_on_a_line(code, minutes),
        Bought::Refused(why) => refusal(code, why, ctx.support_contact.as_ref()),
    };
    Some(Reply::text(text))
}

/// The warning that the number is another operator's than the product's.
fn wrong_operator(code: &str, dest: &str, (ours, theirs): &(String, String)) -> String {
    catalogue_say::wrong_operator(code, ours, dest, theirs)
}

fn refusal(code: &str, why: PlaceError, contact: Option<&SupportContact>) -> String {
    match why {
        PlaceError::InsufficientBalance { balance, price } => {
            say::insufficient(balance, price, contact)
        }
        PlaceError::UnknownProduct => say::unknown_product(code),
        PlaceError::ProductInactive { name } => say::inactive_product(&name),
        PlaceError::Disrupted { name, reason } => {
            catalogue_say::disrupted(&name, reason.as_deref())
        }
        PlaceError::Closed { category, opens } => catalogue_say::closed(&category, opens),
        PlaceError::NoSupplier { name } => crate::text::routes::no_usable_supplier(&name),
        PlaceError::CounterUsed => catalogue_say::COUNTER_USED.to_owned(),
        PlaceError::Blocked => say::blocked(contact),
        PlaceError::AwaitingApproval => crate::text::registration::waiting(contact),
        // `Orders::buy` returns these as errors, never as a refusal.
        PlaceError::NotRegistered | PlaceError::Internal(_) => say::INTERNAL_ERROR.to_owned(),
    }
}
