//! The supplier's synchronous answer to a purchase, recorded once the call returns (see
//! [`super::place`]): applied only while the order is still `sending`, since a callback may
//! have been faster.
use super::sent::Sent;
use super::supplier_reports::answer_report;
use super::transition::{Report, ReportKind, Source, apply};
use super::{Key, Order, OrderError, Orders, load};
use crate::biller::SupplierAnswer;
use crate::domain::OrderStatus;
use crate::sql::Sql;
use crate::{outbox, text};

impl Orders {
    /// Transaction 2: the supplier's synchronous answer about `order` (as placed), applied only
    /// while the order is still `sending`. A callback that came first has already decided; only
    /// a contradiction of it is worth recording.
    #[tracing::instrument(name = "Record supplier answer", skip_all, fields(trxid = %order.trxid))]
    pub async fn record_answer(
        &self,
        order: &Order,
        answer: &SupplierAnswer,
    ) -> Result<Order, OrderError> {
        let (order, _) = self.record_sent(order, &Sent::from_utama(answer)).await?;
        Ok(order)
    }

    /// [`Orders::record_answer`] for any supplier's answer about `order`'s current attempt
    /// (as sent), as [`Sent`] reads it. Also says whether this answer moved the order to its
    /// route's next supplier: then, and only then, the caller sends it there (R43).
    pub(super) async fn record_sent(
        &self,
        order: &Order,
        sent: &Sent,
    ) -> Result<(Order, bool), OrderError> {
        match sent {
            Sent::Accepted(f) => {
                let figures = (f.supplier_trxid.as_deref(), f.cost, f.saldo);
                let open = self.record_open(order, figures, OrderStatus::Pending, None, true);
                Ok((open.await?, false))
            }
            Sent::Unknown { why } => {
                tracing::warn!(trxid = %order.trxid, why = %why, "supplier answer unknown; money stays held");
                let figures = (None, None, None);
                let open = self.record_open(order, figures, OrderStatus::Unknown, Some(why), false);
                Ok((open.await?, false))
            }
            Sent::Rejected {
                figures: f,
                reason,
                fails_over,
            } => {
                let figures = (f.supplier_trxid.as_deref(), f.cost, f.saldo);
                let verdict = (ReportKind::Failed, None, *fails_over);
                self.record_final(order, figures, reason, verdict).await
            }
            Sent::Succeeded { figures: f, sn } => {
                let figures = (f.supplier_trxid.as_deref(), f.cost, f.saldo);
                let verdict = (ReportKind::Success, sn.as_deref(), false);
                self.record_final(order, figures, "", verdict).await
            }
        }
    }

    /// An answer that leaves the order open: its figures, `sending` → `to` (guarded: a faster
    /// callback's decision stands), the audit event, the report for the supplier reconciler
    /// (with `report`, for an accepted answer) and "sedang diproses" for the reseller, all in
    /// one statement, as it runs for nearly every purchase. The reseller hears "sedang diproses"
    /// either way; an unknown outcome is ours to chase, not theirs. Returns the order as it now
    /// stands.
    async fn record_open(
        &self,
        order: &Order,
        (supplier_trxid, cost, saldo): AnswerFigures<'_>,
        to: OrderStatus,
        note: Option<&str>,
        report: bool,
    ) -> Result<Order, OrderError> {
        let order_id = order.order_id;
        // The text is the placed order's: nothing it shows changes after placing.
        let told = text::order_accepted(&order.facts());
        let mut q = Sql::new();
        // The lock is taken first, so `prev` is the status this answer finds, after any callback
        // being applied (the update alone would return only the new one).
        // `current`: the order is still at the attempt this answer is about; a callback may
        // have moved it to the next supplier meanwhile (R43), whose attempt this must not touch.
        let prev = q.with("prev", |q| {
            q.push("select order_id, status, attempt = ")
                .bind(order.attempt)
                .push(" as current from orders where order_id = ")
                .bind(order_id)
                .push(" for update");
        });
        let o = q.with("o", |q| {
            q.push("update orders set supplier_trxid = case when prev.current then coalesce(")
                .bind(supplier_trxid)
                .push(", orders.supplier_trxid) else orders.supplier_trxid end, supplier_cost = case when prev.current then coalesce(")
                .bind(cost)
                .push(", orders.supplier_cost) else orders.supplier_cost end, supplier_saldo = case when prev.current then coalesce(")
                .bind(saldo)
                .push(", orders.supplier_saldo) else orders.supplier_saldo end,
                     status = case when prev.status = 'sending' and prev.current then ")
                .bind(to.as_str())
                .push(
                    " else orders.status end,
                     updated_at = case when prev.status = 'sending' and prev.current then now()
                                       else orders.updated_at end from ",
                )
                .cte(prev)
                .push(
                    " prev where orders.order_id = prev.order_id
                     returning orders.*, prev.status = 'sending' and prev.current as opened,
                               prev.current",
                );
        });
        if report {
            answer_report(&mut q, o, saldo);
        }
        let opened = q.with("opened", |q| {
            q.push("select order_id from ").cte(o).push(" where opened");
        });
        q.with("event", |q| {
            q.push(
                "insert into order_events (order_id, from_status, to_status, source, note)
                 select order_id, 'sending', ",
            )
            .bind(to.as_str())
            .push(", 'supplier', ")
            .bind(note)
            .push(" from ")
            .cte(opened);
        });
        // A line of several was told "diproses" by its message's combined answer (R47).
        if !order.several_lines {
            let key = format!("order:{order_id}:accepted");
            let to = (key.as_str(), order.user_chat_id);
            outbox::queue(&mut q, opened, to, &told, order.asked_in().quietly());
        }
        q.push(concat!(" select ", order_columns!(), ", o.opened from "))
            .cte(o)
            .push(" o join users u on u.user_id = o.user_id");
        let answered: Option<Answered> = q.query_as().fetch_optional(&self.pool).await?;
        let Answered { order, opened } = answered.ok_or(OrderError::NotFound { order_id })?;
        if opened {
            crate::wake::OUTBOX.ring();
        }
        Ok(order)
    }

    /// An answer that is already the result. A rejection charges nothing (a balance it reports
    /// is still worth keeping), and fails the order, or moves it to the route's next supplier
    /// (R43), unless a callback already settled it (a SUKSES gets a conflict, not a refund). A
    /// success (Digiflazz may answer `Sukses` at once) settles it as a callback's would.
    async fn record_final(
        &self,
        sent: &Order,
        (supplier_trxid, cost, saldo): AnswerFigures<'_>,
        reason: &str,
        (kind, sn, fails_over): (ReportKind, Option<&str>, bool),
    ) -> Result<(Order, bool), OrderError> {
        let order_id = sent.order_id;
        let mut tx = self.pool.begin().await?;
        if saldo.is_some() {
            sqlx::query(
                "insert into supplier_reports (source, order_id, saldo, supplier)
                 values ('answer', $1, $2, $3)",
            )
            .bind(order_id)
            .bind(saldo)
            .bind(&sent.supplier)
            .execute(&mut *tx)
            .await?;
        }
        // The update locks the order, so a callback being applied is waited for and seen; it
        // writes only while the order is still at the attempt this answer is about.
        let order: Option<Order> = sqlx::query_as(order_after!(
            "update orders set supplier_trxid = coalesce($2, supplier_trxid),
                               supplier_cost = coalesce($3, supplier_cost),
                               supplier_saldo = coalesce($4, supplier_saldo)
              where order_id = $1 and attempt = $5"
        ))
        .bind(order_id)
        .bind(supplier_trxid)
        .bind(cost)
        .bind(saldo)
        .bind(sent.attempt)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(order) = order else {
            // A callback moved the order on first; a SUKSES for the attempt it left is a
            // conflict (the product may be delivered twice), a GAGAL is news to nobody.
            let order = load(&mut tx, Key::Id(order_id), true)
                .await?
                .ok_or(OrderError::NotFound { order_id })?;
            if kind == ReportKind::Success {
                let said = (sent.attempt, sent.supplier.as_str());
                super::failover::earlier_success(&mut tx, &self.admins, &order, said).await?;
            }
            outbox::commit(tx).await?;
            return Ok((order, false));
        };
        let report = Report {
            kind,
            sn,
            reason: (kind == ReportKind::Failed).then_some(reason),
            source: Source::Supplier,
            fails_over,
        };
        let settled = match kind {
            ReportKind::Failed => OrderStatus::Failed,
            ReportKind::Success => OrderStatus::Success,
        };
        let (order, moved) = if order.status() == settled {
            (order, false)
        } else {
            let decision = apply(&mut tx, self.audience(), &order, &report).await?;
            let order = load(&mut tx, Key::Id(order_id), false)
                .await?
                .ok_or(OrderError::NotFound { order_id })?;
            (order, decision == super::transition::Decision::FailOver)
        };
        outbox::commit(tx).await?;
        Ok((order, moved))
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
