//! `/komplain` alone: a reseller's own complaints, or (for admins) every open one.
use std::collections::HashMap;

use sqlx::PgConnection;

use super::Complaint;
use crate::orders::{Order, queries};

/// How many complaints one list shows.
const LIST_LIMIT: i64 = 30;

/// Complaints with the orders they are about.
pub struct Listed {
    pub complaints: Vec<Complaint>,
    orders: HashMap<i64, Order>,
}

impl Listed {
    /// The order a listed complaint is about.
    pub fn order(&self, c: &Complaint) -> Option<&Order> {
        self.orders.get(&c.order_id)
    }
}

/// A reseller's complaints, newest first.
pub async fn of_user(conn: &mut PgConnection, user_id: i64) -> sqlx::Result<Listed> {
    let complaints: Vec<Complaint> = sqlx::query_as(select_complaint!(
        "user_id = $1 order by complaint_id desc limit $2"
    ))
    .bind(user_id)
    .bind(LIST_LIMIT)
    .fetch_all(&mut *conn)
    .await?;
    with_orders(conn, complaints).await
}

/// Open complaints, oldest first.
pub async fn open_ones(conn: &mut PgConnection) -> sqlx::Result<Listed> {
    let complaints: Vec<Complaint> = sqlx::query_as(select_complaint!(
        "state in ('open', 'answered') order by complaint_id limit $1"
    ))
    .bind(LIST_LIMIT)
    .fetch_all(&mut *conn)
    .await?;
    with_orders(conn, complaints).await
}

async fn with_orders(conn: &mut PgConnection, complaints: Vec<Complaint>) -> sqlx::Result<Listed> {
    let ids: Vec<i64> = complaints.iter().map(|c| c.order_id).collect();
    let orders = queries::by_ids(conn, &ids)
        .await?
        .into_iter()
        .map(|o| (o.order_id, o))
        .collect();
    Ok(Listed { complaints, orders })
}
