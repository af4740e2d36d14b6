//! The first usable step (a part of the purchase's read) and the next one (after a failed
//! attempt): a paused supplier, one whose last balance is below the step's cost and one in its
//! cut-off are skipped; no route means `utama`; nothing usable means no step.
use chrono::{Duration, NaiveTime};
use loket::domain::cutoff::now_wib;
use loket::routes::{self, Step};
use loket::sql::Sql;
use sqlx::PgPool;

use super::add_digiflazz;
use crate::helpers::{TestDb, seed};

/// What the purchase's read learns: the first step of product `code`.
async fn first(pool: &PgPool, code: &str) -> Option<Step> {
    let mut q = Sql::new();
    q.push("select p.code, ");
    routes::first_step(&mut q);
    q.push(" from products p");
    routes::first_step_joins(&mut q);
    q.push(" where p.code = ").bind(code.to_owned());
    let row = q.query().fetch_one(pool).await.unwrap();
    routes::read_first_step(&row, 1).unwrap()
}

async fn next(pool: &PgPool, code: &str, tried: &[&str]) -> Option<Step> {
    let tried: Vec<String> = tried.iter().map(|s| (*s).to_owned()).collect();
    let mut conn = pool.acquire().await.unwrap();
    routes::next_step(&mut conn, product_id(pool, code).await, &tried)
        .await
        .unwrap()
}

async fn product_id(pool: &PgPool, code: &str) -> i64 {
    sqlx::query_scalar("select product_id from products where code = $1")
        .bind(code)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn exec(pool: &PgPool, sql: &'static str) {
    sqlx::query(sql).execute(pool).await.unwrap();
}

fn step(supplier: &str, sku: &str, cost: Option<i64>) -> Option<Step> {
    Some(Step {
        supplier: supplier.into(),
        sku: sku.into(),
        cost,
    })
}

/// s5 (cost Rp5.150) with a route: digiflazz's xld5 at Rp5.100, then utama.
async fn routed() -> TestDb {
    let db = TestDb::new().await;
    seed(&db.pool).await;
    add_digiflazz(&db.pool).await;
    exec(
        &db.pool,
        "update products set cost = 5150 where code = 's5'",
    )
    .await;
    exec(
        &db.pool,
        "insert into product_routes (product_id, position, supplier, sku, cost)
         select product_id, 1, 'digiflazz', 'xld5', 5100 from products where code = 's5'
         union all
         select product_id, 2, 'utama', 's5', null from products where code = 's5'",
    )
    .await;
    db
}

#[tokio::test]
async fn without_a_route_the_first_step_is_utama_under_the_products_own_code_and_cost() {
    let db = TestDb::new().await;
    seed(&db.pool).await;
    exec(
        &db.pool,
        "update products set cost = 20000 where code = 'pln20'",
    )
    .await;
    assert_eq!(
        first(&db.pool, "pln20").await,
        step("utama", "pln20", Some(20_000))
    );
    assert_eq!(first(&db.pool, "s5").await, step("utama", "s5", None));
    assert_eq!(
        next(&db.pool, "pln20", &[]).await,
        step("utama", "pln20", Some(20_000))
    );
    assert_eq!(next(&db.pool, "pln20", &["utama"]).await, None);
    db.finish().await;
}

#[tokio::test]
async fn a_paused_supplier_is_skipped_and_one_short_of_the_cost_goes_last() {
    let db = routed().await;
    let pool = &db.pool;
    let digiflazz = step("digiflazz", "xld5", Some(5_100));
    // utama's step without a cost of its own costs the product's.
    let utama = step("utama", "s5", Some(5_150));
    assert_eq!(first(pool, "s5").await, digiflazz);
    assert_eq!(next(pool, "s5", &["digiflazz"]).await, utama);

    exec(
        pool,
        "update suppliers set state = 'paused', paused_reason = 'maintenance', paused_at = now()
          where code = 'digiflazz'",
    )
    .await;
    assert_eq!(first(pool, "s5").await, utama);
    assert_eq!(next(pool, "s5", &[]).await, utama);
    exec(
        pool,
        "update suppliers set state = 'active', paused_reason = null, paused_at = null",
    )
    .await;

    exec(
        pool,
        "update suppliers set balance = 5099 where code = 'digiflazz'",
    )
    .await;
    assert_eq!(first(pool, "s5").await, utama);
    assert_eq!(next(pool, "s5", &[]).await, utama);
    // Short, yet the last left: its balance may be older than a top-up there.
    assert_eq!(next(pool, "s5", &["utama"]).await, digiflazz);
    exec(
        pool,
        "update suppliers set balance = 5100 where code = 'digiflazz'",
    )
    .await;
    assert_eq!(first(pool, "s5").await, digiflazz);
    db.finish().await;
}

#[tokio::test]
async fn a_step_in_its_cut_off_is_skipped_across_midnight_too() {
    let db = routed().await;
    let pool = &db.pool;
    let digiflazz = step("digiflazz", "xld5", Some(5_100));
    let utama = step("utama", "s5", Some(5_150));
    // A window around now (WIB), wrapping midnight when now is near it.
    let now = now_wib();
    let (start, end) = (now - Duration::hours(1), now + Duration::hours(1));
    sqlx::query(
        "update product_routes set cut_off_start = $1, cut_off_end = $2 where sku = 'xld5'",
    )
    .bind(start)
    .bind(end)
    .execute(pool)
    .await
    .unwrap();
    assert_eq!(first(pool, "s5").await, utama);
    assert_eq!(next(pool, "s5", &[]).await, utama);

    exec(
        pool,
        "update product_routes set cut_off_start = '23:00', cut_off_end = '01:00'
          where sku = 'xld5'",
    )
    .await;
    let id = product_id(pool, "s5").await;
    let mut conn = pool.acquire().await.unwrap();
    let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    for (time, expected) in [
        (at(23, 0), &utama),
        (at(0, 30), &utama),
        (at(0, 59), &utama),
        (at(1, 0), &digiflazz),
        (at(12, 0), &digiflazz),
        (at(22, 59), &digiflazz),
    ] {
        let got = routes::next_step_at(&mut conn, id, &[], time)
            .await
            .unwrap();
        assert_eq!(&got, expected, "{time}");
    }
    drop(conn);
    db.finish().await;
}

#[tokio::test]
async fn nothing_is_usable_when_every_step_is_unusable() {
    let db = routed().await;
    let pool = &db.pool;
    // A balance short of the cost alone leaves a supplier last, not out.
    exec(
        pool,
        "update suppliers set balance = 100 where code = 'digiflazz'",
    )
    .await;
    exec(
        pool,
        "update suppliers set state = 'paused', paused_reason = 'libur', paused_at = now()
          where code = 'utama'",
    )
    .await;
    assert_eq!(
        first(pool, "s5").await.map(|s| s.supplier),
        Some("digiflazz".to_owned())
    );
    exec(
        pool,
        "update suppliers set state = 'paused', paused_reason = 'libur', paused_at = now()
          where code = 'digiflazz'",
    )
    .await;
    assert_eq!(first(pool, "s5").await, None);
    assert_eq!(next(pool, "s5", &[]).await, None);
    // A product without a route has nowhere to go either while utama is paused.
    assert_eq!(first(pool, "x10").await, None);
    assert_eq!(next(pool, "x10", &[]).await, None);
    db.finish().await;
}
