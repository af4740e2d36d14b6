//! What the reconciler tells admins about the balance: a confirmed drift, with the orders it
//! may be about, and a low balance and its recovery.
use sqlx::PgConnection;

use super::DriftOrder;
use super::books::State;
use super::reconcile::Reconciler;
use crate::domain::Money;
use crate::{outbox, text::supplier as say};

impl Reconciler {
    pub(super) async fn observe_drift(
        &self,
        tx: &mut PgConnection,
        state: &mut State,
        report_id: i64,
        drift: i64,
        (patience, named): (i32, bool),
    ) -> sqlx::Result<()> {
        state.drift = drift;
        if drift == state.confirmed_drift {
            state.settled_report = report_id;
            state.candidate_drift = None;
            state.candidate_report = None;
            state.candidate_seen = 0;
            return Ok(());
        }
        let first = match (state.candidate_drift, state.candidate_report) {
            (Some(candidate), Some(first)) if candidate == drift => first,
            _ => {
                state.candidate_drift = Some(drift);
                state.candidate_report = Some(report_id);
                state.candidate_seen = 1;
                return Ok(());
            }
        };
        state.candidate_seen += 1;
        // Held by as many reports as this one's moment asks for.
        if state.candidate_seen < patience {
            return Ok(());
        }
        let orders = orders_between(tx, &state.supplier, state.settled_report, first).await?;
        let open = open_uncharged(tx).await?;
        let text = say::drift(
            named.then_some(state.supplier.as_str()),
            Money::from_rupiah(drift - state.confirmed_drift),
            Money::from_rupiah(drift),
            state.saldo.map(Money::from_rupiah),
            &orders,
            &open,
        );
        tracing::warn!(
            supplier = %state.supplier,
            drift,
            previous = state.confirmed_drift,
            "supplier balance drift confirmed"
        );
        outbox::alert_admins(
            tx,
            &self.admins,
            &format!("supplier:drift:{report_id}"),
            &text,
        )
        .await?;
        state.confirmed_drift = drift;
        state.settled_report = report_id;
        state.candidate_drift = None;
        state.candidate_report = None;
        state.candidate_seen = 0;
        Ok(())
    }

    pub(super) async fn observe_low(
        &self,
        tx: &mut PgConnection,
        state: &mut State,
        report_id: i64,
        saldo: i64,
        named: bool,
    ) -> sqlx::Result<()> {
        let Some(low) = self.low_balance else {
            return Ok(());
        };
        let below = saldo < low.rupiah();
        if below == state.low_alerted {
            return Ok(());
        }
        state.low_alerted = below;
        let (who, saldo_m) = (
            named.then_some(state.supplier.as_str()),
            Money::from_rupiah(saldo),
        );
        let (key, text) = if below {
            tracing::warn!(supplier = %state.supplier, saldo, low = low.rupiah(), "supplier balance low");
            ("low", say::low_balance(who, saldo_m, low))
        } else {
            ("recovered", say::balance_recovered(who, saldo_m, low))
        };
        let key = format!("supplier:{key}:{report_id}");
        outbox::alert_admins(tx, &self.admins, &key, &text).await
    }
}

async fn orders_between(
    conn: &mut PgConnection,
    supplier: &str,
    after: i64,
    upto: i64,
) -> sqlx::Result<Vec<DriftOrder>> {
    let rows: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "select o.trxid, o.product_code, o.status,
                (select r2.charge from supplier_reports r2
                  where r2.order_id = o.order_id and r2.charge is not null
                    and r2.supplier = $3
                  order by r2.report_id desc limit 1)
           from orders o
          where o.order_id in (select order_id from supplier_reports
                                where report_id > $1 and report_id <= $2 and supplier = $3)
          order by o.order_id",
    )
    .bind(after)
    .bind(upto)
    .bind(supplier)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(drift_order).collect())
}

/// Open orders the supplier may have charged without telling us yet (no answer recorded).
async fn open_uncharged(conn: &mut PgConnection) -> sqlx::Result<Vec<DriftOrder>> {
    let rows: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "select o.trxid, o.product_code, o.status, null::bigint from orders o
          where o.status in ('sending', 'unknown')
            and not exists (select 1 from supplier_reports r where r.order_id = o.order_id)
          order by o.order_id limit 20",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(drift_order).collect())
}

fn drift_order(
    (trxid, product_code, status, charge): (String, String, String, Option<i64>),
) -> DriftOrder {
    DriftOrder {
        trxid,
        product_code,
        status,
        charge: charge.map(Money::from_rupiah),
    }
}
