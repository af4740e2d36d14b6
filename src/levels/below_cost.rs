//! Level prices below a cost: what a cost that rose leaves selling at a loss, told to admins
//! once per product and cost (R34).
use sqlx::PgConnection;

use super::price;
pub use crate::domain::levels::{Basis, BelowCost};
use crate::outbox;
use crate::sql::Sql;
use crate::text::levels as say;

type Row = (String, String, i64, String, i64);

/// For each product in `codes`, the levels whose price for it is below the cost at the same
/// place in `costs`; every level, the default first, products in code order.
pub async fn below_cost(
    conn: &mut PgConnection,
    codes: &[String],
    costs: &[i64],
) -> sqlx::Result<Vec<BelowCost>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new();
    q.push(
        "select code, level, price, basis, cost from (
           select p.code, lvl.name as level, lvl.is_default, c.cost, ",
    );
    price(&mut q);
    q.push(
        " as price,
                case when lvl_price.price is not null then 'own'
                     when p.cost is not null and lvl.markup_kind is not null then 'markup'
                     else 'list' end as basis
             from unnest(",
    )
    .bind(codes)
    .push("::text[], ")
    .bind(costs)
    .push(
        "::bigint[]) as c (code, cost)
             join products p on lower(p.code) = lower(c.code)
             cross join price_levels lvl
             left join product_level_prices lvl_price
                    on lvl_price.product_id = p.product_id and lvl_price.level_id = lvl.level_id
         ) priced
         where price < cost
         order by lower(code), is_default desc, level",
    );
    let rows: Vec<Row> = q.query_as().fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(code, level, price, basis, cost)| BelowCost {
            code,
            level,
            price,
            basis: match basis.as_str() {
                "own" => Basis::Own,
                "markup" => Basis::Markup,
                _ => Basis::List,
            },
            cost,
        })
        .collect())
}

/// Tells `admins` (but `except`, who reads it in their reply) about `found`, one alert per
/// product and cost: the same cost again tells nobody twice.
pub async fn tell_below_cost(
    conn: &mut PgConnection,
    admins: &[i64],
    except: Option<i64>,
    found: &[BelowCost],
) -> sqlx::Result<()> {
    let others: Vec<i64> = admins
        .iter()
        .copied()
        .filter(|a| Some(*a) != except)
        .collect();
    for product in found.chunk_by(|a, b| a.code == b.code && a.cost == b.cost) {
        let first = &product[0];
        let key = format!("levels:below:{}:{}", first.code.to_lowercase(), first.cost);
        tracing::warn!(
            product = %first.code,
            cost = first.cost,
            levels = product.len(),
            "level prices below the cost"
        );
        outbox::alert_admins(conn, &others, &key, &say::below_cost_alert(product)).await?;
    }
    Ok(())
}
