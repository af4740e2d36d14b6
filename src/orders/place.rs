//! Placing an order: commit the order and its hold, then call the supplier, then record its
//! answer in a second transaction guarded on `sending` (a callback may have been faster).
use super::pricing::check_buyer_and_product;
use super::transition::{Report, ReportKind, Source, apply};
use super::{Key, Order, OrderError, Orders, load, queries};
use crate::biller::SupplierAnswer;
use crate::domain::{Destination, Money, OrderStatus, ProductCode};
use crate::ledger;
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
        let mut conn = self.pool.acquire().await?;
        let product = check_buyer_and_product(&mut conn, req).await?;
        let src = req.source;
        // One statement: the hold on the buyer's balance, the order (only if the hold was
        // taken), its first event and the hold's ledger rows. A message that already placed an
        // order makes the insert fail, and a failed statement writes nothing, hold included.
        let inserted: Result<Option<Order>, sqlx::Error> = sqlx::query_as(concat!(
            "with acct as (",
            user_balance_change!(),
            "), o as (
                  insert into orders (order_id, trxid, user_id, product_code, product_name,
                                      destination, price, chat_id, message_id, update_id, cost,
                                      level_id, line, counter)
                  select id, to_char(now() at time zone 'Asia/Jakarta', 'YYMMDDHH24MISS')
                             || lpad((id % 100000000)::text, 8, '0'),
                         $2, $3, $4, $5, $6, $7, $9, $10, $11, $12, $13, $14
                    from acct, (select nextval(pg_get_serial_sequence('orders', 'order_id')) as id) n
               returning *),
             placed as (
                  insert into order_events (order_id, from_status, to_status, source)
                  select order_id, null, 'sending', 'placed' from o),
             txn as (
                  insert into ledger_txns (kind, order_id, amount)
                  select 'hold', order_id, price from o
               returning txn_id),
             entries as (",
            movement_entries!(),
            ") select ",
            order_columns!(),
            " from o join users u on u.user_id = o.user_id"
        ))
        .bind(-product.price)
        .bind(req.user_id)
        .bind(&product.code)
        .bind(&product.name)
        .bind(req.destination.as_str())
        .bind(product.price)
        .bind(src.map(|s| s.chat_id))
        .bind(ledger::HOLDS)
        .bind(src.map(|s| s.message_id))
        .bind(src.and_then(|s| s.update_id))
        .bind(product.cost)
        .bind(product.level_id)
        .bind(src.map_or(0, |s| s.line))
        .bind(req.counter)
        .fetch_optional(&mut *conn)
        .await;
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

    /// Sends a committed `sending` order to the supplier and records the answer.
    #[tracing::instrument(name = "Submit order", skip_all, fields(trxid = %order.trxid))]
    pub async fn submit(&self, order: &Order) -> Result<Order, OrderError> {
        let answer = self
            .biller
            .purchase(&order.trxid, &order.product_code, &order.destination)
            .await;
        self.record_answer(order, &answer).await
    }

    /// Transaction 2: the supplier's synchronous answer about `order` (as placed), applied only
    /// while the order is still `sending`. A callback that came first has already decided; only
    /// a contradiction of it is worth recording.
    #[tracing::instrument(name = "Record supplier answer", skip_all, fields(trxid = %order.trxid))]
    pub async fn record_answer(
        &self,
        order: &Order,
        answer: &SupplierAnswer,
    ) -> Result<Order, OrderError> {
        match answer {
            SupplierAnswer::Accepted {
                supplier_trxid,
                cost,
                saldo,
            } => {
                let figures = (supplier_trxid.as_deref(), *cost, *saldo);
                self.record_open(order, figures, OrderStatus::Pending, None, Some(*saldo))
                    .await
            }
            SupplierAnswer::Unknown { why } => {
                tracing::warn!(trxid = %order.trxid, why = %why, "supplier answer unknown; money stays held");
                let figures = (None, None, None);
                self.record_open(order, figures, OrderStatus::Unknown, Some(why), None)
                    .await
            }
            SupplierAnswer::Rejected {
                supplier_trxid,
                cost,
                saldo,
                reason,
            } => {
                let figures = (supplier_trxid.as_deref(), *cost, *saldo);
                self.record_rejection(order.order_id, figures, reason).await
            }
        }
    }

    /// An answer that leaves the order open: its figures, `sending` → `to` (guarded: a faster
    /// callback's decision stands), the audit event, the report for the supplier reconciler
    /// (`report` holds the balance the answer reported, if any) and "sedang diproses" for the
    /// reseller, all in one statement, as it runs for nearly every purchase. The reseller hears
    /// "sedang diproses" either way; an unknown outcome is ours to chase, not theirs. Returns the
    /// order as it now stands.
    async fn record_open(
        &self,
        order: &Order,
        (supplier_trxid, cost, saldo): AnswerFigures<'_>,
        to: OrderStatus,
        note: Option<&str>,
        report: Option<Option<i64>>,
    ) -> Result<Order, OrderError> {
        let order_id = order.order_id;
        // The text is the placed order's: nothing it shows changes after placing.
        let told = text::order_accepted(&order.facts());
        let answered: Option<Answered> = sqlx::query_as(concat!(
            // The lock is taken first, so `prev` is the status this answer finds, after any
            // callback being applied (the update alone would return only the new one).
            "with prev as (select order_id, status from orders where order_id = $1 for update),
             o as (
                  update orders
                     set supplier_trxid = coalesce($2, orders.supplier_trxid),
                         supplier_cost = coalesce($3, orders.supplier_cost),
                         supplier_saldo = coalesce($4, orders.supplier_saldo),
                         status = case when prev.status = 'sending' then $5 else orders.status end,
                         updated_at = case when prev.status = 'sending' then now()
                                           else orders.updated_at end
                    from prev where orders.order_id = prev.order_id
               returning orders.*, prev.status = 'sending' as opened),
             report as (",
            answer_report!(),
            "), event as (
                  insert into order_events (order_id, from_status, to_status, source, note)
                  select order_id, 'sending', $5, 'supplier', $6 from o where opened),
             told as (",
            queue_message!("$8", "$9", "$10", "o where opened"),
            ") select ",
            order_columns!(),
            ", o.opened from o join users u on u.user_id = o.user_id"
        ))
        .bind(order_id)
        .bind(supplier_trxid)
        .bind(cost)
        .bind(saldo)
        .bind(to.as_str())
        .bind(note)
        .bind(report.is_some())
        .bind(format!("order:{order_id}:accepted"))
        .bind(order.user_chat_id)
        .bind(told)
        .fetch_optional(&self.pool)
        .await?;
        let Answered { order, opened } = answered.ok_or(OrderError::NotFound { order_id })?;
        if opened {
            crate::wake::OUTBOX.ring();
        }
        Ok(order)
    }

    /// A rejection: it charges nothing (a balance it reports is still worth keeping), and fails
    /// the order unless a callback already settled it (a SUKSES gets a conflict, not a refund).
    async fn record_rejection(
        &self,
        order_id: i64,
        (supplier_trxid, cost, saldo): AnswerFigures<'_>,
        reason: &str,
    ) -> Result<Order, OrderError> {
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
        let order = if order.status() == OrderStatus::Failed {
            order
        } else {
            apply(&mut tx, &self.admins, &order, &report).await?;
            load(&mut tx, Key::Id(order_id), false)
                .await?
                .ok_or(OrderError::NotFound { order_id })?
        };
        outbox::commit(tx).await?;
        Ok(order)
    }
}

/// An answer's supplier transaction id, charge (`total`) and reported balance (`saldo`).
type AnswerFigures<'a> = (Option<&'a str>, Option<i64>, Option<i64>);

/// What [`Orders::record_open`] returns: the order, and whether this answer opened it.
struct Answered {
    order: Order,
    opened: bool,
}

impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for Answered {
    fn from_row(row: &'r sqlx::postgres::PgRow) -> sqlx::Result<Self> {
        use sqlx::Row as _;
        Ok(Self {
            order: <Order as sqlx::FromRow<_>>::from_row(row)?,
            opened: row.try_get("opened")?,
        })
    }
}
