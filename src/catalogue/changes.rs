//! Changing the catalogue's groups: categories and brands added, renamed, removed; a
//! category's closed hours, a brand's operator. Each change is one transaction with its audit
//! row (R38), written only when something changed.
use sqlx::{Connection, PgConnection};

use super::Cutoff;
use crate::audit::{self, Action, Entry};
use crate::text::audit as say;

pub use crate::domain::catalogue::Change;

fn unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.code().as_deref() == Some("23505"))
}

async fn affected(
    result: Result<sqlx::postgres::PgQueryResult, sqlx::Error>,
) -> Result<Change, sqlx::Error> {
    match result {
        Ok(done) if done.rows_affected() == 0 => Ok(Change::NotFound),
        Ok(_) => Ok(Change::Done),
        Err(e) if unique_violation(&e) => Ok(Change::Taken),
        Err(e) => Err(e),
    }
}

/// Which of the two groups a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Category,
    Brand,
}

/// The statements for one group, written out: SQL is never assembled at run time.
macro_rules! group_sql {
    ($group:expr, $sql:ident) => {
        match $group {
            Group::Category => group_sql!(@ $sql, "categories", "category_id"),
            Group::Brand => group_sql!(@ $sql, "brands", "brand_id"),
        }
    };
    (@ add, $table:literal, $id:literal) => {
        concat!("insert into ", $table, " (name, position)
                 select $1, coalesce(max(position), 0) + 1 from ", $table)
    };
    (@ rename, $table:literal, $id:literal) => {
        concat!("update ", $table, " set name = $2 where lower(name) = lower($1)")
    };
    (@ uses, $table:literal, $id:literal) => {
        concat!("select (select count(*) from products p where p.", $id, " = g.", $id, ")
                   from ", $table, " g where lower(g.name) = lower($1)")
    };
    (@ remove, $table:literal, $id:literal) => {
        concat!("delete from ", $table, " where lower(name) = lower($1)")
    };
}

/// The audit row of a change to `name` in `group`.
fn entry(admin_id: i64, group: Group, name: &str, before: String, after: String) -> Entry {
    let subject = say::group(group == Group::Brand, name);
    Entry::new(admin_id, Action::Category, subject).change(before, after)
}

/// Adds a category or brand at the end of the menu; a brand with the operator whose numbers
/// its products fill, when one is given.
pub async fn add(
    conn: &mut PgConnection,
    admin_id: i64,
    group: Group,
    name: &str,
    operator: Option<&str>,
) -> Result<Change, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let sql = group_sql!(group, add);
    let change = affected(sqlx::query(sql).bind(name).execute(&mut *tx).await).await?;
    if change != Change::Done {
        return Ok(change);
    }
    let mut after = String::from("ditambahkan");
    if group == Group::Brand && operator.is_some() {
        operator_statement(&mut tx, name, operator).await?;
        after = format!("{after}, {}", say::operator(operator));
    }
    audit::record(&mut tx, &entry(admin_id, group, name, String::new(), after)).await?;
    tx.commit().await?;
    Ok(Change::Done)
}

pub async fn rename(
    conn: &mut PgConnection,
    admin_id: i64,
    group: Group,
    from: &str,
    to: &str,
) -> Result<Change, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let sql = group_sql!(group, rename);
    let change = affected(sqlx::query(sql).bind(from).bind(to).execute(&mut *tx).await).await?;
    if change != Change::Done {
        return Ok(change);
    }
    let row = entry(admin_id, group, from, from.to_owned(), to.to_owned());
    audit::record(&mut tx, &row).await?;
    tx.commit().await?;
    Ok(Change::Done)
}

/// Removes a category or brand no product belongs to.
pub async fn remove(
    conn: &mut PgConnection,
    admin_id: i64,
    group: Group,
    name: &str,
) -> Result<Change, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let used: Option<i64> = sqlx::query_scalar(group_sql!(group, uses))
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?;
    match used {
        None => return Ok(Change::NotFound),
        Some(n) if n > 0 => return Ok(Change::InUse(n)),
        Some(_) => {}
    }
    let sql = group_sql!(group, remove);
    let change = affected(sqlx::query(sql).bind(name).execute(&mut *tx).await).await?;
    if change == Change::Done {
        let row = entry(
            admin_id,
            group,
            name,
            name.to_owned(),
            say::REMOVED.to_owned(),
        );
        audit::record(&mut tx, &row).await?;
        tx.commit().await?;
    }
    Ok(change)
}

/// Sets (or with `None` clears) the daily hours a category is closed.
pub async fn set_cutoff(
    conn: &mut PgConnection,
    admin_id: i64,
    category: &str,
    cutoff: Option<Cutoff>,
) -> Result<Change, sqlx::Error> {
    let mut tx = conn.begin().await?;
    type Row = (Option<chrono::NaiveTime>, Option<chrono::NaiveTime>);
    let was: Option<Row> = sqlx::query_as(
        "update categories c set closes_at = $2, opens_at = $3
           from (select category_id, closes_at, opens_at from categories
                  where lower(name) = lower($1) for update) old
          where c.category_id = old.category_id
      returning old.closes_at, old.opens_at",
    )
    .bind(category)
    .bind(cutoff.map(|c| c.closes))
    .bind(cutoff.map(|c| c.opens))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((closes, opens)) = was else {
        return Ok(Change::NotFound);
    };
    let (was, now) = (
        say::hours(Cutoff::from_columns(closes, opens)),
        say::hours(cutoff),
    );
    if was != now {
        let row = entry(admin_id, Group::Category, category, was, now);
        audit::record(&mut tx, &row).await?;
    }
    tx.commit().await?;
    Ok(Change::Done)
}

/// Sets (or with `None` clears) the operator whose numbers a brand's products fill.
pub async fn set_operator(
    conn: &mut PgConnection,
    admin_id: i64,
    brand: &str,
    operator: Option<&str>,
) -> Result<Change, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let Some(was) = operator_statement(&mut tx, brand, operator).await? else {
        return Ok(Change::NotFound);
    };
    let (was, now) = (say::operator(was.as_deref()), say::operator(operator));
    if was != now {
        let row = entry(admin_id, Group::Brand, brand, was, now);
        audit::record(&mut tx, &row).await?;
    }
    tx.commit().await?;
    Ok(Change::Done)
}

/// The operator set; returns the one the brand had, `None` when there is no such brand.
async fn operator_statement(
    conn: &mut PgConnection,
    brand: &str,
    operator: Option<&str>,
) -> Result<Option<Option<String>>, sqlx::Error> {
    let was: Option<(Option<String>,)> = sqlx::query_as(
        "update brands b set operator = $2
           from (select brand_id, operator from brands where lower(name) = lower($1)
                  for update) old
          where b.brand_id = old.brand_id
      returning old.operator",
    )
    .bind(brand)
    .bind(operator)
    .fetch_optional(conn)
    .await?;
    Ok(was.map(|(o,)| o))
}
