//! The one way a purchase enters: checked, then the order and its hold are committed, then the
//! supplier is called on a task the desk tracks, so the caller hears "placed" at once and
//! shutdown waits for every request already sent. [`Orders::buy`] is the whole of a `/beli`:
//! the check of what the message may already have placed, the policy (a repeat within the
//! window, another operator's number, a counter) and the open, answered as one [`Bought`].
use std::time::Duration;

use super::confirmations::{self, Asker};
use super::pricing::BuyerAndProduct;
use super::queries::{self, Precheck};
use super::{Order, Orders, PlaceError, Placed, PurchaseRequest};

/// What [`Orders::buy`] needs besides the request: how far back a purchase counts as a repeat,
/// and whether a question may be asked with buttons (among several lines, or with a counter
/// the question could not carry, it cannot).
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub window: Duration,
    pub may_ask: bool,
}

/// Why a purchase asks before buying; at least one holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The product's operator and the number's, when they differ.
    pub other_operator: Option<(String, String)>,
    /// The same purchase was made within the duplicate window.
    pub repeat: bool,
}

/// What became of a purchase.
#[derive(Debug)]
pub enum Bought {
    /// The order is held and on its way to the supplier; the outbox does the talking (a line
    /// of several is listed in its message's answer, see R47).
    Placed(Box<Order>),
    /// This message (line) placed its order already: a redelivered update (R8).
    AlreadyPlaced(Box<Order>),
    /// Recorded in `purchase_confirmations`: to be asked with a yes and a no.
    Ask(Question),
    /// A question that could not be asked (a line of several, a counter): nothing bought.
    Unasked(Question),
    /// Refused for the reason given; never `NotRegistered` or `Internal`, which are errors.
    Refused(PlaceError),
}

impl Orders {
    /// A purchase as typed or chosen: one call from the message to the outcome. The check is
    /// one read that also takes the buyer and the product, so opening the order reads neither
    /// again.
    pub async fn buy(&self, req: &PurchaseRequest, policy: Policy) -> Result<Bought, PlaceError> {
        // Without a message there is no redelivery or repeat to check it against.
        let Some(src) = req.source else {
            return self.buy_confirmed(req).await;
        };
        let mut conn = self.pool.acquire().await?;
        let Precheck {
            placed,
            recent,
            product_operator,
            number_operator,
            buyer_and_product,
        } = queries::purchase_precheck(
            &mut conn,
            (src.chat_id, src.message_id, src.line),
            req.user_id,
            req.product.as_str(),
            req.destination.as_str(),
            policy.window,
        )
        .await?;
        drop(conn);
        if let Some(order) = placed {
            return Ok(Bought::AlreadyPlaced(Box::new(order)));
        }
        let other_operator = match (product_operator, number_operator) {
            (Some(ours), Some(theirs)) if !ours.eq_ignore_ascii_case(&theirs) => {
                Some((ours, theirs))
            }
            _ => None,
        };
        // A counter says the repeat is meant; another operator's number still asks.
        let repeat = recent && req.counter.is_none();
        if other_operator.is_some() || repeat {
            let question = Question {
                other_operator,
                repeat,
            };
            if !policy.may_ask {
                return Ok(Bought::Unasked(question));
            }
            let asker = Asker {
                chat_id: src.chat_id,
                message_id: src.message_id,
                user_id: req.user_id,
            };
            confirmations::ask(&self.pool, asker, &req.product, &req.destination).await?;
            return Ok(Bought::Ask(question));
        }
        outcome(self.purchase_read(req, Some(buyer_and_product)).await)
    }

    /// A purchase its buyer said yes to ("Ya, beli lagi", "Ya, beli"): no question again.
    pub async fn buy_confirmed(&self, req: &PurchaseRequest) -> Result<Bought, PlaceError> {
        outcome(self.purchase_read(req, None).await)
    }

    /// Opens the order and sends it to the supplier in the background. Returns as soon as the
    /// order and its hold are committed; the supplier's answer reaches the reseller through the
    /// outbox. A message that already placed an order places nothing and gets that order back.
    pub async fn purchase(&self, req: &PurchaseRequest) -> Result<Placed, PlaceError> {
        self.purchase_read(req, None).await
    }

    /// As [`Orders::purchase`], with the buyer and product already read for this request (see
    /// [`queries::purchase_precheck`]), which saves opening the order one read.
    async fn purchase_read(
        &self,
        req: &PurchaseRequest,
        read: Option<BuyerAndProduct>,
    ) -> Result<Placed, PlaceError> {
        let placed = self.open_read(req, read).await?;
        if placed.new {
            let orders = self.clone();
            let order = placed.order.clone();
            self.in_flight.spawn(async move {
                if let Err(e) = orders.submit(&order).await {
                    // The order stays `sending`; recovery marks it unknown and admins settle it.
                    tracing::error!(trxid = %order.trxid, error = %e, "supplier answer not recorded");
                }
            });
        }
        Ok(placed)
    }

    /// As [`Orders::purchase`], but returns only once the supplier's synchronous answer is
    /// recorded (for callers that need the order as it then stands; the final result comes
    /// later by callback).
    pub async fn place(&self, req: &PurchaseRequest) -> Result<Placed, PlaceError> {
        let placed = self.open(req).await?;
        if !placed.new {
            return Ok(placed);
        }
        let order = self.submit(&placed.order).await?;
        Ok(Placed { order, new: true })
    }

    /// Takes no more background supplier calls and waits for those already started, so that
    /// none is cut off between the supplier's answer and its record.
    pub async fn finish_in_flight(&self) {
        self.in_flight.close();
        self.in_flight.wait().await;
    }
}

/// A refusal the reseller is told is an outcome; a buyer never registered, or a failure
/// inside, is an error.
fn outcome(placed: Result<Placed, PlaceError>) -> Result<Bought, PlaceError> {
    match placed {
        Ok(placed) if placed.new => Ok(Bought::Placed(Box::new(placed.order))),
        Ok(placed) => Ok(Bought::AlreadyPlaced(Box::new(placed.order))),
        Err(e @ (PlaceError::NotRegistered | PlaceError::Internal(_))) => Err(e),
        Err(refused) => Ok(Bought::Refused(refused)),
    }
}
