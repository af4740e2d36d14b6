//! Placing an order: commit the order and its hold, then call the supplier, then record its
//! answer in a second transaction guarded on `sending` (a callback may have been faster).
use sqlx::PgConnection;

use super::pricing::check_buyer_and_product;
use super::transition::{Report, ReportKind, Source, apply};
use super::{Key, Order, OrderError, Orders, load, queries};
use crate::biller::SupplierAnswer;
use crate::domain::{Destination, Money, OrderStatus, ProductCode};
use crate::ledger::{self, LedgerError};
use crate::{outbox, text};

#[derive(Debug, Clone)]
pub struct PurchaseRequest {
    pub user_id: i64,
    pub product: ProductCode,
    pub destination: Destination,
    /// The Telegram message asking for it; the same message (line) never makes a second order.
    pub source: Option<MessageRef>,
    /// The N of `KODE.N.TUJUAN`: a deliberate repeat, placed once per N a day.
    pub counter: Option<i16>,
}

#[derive(Debug, Clone, Copy)]
pub struct MessageRef {
    pub chat_id: i64,
    pub message_id: i64,
    pub update_id: Option<i64>,
    /// Which purchase of a message of several (0 for the first or only one).
    pub line: i16,
}

#[derive(Debug, thiserror::Error)]
pub enum PlaceError {
    #[error("user is not registered")]
    NotRegistered,
    #[error("user is blocked")]
    Blocked,
    #[error("no such product")]
    UnknownProduct,
    #[error("product is not active")]
    ProductInactive { name: String },
    #[error("product is in trouble (gangguan)")]
    Disrupted {
        name: String,
        reason: Option<String>,
    },
    #[error("the product's category is closed now")]
    Closed {
        category: String,
        opens: chrono::NaiveTime,
    },
    #[error("this counter was used today for this product and destination")]
    CounterUsed,
    #[error("insufficient balance")]
    InsufficientBalance { balance: Money, price: Money },
    #[error(transparent)]
    Internal(#[from] OrderError),
}

impl From<sqlx::Error> for PlaceError {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.into())
    }
}

#[derive(Debug, Clone)]
pub struct Placed {
    pub order: Order,
    /// False when this message had already placed the order (a redelivered update).
    pub new: bool,
}

impl Orders {
    /// Transaction 1: the order in `sending` and its hold, committed before any network call.
    #[tracing::instrument(name = "Open order", skip_all, fields(user_id = req.user_id, product = %req.product, dest = %req.destination.masked()))]
    pub async fn open(&self, req: &PurchaseRequest) -> Result<Placed, PlaceError> {
        let mut tx = self.pool.begin().await?;
        let product = check_buyer_and_product(&mut tx, req).await?;
        let src = req.source;
        let inserted: Option<Order> = sqlx::query_as(order_after!(
            "insert into orders (order_id, trxid, user_id, product_code, product_name, destination,
                                 price, chat_id, message_id, update_id, cost, level_id, line,
                                 counter)
             select id, to_char(now() at time zone 'Asia/Jakarta', 'YYMMDDHH24MISS')
                        || lpad((id % 100000000)::text, 8, '0'),
                    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
               from (select nextval(pg_get_serial_sequence('orders', 'order_id')) as id) n
             on conflict (chat_id, message_id, line) do nothing",
            // Its first event, `placed` into `sending`, in the same statement: no round trip
            // of its own.
            ", placed as (insert into order_events (order_id, from_status, to_status, source)
                          select order_id, null, 'sending', 'placed' from o)"
        ))
        .bind(req.user_id)
        .bind(&product.code)
        .bind(&product.name)
        .bind(req.destination.as_str())
        .bind(product.price)
        .bind(src.map(|s| s.chat_id))
        .bind(src.map(|s| s.message_id))
        .bind(src.and_then(|s| s.update_id))
        .bind(product.cost)
        .bind(product.level_id)
        .bind(src.map_or(0, |s| s.line))
        .bind(req.counter)
        .fetch_optional(&mut *tx)
        .await
        .map_err(
            |e| match e.as_database_error().and_then(|d| d.constraint()) {
                Some("orders_counter_once_a_day") => PlaceError::CounterUsed,
                _ => PlaceError::from(e),
            },
        )?;
        let order = match (inserted, src) {
            (Some(order), _) => order,
            (None, Some(src)) => {
                drop(tx);
                let mut conn = self.pool.acquire().await?;
                let order = queries::placed_by_message(&mut conn, src).await?.ok_or(
                    OrderError::MessageOrderNotFound {
                        chat_id: src.chat_id,
                        message_id: src.message_id,
                    },
                )?;
                tracing::info!(trxid = %order.trxid, "message already placed an order; not placing another");
                return Ok(Placed { order, new: false });
            }
            // NULL message keys never conflict, so an insert without one always returns its id.
            (None, None) => return Err(OrderError::NotInserted.into()),
        };
        let order_id = order.order_id;
        let price = order.price;
        match ledger::hold(&mut tx, req.user_id, order_id, price).await {
            Ok(_) => {}
            Err(LedgerError::InsufficientBalance) => {
                drop(tx);
                let balance = self.balance_of(req.user_id).await?;
                return Err(PlaceError::InsufficientBalance { balance, price });
            }
            Err(LedgerError::NoAccount(_)) => return Err(PlaceError::NotRegistered),
            Err(e) => return Err(OrderError::from(e).into()),
        }
        outbox::commit(tx).await?;
        tracing::info!(trxid = %order.trxid, user_id = order.user_id, amount = order.price.rupiah(), "order held");
        Ok(Placed { order, new: true })
    }

    /// Sends a committed `sending` order to the supplier and records the answer.
    #[tracing::instrument(name = "Submit order", skip_all, fields(trxid = %order.trxid))]
    pub async fn submit(&self, order: &Order) -> Result<Order, OrderError> {
        let answer = self
            .biller
            .purchase(&order.trxid, &order.product_code, &order.destination)
            .await;
        self.record_answer(order.order_id, &answer).await
    }

    /// Transaction 2: the supplier's synchronous answer, applied only while the order is still
    /// `sending`. A callback that came first has already decided; only a contradiction of it is
    /// worth recording.
    #[tracing::instrument(name = "Record supplier answer", skip_all, fields(order_id, trxid))]
    pub async fn record_answer(
        &self,
        order_id: i64,
        answer: &SupplierAnswer,
    ) -> Result<Order, OrderError> {
        let (supplier_trxid, cost, saldo) = match answer {
            SupplierAnswer::Accepted {
                supplier_trxid,
                cost,
                saldo,
            }
            | SupplierAnswer::Rejected {
                supplier_trxid,
                cost,
                saldo,
                ..
            } => (supplier_trxid.as_deref(), *cost, *saldo),
            SupplierAnswer::Unknown { .. } => (None, None, None),
        };
        let mut tx = self.pool.begin().await?;
        // The update locks the order, so a callback being applied is waited for and seen.
        let order: Order = sqlx::query_as(order_after!(
            "update orders set supplier_trxid = coalesce($2, supplier_trxid),
                               supplier_cost = coalesce($3, supplier_cost),
                               supplier_saldo = coalesce($4, supplier_saldo)
              where order_id = $1"
        ))
        .bind(order_id)
        .bind(supplier_trxid)
        .bind(cost)
        .bind(saldo)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(OrderError::NotFound { order_id })?;
        tracing::Span::current().record("trxid", order.trxid.as_str());
        let order = match answer {
            SupplierAnswer::Rejected { reason, .. } => {
                // A rejection charges nothing; a balance it reports is still worth keeping.
                if saldo.is_some() {
                    sqlx::query(
                        "insert into supplier_reports (source, order_id, saldo)
                         values ('answer', $1, $2)",
                    )
                    .bind(order_id)
                    .bind(saldo)
                    .execute(&mut *tx)
                    .await?;
                }
                let report = Report {
                    kind: ReportKind::Failed,
                    sn: None,
                    reason: Some(reason),
                    source: Source::Supplier,
                };
                // An order the callback already settled as SUKSES gets a conflict, not a refund.
                if order.status() == OrderStatus::Failed {
                    order
                } else {
                    apply(&mut tx, &self.admins, &order, &report).await?;
                    load(&mut tx, Key::Id(order_id), false)
                        .await?
                        .ok_or(OrderError::NotFound { order_id })?
                }
            }
            SupplierAnswer::Accepted { .. } => {
                mark_open(&mut tx, order, OrderStatus::Pending, None, Some(saldo)).await?
            }
            SupplierAnswer::Unknown { why } => {
                tracing::warn!(trxid = %order.trxid, why = %why, "supplier answer unknown; money stays held");
                mark_open(&mut tx, order, OrderStatus::Unknown, Some(why), None).await?
            }
        };
        outbox::commit(tx).await?;
        Ok(order)
    }

    async fn balance_of(&self, user_id: i64) -> Result<Money, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        Ok(ledger::balance(&mut conn, user_id)
            .await?
            .unwrap_or_default())
    }
}

/// `sending` → `pending` or `unknown`, guarded: a faster callback's decision stands. The
/// reseller hears "sedang diproses" either way; an unknown outcome is ours to chase, not theirs.
/// An accepted answer (`report` holds the balance it reported, if any) also leaves its report
/// for the supplier reconciler, in the same statement. Returns the order as it now stands
/// (`order` is locked by the caller).
async fn mark_open(
    conn: &mut PgConnection,
    order: Order,
    to: OrderStatus,
    note: Option<&str>,
    report: Option<Option<i64>>,
) -> Result<Order, OrderError> {
    let recorded = sqlx::query(concat!(
        "with report as (",
        answer_report!(),
        "), changed as (
              update orders set status = $2, updated_at = now()
               where order_id = $1 and status = 'sending'
           returning order_id)
         insert into order_events (order_id, from_status, to_status, source, note)
         select order_id, 'sending', $2, 'supplier', $3 from changed"
    ))
    .bind(order.order_id)
    .bind(to.as_str())
    .bind(note)
    .bind(report.flatten())
    .bind(report.is_some())
    .execute(&mut *conn)
    .await?;
    if recorded.rows_affected() == 0 {
        return Ok(order);
    }
    let key = format!("order:{}:accepted", order.order_id);
    outbox::enqueue(
        conn,
        &key,
        order.user_chat_id,
        text::order_accepted(&order.facts()),
    )
    .await?;
    Ok(Order {
        status: super::StatusColumn(to),
        ..order
    })
}
