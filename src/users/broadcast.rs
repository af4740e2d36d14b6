//! Who a broadcast (`/siaran`) reaches, as a part of its statement and as a count.
use sqlx::PgConnection;

use crate::sql::{Cte, Sql};

/// A clause of the statement that sends a broadcast (see [`crate::sql`]): everyone a broadcast
/// reaches, as `user_id` and `chat_id`: those who pressed /start and are not blocked, admins
/// aside (they saw its preview).
pub fn broadcast_recipients(q: &mut Sql, admins: &[i64]) -> Cte {
    q.with("users_reached", |q| {
        q.push(
            "select user_id, chat_id from users
              where started_at is not null and not blocked and user_id <> all(",
        )
        .bind(admins)
        .push("::bigint[])");
    })
}

/// How many a broadcast would reach now (see [`broadcast_recipients`]).
pub async fn count_broadcast_recipients(
    conn: &mut PgConnection,
    admins: &[i64],
) -> sqlx::Result<i64> {
    let mut q = Sql::new();
    let reached = broadcast_recipients(&mut q, admins);
    q.push(" select count(*) from ").cte(reached);
    q.query_scalar().fetch_one(conn).await
}
