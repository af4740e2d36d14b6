//! Placing an order: commit the order and its hold, then call the supplier, then record its
//! answer (see [`super::answer`]) guarded on `sending` (a callback may have been faster).
use super::pricing::{BuyerAndProduct, ProductRow, check_buyer_and_product};
use super::request::{PlaceError, Placed, PurchaseRequest};
use super::sent::Sent;
use super::{DIGIFLAZZ, Order, OrderError, Orders, UTAMA, queries};
use crate::domain::Money;
use crate::ledger;
use crate::sql::{Cte, Sql};

impl Orders {
    /// Transaction 1: the order in `sending` and its hold, committed before any network call.
    pub async fn open(&self, req: &PurchaseRequest) -> Result<Placed, PlaceError> {
        self.open_read(req, None).await
    }

    /// As [`Orders::open`], with the buyer and product already read for this request (by the
    /// `/beli` check, in its own round trip); anything read for another request is read again.
    #[tracing::instrument(name = "Open order", skip_all, fields(user_id = req.user_id, product = %req.product, dest = %req.destination.masked()))]
    pub(super) async fn open_read(
        &self,
        req: &PurchaseRequest,
        read: Option<BuyerAndProduct>,
    ) -> Result<Placed, PlaceError> {
        let mut conn = self.pool.acquire().await?;
        let product = check_buyer_and_product(&mut conn, req, read, self.registration).await?;
        let src = req.source;
        // One statement: the hold on the buyer's balance, the order (only if the hold was
        // taken), its first event and the hold's ledger rows. A message that already placed an
        // order makes the insert fail, and a failed statement writes nothing, hold included.
        let mut q = Sql::new();
        let hold = ledger::hold(&mut q, req.user_id, Money::from_rupiah(product.price));
        let o = q.with("o", |q| insert_order(q, req, &product, hold.taken()));
        q.with("placed", |q| {
            q.push(
                "insert into order_events (order_id, from_status, to_status, source)
                 select order_id, null, 'sending', 'placed' from ",
            )
            .cte(o);
        });
        ledger::record_hold(&mut q, &hold, o);
        q.push(concat!(" select ", order_columns!(), " from "))
            .cte(o)
            .push(" o join users u on u.user_id = o.user_id");
        let inserted: Result<Option<Order>, sqlx::Error> =
            q.query_as().fetch_optional(&mut *conn).await;
        let placed_before = match inserted {
            Ok(Some(order)) => {
                tracing::info!(trxid = %order.trxid, user_id = order.user_id, amount = order.price.rupiah(), "order held");
                return Ok(Placed { order, new: true });
            }
            Err(e) => match e.as_database_error().and_then(|d| d.constraint()) {
                Some("orders_counter_once_a_day") => return Err(PlaceError::CounterUsed),
                Some("orders_one_per_message") => true,
                _ => return Err(e.into()),
            },
            // No hold: the balance is short, unless this message placed its order already and
            // spent it.
            Ok(None) => false,
        };
        if let Some(src) = src
            && let Some(order) = queries::placed_by_message(&mut conn, src).await?
        {
            tracing::info!(trxid = %order.trxid, "message already placed an order; not placing another");
            return Ok(Placed { order, new: false });
        }
        if placed_before {
            return Err(OrderError::MessageOrderNotFound {
                chat_id: src.map_or(0, |s| s.chat_id),
                message_id: src.map_or(0, |s| s.message_id),
            }
            .into());
        }
        match ledger::balance(&mut conn, req.user_id).await? {
            Some(balance) => Err(PlaceError::InsufficientBalance {
                balance,
                price: Money::from_rupiah(product.price),
            }),
            None => Err(PlaceError::NotRegistered),
        }
    }

    /// Sends a committed `sending` order to its current attempt's supplier and records the
    /// answer; when that answer moved the order to the route's next supplier (R43), sends it
    /// there too, and so on, at most as many times as an order may have attempts.
    #[tracing::instrument(name = "Submit order", skip_all, fields(trxid = %order.trxid))]
    pub async fn submit(&self, order: &Order) -> Result<Order, OrderError> {
        let mut order = order.clone();
        loop {
            let answer = self.send(&order).await;
            let (now, moved) = self.record_sent(&order, &answer).await?;
            // Only the answer that moved the order sends the next attempt: a callback that
            // moved it sends it itself, so each attempt is sent once.
            if !moved {
                return Ok(now);
            }
            order = now;
        }
    }

    /// The current attempt, sent to its supplier under its own ref. Digiflazz is told the most
    /// it may charge: what the reseller paid, so no supplier sells at a loss.
    async fn send(&self, order: &Order) -> Sent {
        let reference = order.attempt_ref().to_string();
        match (order.supplier.as_str(), &self.digiflazz) {
            (DIGIFLAZZ, Some(client)) => {
                let max_price = Some(order.price.rupiah());
                let dest = order.destination.as_str();
                Sent::from_digiflazz(
                    &client
                        .transaction(&reference, order.sku(), dest, max_price)
                        .await,
                )
            }
            (UTAMA, _) => {
                let answer = self
                    .biller
                    .purchase(&reference, order.sku(), &order.destination)
                    .await;
                Sent::from_utama(&answer)
            }
            (other, _) => Sent::Unknown {
                why: format!("supplier {other} is not configured; nothing was sent"),
            },
        }
    }

    /// After a callback moved order `order_id` to its next supplier: sends it there in the
    /// background, tracked like a purchase's first call.
    pub(super) fn submit_next(&self, order_id: i64) {
        let orders = self.clone();
        self.in_flight.spawn(async move {
            let read = match orders.pool.acquire().await {
                Ok(mut conn) => super::load(&mut conn, super::Key::Id(order_id), false).await,
                Err(e) => Err(e),
            };
            let order = match read {
                Ok(Some(order)) if order.status() == crate::domain::OrderStatus::Sending => order,
                Ok(_) => return,
                Err(e) => {
                    tracing::error!(order_id, error = %e, "order for the next supplier not read");
                    return;
                }
            };
            if let Err(e) = orders.submit(&order).await {
                // The order stays `sending`; recovery marks it unknown and admins settle it.
                tracing::error!(trxid = %order.trxid, error = %e, "next supplier's answer not recorded");
            }
        });
    }
}

/// The order's insert, one row for each row of `taken` (the hold): the trxid is the time in
/// Jakarta and the order's id, so it sorts by time and is unique.
fn insert_order(q: &mut Sql, req: &PurchaseRequest, product: &ProductRow, taken: Cte) {
    let src = req.source;
    q.push(
        "insert into orders (order_id, trxid, user_id, product_code, product_name, destination,
                             price, chat_id, message_id, update_id, cost, level_id, line, counter,
                             supplier, sku, several_lines)
         select id, to_char(now() at time zone 'Asia/Jakarta', 'YYMMDDHH24MISS')
                    || lpad((id % 100000000)::text, 8, '0'), ",
    )
    .bind(req.user_id)
    .push(", ")
    .bind(&product.code)
    .push(", ")
    .bind(&product.name)
    .push(", ")
    .bind(req.destination.as_str())
    .push(", ")
    .bind(product.price)
    .push(", ")
    .bind(src.map(|s| s.chat_id))
    .push(", ")
    .bind(src.map(|s| s.message_id))
    .push(", ")
    .bind(src.and_then(|s| s.update_id))
    .push(", ")
    .bind(product.cost)
    .push(", ")
    .bind(product.level_id)
    .push(", ")
    .bind(src.map_or(0, |s| s.line))
    .push(", ")
    .bind(req.counter)
    .push(", ")
    .bind(&product.step.supplier)
    .push(", ")
    // The product's own code is the default SKU, kept as none.
    .bind((product.step.sku != product.code).then_some(&product.step.sku))
    .push(", ")
    .bind(src.is_some_and(|s| s.several))
    .push(" from ")
    .cte(taken)
    .push(
        ", (select nextval(pg_get_serial_sequence('orders', 'order_id')) as id) n
         returning *",
    );
}
