//! Orders: from "a reseller wants product X for destination Y" to "final, and the money is
//! right". The state table lives in [`transition`]; every path that changes an order's status
//! goes through it, inside one database transaction with its ledger movement and its outbox
//! message. No transaction is open while the supplier is being called.
use std::sync::Arc;

use sqlx::{PgConnection, PgPool};
use tokio_util::task::TaskTracker;

use crate::biller::BillerClient;
use crate::domain::OrderStatus;
use crate::ledger::LedgerError;

/// The columns of an [`Order`], from `orders o` and its owner `users u`.
macro_rules! order_columns {
    () => {
        "o.order_id, o.trxid, o.user_id, o.product_code, o.product_name, o.destination, o.price,
         o.status, o.sn, o.supplier_reason, o.created_at, o.finished_at, u.chat_id as user_chat_id,
         o.refunded, o.refund_source, o.refunded_by, o.refunded_at, o.attempt, o.supplier, o.sku,
         o.message_id, o.several_lines"
    };
}

macro_rules! select_order {
    ($cond:literal) => {
        concat!(
            "select ",
            order_columns!(),
            " from orders o join users u on u.user_id = o.user_id where ",
            $cond
        )
    };
}

/// An insert into or update of `orders` that returns the [`Order`] as it wrote it, in the same
/// statement (an update locks the row as `for update` would). `$also` adds statements on `o`,
/// the rows written, as further `, name as (…)` clauses.
macro_rules! order_after {
    ($dml:literal) => {
        order_after!($dml, "")
    };
    ($dml:literal, $also:literal) => {
        concat!(
            "with o as (",
            $dml,
            " returning *)",
            $also,
            " select ",
            order_columns!(),
            " from o join users u on u.user_id = o.user_id"
        )
    };
}

mod answer;
mod check_schedule;
mod failover;
mod sent;
mod webhook;
pub use failover::FailoverPolicy;
mod callback;
mod callback_checks;
mod callback_log;
mod columns;
pub mod confirmations;
mod order;
mod place;
mod pricing;
mod purchase;
pub mod queries;
mod recovery;
mod refund;
mod report;
mod request;
mod resolve;
mod settle;
pub mod settle_questions;
mod status_check;
mod supplier_reports;
mod transition;

pub use callback::CallbackOutcome;
pub use callback_log::{CallbackAudit, STATUS_CHECK_PEER};
pub use columns::StatusColumn;
pub use order::Order;
pub use purchase::{Bought, Policy, Question};
pub use refund::{AlsoInRefund, RefundError, RefundRequest, Refunded, Refused};
pub use request::{MessageRef, PlaceError, Placed, PurchaseRequest};
pub use resolve::{Guard, Resolution, ResolveOutcome};
pub use status_check::{CheckSchedule, GIVE_UP_AFTER, MOST_BETWEEN_CHECKS, Pass};
pub use transition::{Decision, ReportKind, decide};

/// The order desk: places orders, hears the supplier, applies callbacks and admin decisions.
#[derive(Clone)]
pub struct Orders {
    pool: PgPool,
    biller: BillerClient,
    admins: Arc<[i64]>,
    /// Supplier requests started by [`Orders::purchase`]; shutdown waits for them.
    in_flight: TaskTracker,
    /// Whether a buyer no admin approved is refused.
    registration: crate::domain::Registration,
    /// `SUPPORT_CONTACT`: whom a reseller is told to ask (a SUKSES without its SN).
    support_contact: Option<crate::domain::SupportContact>,
    /// `FAILOVER_MAX`, `FAILOVER_WINDOW_SECS` (R43).
    failover: FailoverPolicy,
    /// The second supplier, when `DIGIFLAZZ_*` configure it.
    digiflazz: Option<crate::digiflazz::DigiflazzClient>,
}

/// The supplier `BILLER_*` configure, there from the start (0032).
pub const UTAMA: &str = "utama";
/// The supplier `DIGIFLAZZ_*` configure.
pub const DIGIFLAZZ: &str = "digiflazz";

from_row!(Order {
    order_id,
    trxid: columns::trxid,
    user_id,
    product_code: columns::product_code,
    product_name,
    destination: columns::destination,
    price: columns::money,
    status: StatusColumn::read,
    sn,
    supplier_reason,
    created_at,
    finished_at,
    user_chat_id,
    refund: columns::refund,
    attempt,
    supplier,
    sku,
    message_id,
    several_lines
});

#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// An order that was just written or locked could not be read back.
    #[error("order {order_id} not found")]
    NotFound { order_id: i64 },
    /// A message's order was not inserted because it exists, yet it could not be found.
    #[error("the order of message {chat_id}/{message_id} not found")]
    MessageOrderNotFound { chat_id: i64, message_id: i64 },
    /// The order's status was no longer `from` when a change guarded on it was written.
    #[error("order {order_id} is no longer {from}")]
    StatusChanged { order_id: i64, from: OrderStatus },
}

impl Orders {
    pub fn new(pool: PgPool, biller: BillerClient, admins: &[i64]) -> Self {
        Self {
            pool,
            biller,
            admins: admins.into(),
            in_flight: TaskTracker::new(),
            registration: crate::domain::Registration::Open,
            support_contact: None,
            failover: FailoverPolicy::default(),
            digiflazz: None,
        }
    }

    /// Refuses purchases of buyers no admin approved when `registration` asks for approval.
    #[must_use]
    pub fn with_registration(mut self, registration: crate::domain::Registration) -> Self {
        self.registration = registration;
        self
    }

    /// Names `SUPPORT_CONTACT` wherever a reseller is told to ask an admin.
    #[must_use]
    pub fn with_support_contact(mut self, contact: Option<crate::domain::SupportContact>) -> Self {
        self.support_contact = contact;
        self
    }

    pub fn support_contact(&self) -> Option<&crate::domain::SupportContact> {
        self.support_contact.as_ref()
    }

    fn audience(&self) -> transition::Audience<'_> {
        transition::Audience {
            admins: &self.admins,
            contact: self.support_contact.as_ref(),
            failover: self.failover,
        }
    }

    /// Digiflazz, as the supplier of the attempts routed to it.
    #[must_use]
    pub fn with_digiflazz(mut self, client: Option<crate::digiflazz::DigiflazzClient>) -> Self {
        self.digiflazz = client;
        self
    }

    /// How far a failing order may travel along its route (R43).
    #[must_use]
    pub fn with_failover(mut self, failover: FailoverPolicy) -> Self {
        self.failover = failover;
        self
    }

    /// Who hears about orders (`ADMIN_IDS`).
    pub fn admins(&self) -> &[i64] {
        &self.admins
    }

    /// One order by our trxid, as it stands now.
    pub async fn find(&self, trxid: &str) -> Result<Option<Order>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        load(&mut conn, Key::Trxid(trxid), false).await
    }
}

/// Which order to load.
#[derive(Clone, Copy)]
enum Key<'a> {
    Id(i64),
    Trxid(&'a str),
}

/// Loads one order; with `lock`, holds its row until the transaction ends so that concurrent
/// reports about the same order are applied one after another.
async fn load(
    conn: &mut PgConnection,
    key: Key<'_>,
    lock: bool,
) -> Result<Option<Order>, sqlx::Error> {
    let sql = match (key, lock) {
        (Key::Id(_), false) => LOAD_BY_ID,
        (Key::Id(_), true) => LOAD_BY_ID_LOCKED,
        (Key::Trxid(_), false) => LOAD_BY_TRXID,
        (Key::Trxid(_), true) => LOAD_BY_TRXID_LOCKED,
    };
    let query = sqlx::query_as(sql);
    let query = match key {
        Key::Id(id) => query.bind(id),
        Key::Trxid(trxid) => query.bind(trxid.to_owned()),
    };
    query.fetch_optional(conn).await
}

const LOAD_BY_ID: &str = select_order!("o.order_id = $1");
const LOAD_BY_ID_LOCKED: &str = select_order!("o.order_id = $1 for update of o");
const LOAD_BY_TRXID: &str = select_order!("o.trxid = $1");
const LOAD_BY_TRXID_LOCKED: &str = select_order!("o.trxid = $1 for update of o");
