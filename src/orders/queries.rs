//! Read-only views of orders for resellers and admins.
use sqlx::{PgConnection, Row as _};

use super::pricing::{BuyerAndProduct, buyer_and_product, read_row};
use super::{Key, Order, load};
use crate::sql::Sql;

/// How many orders there are in each status that has any.
pub async fn count_by_status(conn: &mut PgConnection) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("select status, count(*) from orders group by status")
        .fetch_all(conn)
        .await
}

/// A reseller's latest orders, newest first.
pub async fn recent_for_user(
    conn: &mut PgConnection,
    user_id: i64,
    limit: i64,
) -> Result<Vec<Order>, sqlx::Error> {
    sqlx::query_as(select_order!(
        "o.user_id = $1 order by o.order_id desc limit $2"
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// One order by trxid, if `user_id` may see it (`None` = anyone, for admins).
pub async fn visible_to(
    conn: &mut PgConnection,
    trxid: &str,
    user_id: Option<i64>,
) -> Result<Option<Order>, sqlx::Error> {
    let found = load(conn, Key::Trxid(trxid), false).await?;
    // Another reseller's order is "not found": its existence is not ours to reveal.
    Ok(found.filter(|o| user_id.is_none_or(|u| u == o.user_id)))
}

/// Orders not final yet, oldest first.
pub async fn open_orders(conn: &mut PgConnection, limit: i64) -> Result<Vec<Order>, sqlx::Error> {
    sqlx::query_as(select_order!(
        "o.status in ('sending', 'pending', 'unknown') order by o.created_at limit $1"
    ))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// What a `/beli` learns before placing, in one round trip.
#[derive(Debug)]
pub(super) struct Precheck {
    /// The order this very message (line) already placed: a redelivered update (R8).
    pub placed: Option<Order>,
    /// Whether the same reseller bought the same product for the same destination within the
    /// window (failed orders do not count). A zero window never counts as recent.
    pub recent: bool,
    /// The operator whose numbers the product's brand fills, if it is a phone brand.
    pub product_operator: Option<String>,
    /// The operator of the destination's prefix, if it is a mobile number the table knows.
    pub number_operator: Option<String>,
    /// The buyer and the product as opening the order needs them, read in the same round trip.
    pub buyer_and_product: BuyerAndProduct,
}

pub(super) async fn purchase_precheck(
    conn: &mut PgConnection,
    source: (i64, i64, i16),
    user_id: i64,
    product_code: &str,
    destination: &str,
    window: std::time::Duration,
) -> Result<Precheck, sqlx::Error> {
    let (chat_id, message_id, line) = source;
    let prefix = crate::catalogue::prefix_of(destination);
    let mut q = Sql::new();
    q.push("select (select order_id from orders where chat_id = ")
        .bind(chat_id)
        .push(" and message_id = ")
        .bind(message_id)
        .push(" and line = ")
        .bind(line)
        .push("), exists(select 1 from orders where user_id = ")
        .bind(user_id)
        .push(" and lower(product_code) = lower(")
        .bind(product_code)
        .push(") and destination = ")
        .bind(destination)
        .push(" and created_at > now() - make_interval(secs => ")
        .bind(window.as_secs_f64())
        .push(
            ") and status <> 'failed'),
             (select b.operator from products p join brands b on b.brand_id = p.brand_id
               where lower(p.code) = lower(",
        )
        .bind(product_code)
        .push(")), (select operator from operator_prefixes where prefix = ")
        .bind(prefix)
        .push("), bp.* from (");
    buyer_and_product(&mut q, user_id, product_code);
    q.push(") bp");
    let row = q.query().fetch_one(&mut *conn).await?;
    let placed: Option<i64> = row.try_get(0)?;
    let recent: bool = row.try_get(1)?;
    let (product_operator, number_operator) = (row.try_get(2)?, row.try_get(3)?);
    let buyer_and_product = BuyerAndProduct {
        user_id,
        product: product_code.to_owned(),
        row: read_row(&row, 4)?,
    };
    let placed = match placed {
        Some(id) => load(conn, Key::Id(id), false).await?,
        None => None,
    };
    Ok(Precheck {
        placed,
        recent: recent && !window.is_zero(),
        product_operator,
        number_operator,
        buyer_and_product,
    })
}

/// The product and destination of a reseller's last order, for `/ulang`.
pub async fn last_purchase(
    conn: &mut PgConnection,
    user_id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "select product_code, destination from orders where user_id = $1
          order by order_id desc limit 1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// The order a Telegram message (one line of it) placed, if any.
pub async fn placed_by_message(
    conn: &mut PgConnection,
    source: super::MessageRef,
) -> Result<Option<Order>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "select order_id from orders where chat_id = $1 and message_id = $2 and line = $3",
    )
    .bind(source.chat_id)
    .bind(source.message_id)
    .bind(source.line)
    .fetch_optional(&mut *conn)
    .await?;
    match id {
        Some(id) => load(conn, Key::Id(id), false).await,
        None => Ok(None),
    }
}

/// Open orders older than `age` that admins have not been told about yet; marks them told.
pub async fn take_stuck(
    conn: &mut PgConnection,
    age: std::time::Duration,
) -> Result<Vec<Order>, sqlx::Error> {
    // The outer select sees the rows as they were before this statement's update, which is all
    // it needs: the update only stamps `stuck_alerted_at`.
    sqlx::query_as(concat!(
        "with stuck as (
             update orders set stuck_alerted_at = now()
              where status in ('pending', 'unknown') and stuck_alerted_at is null
                and created_at < now() - make_interval(secs => $1)
             returning order_id)
         ",
        select_order!("o.order_id in (select order_id from stuck) order by o.created_at")
    ))
    .bind(age.as_secs_f64())
    .fetch_all(conn)
    .await
}

/// Orders by id, in no particular order (for lists that name orders they refer to).
pub async fn by_ids(conn: &mut PgConnection, ids: &[i64]) -> Result<Vec<Order>, sqlx::Error> {
    sqlx::query_as(select_order!("o.order_id = any($1)"))
        .bind(ids)
        .fetch_all(conn)
        .await
}

/// What the supplier said about an order, for an admin weighing a complaint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplierSide {
    /// The supplier's own transaction id, when it sent one.
    pub supplier_trxid: Option<String>,
    /// Our cost price when the order was placed.
    pub cost: Option<i64>,
    /// What the supplier said it charged (its answer's `total`, else its callback's `harga`).
    pub charged: Option<i64>,
    /// The supplier's words about the order (its message or GAGAL reason).
    pub message: Option<String>,
}

from_row!(SupplierSide {
    supplier_trxid,
    cost,
    charged,
    message
});

pub async fn supplier_side(
    conn: &mut PgConnection,
    order_id: i64,
) -> Result<SupplierSide, sqlx::Error> {
    let side: Option<SupplierSide> = sqlx::query_as(
        "select supplier_trxid, cost,
                coalesce(nullif(supplier_cost, 0), nullif(callback_harga, 0)) as charged,
                supplier_reason as message
           from orders where order_id = $1",
    )
    .bind(order_id)
    .fetch_optional(conn)
    .await?;
    Ok(side.unwrap_or_default())
}
