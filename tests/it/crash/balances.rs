//! Every reseller's final balance against the model of the world: the funds the suite gave
//! them, the top-ups the admin sent, the deposits credited, less what was sold to them and not
//! refunded (by what the supplier decided, not by what loket recorded), plus the admin's
//! refunds, each held to the `/refund` that asked for it (`super::refunded`).
use std::collections::{BTreeMap, HashMap};

use sqlx::PgConnection;

use super::load::{PRODUCTS, Sent};
use super::world::{Money, Order};
use super::{INITIAL_FUNDS, RESELLERS};

pub async fn against_the_world(
    conn: &mut PgConnection,
    orders: &[Order],
    money: &HashMap<i64, Money>,
    sent: &Sent,
) -> Vec<String> {
    let mut expected: BTreeMap<i64, i64> = (0..RESELLERS)
        .map(|i| (super::load::reseller_id(i), INITIAL_FUNDS))
        .collect();
    for (_, reseller, amount) in &sent.topups {
        *expected.entry(*reseller).or_default() += amount;
    }
    let deposits: Vec<(i64, i64)> = sqlx::query_as(
        "select user_id, sum(amount)::bigint from deposit_tickets where status = 'credited'
          group by user_id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for (reseller, amount) in deposits {
        *expected.entry(reseller).or_default() += amount;
    }
    for o in orders {
        // An order the world comparison already named as wrong is taken as loket booked it,
        // so that one mistake is reported once, there.
        let kept = match money.get(&o.order_id) {
            Some(m) => *m == Money::Kept,
            None => !o.kinds.iter().any(|k| k == "void" || k == "reversal"),
        };
        let price = (PRODUCTS.iter().find(|(code, _)| *code == o.product_code))
            .map_or(o.price, |(_, price)| *price);
        if kept {
            *expected.entry(o.user_id).or_default() -= price;
        }
        *expected.entry(o.user_id).or_default() += o.refunded.unwrap_or(0);
    }
    let actual: HashMap<i64, i64> =
        sqlx::query_as("select user_id, balance from accounts where kind = 'user'")
            .fetch_all(&mut *conn)
            .await
            .unwrap()
            .into_iter()
            .collect();
    // Anyone else (the admin) was given nothing and bought nothing.
    for user in actual.keys() {
        expected.entry(*user).or_insert(0);
    }
    let mut problems = super::refunded::against_sent(orders, sent);
    problems.extend(
        expected
            .into_iter()
            .filter(|(user, want)| actual.get(user) != Some(want))
            .map(|(user, want)| {
                format!(
                    "reseller {user}: balance {:?}, the world says {want}",
                    actual.get(&user)
                )
            }),
    );
    problems
}
