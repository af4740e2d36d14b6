//! The price list.
use sqlx::{PgConnection, PgPool};

use crate::audit::{self, Action, Entry};
use crate::domain::{Money, ProductCode};
use crate::levels::{self, BelowCost};
use crate::text::audit as say;

#[derive(Debug, Clone)]
pub struct Product {
    pub code: String,
    pub name: String,
    /// The list price, or in a reseller's list their price at their level.
    pub price: i64,
    /// The cost price (modal), when an admin gave one.
    pub cost: Option<i64>,
    pub active: bool,
    /// In trouble (gangguan): listed, not buyable for now.
    pub disrupted: bool,
}

from_row!(Product {
    code,
    name,
    price,
    cost,
    active,
    disrupted
});

/// A product as `/produk` left it, with what its reply tells besides.
#[derive(Debug, Clone)]
pub struct Written {
    pub product: Product,
    /// In a category: the `/beli` menu shows it there, else under "Lainnya".
    pub categorised: bool,
    /// Why loket itself took it off sale (the cost guard): it stays off until `/aktif`.
    pub held_off: Option<String>,
}

impl<'a> From<&'a Written> for crate::text::levels::SavedProduct<'a> {
    fn from(w: &'a Written) -> Self {
        let p = &w.product;
        Self {
            code: &p.code,
            name: &p.name,
            price: p.price,
            cost: p.cost,
            active: p.active,
            categorised: w.categorised,
            held_off: w.held_off.as_deref(),
        }
    }
}

impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for Written {
    fn from_row(row: &'r sqlx::postgres::PgRow) -> sqlx::Result<Self> {
        use sqlx::Row;
        Ok(Written {
            product: <Product as sqlx::FromRow<_>>::from_row(row)?,
            categorised: row.try_get("categorised")?,
            held_off: row.try_get("inactive_reason")?,
        })
    }
}

/// Adds a product or updates its list price and name (and makes it active, unless the cost
/// guard took it off sale: that takes `/aktif`); its cost price too when one is given
/// (otherwise the one it had stays). Orders already placed keep the price and cost they were
/// placed at. The caller checks the price against the cost ([`save`] does).
pub async fn upsert(
    conn: &mut PgConnection,
    code: &ProductCode,
    cost: Option<Money>,
    price: Money,
    name: &str,
) -> Result<Product, sqlx::Error> {
    Ok(write(conn, code, cost, price, name).await?.product)
}

async fn write(
    conn: &mut PgConnection,
    code: &ProductCode,
    cost: Option<Money>,
    price: Money,
    name: &str,
) -> Result<Written, sqlx::Error> {
    sqlx::query_as(
        "insert into products (code, name, price, cost) values ($1, $2, $3, $4)
         on conflict (lower(code)) do update
            set name = excluded.name, price = excluded.price,
                cost = coalesce(excluded.cost, products.cost),
                active = products.active or products.inactive_reason is null,
                updated_at = now()
         returning code, name, price, cost, active, disrupted,
                   category_id is not null as categorised, inactive_reason",
    )
    .bind(code.as_str())
    .bind(name)
    .bind(price.rupiah())
    .bind(cost.map(Money::rupiah))
    .fetch_one(conn)
    .await
}

/// What `/produk` came to.
#[derive(Debug, Clone)]
pub enum Saved {
    Done {
        written: Written,
        /// Level prices below its cost price, shown to the admin who saved it.
        below_cost: Vec<BelowCost>,
    },
    /// Nothing saved: the list price is below the cost price the product keeps (R34).
    BelowCost { cost: Money },
}

/// `/produk`, in one transaction: the product written and, when its cost price changed, the
/// level prices the new cost leaves below it told to the other admins (R34).
pub async fn save(
    pool: &PgPool,
    admins: &[i64],
    admin_id: i64,
    code: &ProductCode,
    cost: Option<Money>,
    price: Money,
    name: &str,
) -> Result<Saved, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Locked: a level price set meanwhile is judged against the cost written here (see
    // `levels::set_product_price`).
    let was: Option<Product> = sqlx::query_as(
        "select code, name, price, cost, active, disrupted from products
          where lower(code) = lower($1) for update",
    )
    .bind(code.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let before = was.as_ref().and_then(|p| p.cost);
    if let Some(kept) = cost.or(before.map(Money::from_rupiah))
        && price < kept
    {
        return Ok(Saved::BelowCost { cost: kept });
    }
    let written = write(&mut tx, code, cost, price, name).await?;
    let below_cost = match written.product.cost {
        Some(cost) => {
            levels::below_cost(
                &mut tx,
                std::slice::from_ref(&written.product.code),
                &[cost],
            )
            .await?
        }
        None => Vec::new(),
    };
    if written.product.cost != before {
        levels::tell_below_cost(&mut tx, admins, Some(admin_id), &below_cost).await?;
    }
    let state = |p: &Product| say::product_state(&p.name, p.price, p.cost, p.active);
    let (was, now) = (
        was.as_ref().map(state).unwrap_or_default(),
        state(&written.product),
    );
    if was != now {
        let subject = say::product(&written.product.code);
        let entry = Entry::new(admin_id, Action::Product, subject).change(was, now);
        audit::record(&mut tx, &entry).await?;
    }
    crate::outbox::commit(tx).await?;
    Ok(Saved::Done {
        written,
        below_cost,
    })
}

/// Enables or disables a product, with the audit row, in one transaction; turning on a product
/// already on records nothing. Returns false if there is no such product.
pub async fn set_active(
    conn: &mut PgConnection,
    admin_id: i64,
    code: &ProductCode,
    active: bool,
) -> Result<bool, sqlx::Error> {
    let mut tx = sqlx::Connection::begin(conn).await?;
    let was: Option<(String, bool)> = sqlx::query_as(
        "update products p set active = $2, updated_at = now(),
                inactive_reason = case when $2 then null else p.inactive_reason end
           from (select product_id, active from products where lower(code) = lower($1)
                  for update) old
          where p.product_id = old.product_id
      returning p.code, old.active",
    )
    .bind(code.as_str())
    .bind(active)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((code, was)) = was else {
        return Ok(false);
    };
    if was != active {
        let entry = Entry::new(admin_id, Action::Product, say::product(&code))
            .change(say::on_sale(was), say::on_sale(active));
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await?;
    Ok(true)
}
