//! Refunds of a sale (R36) below any code: the schema allows one per order, only after its
//! post and never with a void or a reversal; the order holds at most what was paid, and only
//! while successful; the invariant check knows the movement.
use loket::ledger;

use crate::helpers::RESELLER;

use super::*;

/// Inserts one ledger transaction; a refusal is undone to a savepoint and named.
async fn insert(
    tx: &mut sqlx::PgConnection,
    order_id: i64,
    kind: &str,
    amount: i64,
) -> Option<String> {
    probe(
        tx,
        sqlx::query("insert into ledger_txns (kind, order_id, amount) values ($1, $2, $3)")
            .bind(kind.to_owned())
            .bind(order_id)
            .bind(amount),
    )
    .await
}

async fn probe(
    tx: &mut sqlx::PgConnection,
    q: sqlx::query::Query<'_, sqlx::Postgres, sqlx::postgres::PgArguments>,
) -> Option<String> {
    sqlx::query("savepoint probe")
        .execute(&mut *tx)
        .await
        .unwrap();
    match q.execute(&mut *tx).await {
        Ok(_) => None,
        Err(e) => {
            sqlx::query("rollback to savepoint probe")
                .execute(&mut *tx)
                .await
                .unwrap();
            Some(
                e.as_database_error()
                    .unwrap()
                    .constraint()
                    .unwrap_or("?")
                    .to_owned(),
            )
        }
    }
}

async fn order(tx: &mut sqlx::PgConnection, n: i64, status: &str) -> i64 {
    sqlx::query_scalar(
        "insert into orders (trxid, user_id, product_code, product_name, destination, price,
                             status, finished_at)
         values ($1, $2, 's5', 'Pulsa', '081234567890', 5500, $3, now()) returning order_id",
    )
    .bind(format!("2612050000000000000{n}"))
    .bind(RESELLER)
    .bind(status)
    .fetch_one(&mut *tx)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_schema_allows_one_refund_per_sale_and_never_with_a_reversal() {
    let db = db_with_reseller().await;
    let mut tx = db.pool.begin().await.unwrap();
    sqlx::query("insert into products (code, name, price) values ('s5', 'Pulsa', 5500)")
        .execute(&mut *tx)
        .await
        .unwrap();
    let (sold, reversed) = (
        order(&mut tx, 1, "success").await,
        order(&mut tx, 2, "failed").await,
    );
    for id in [sold, reversed] {
        assert_eq!(insert(&mut tx, id, "hold", 5500).await, None);
    }
    // No refund of what was never posted.
    assert_eq!(
        insert(&mut tx, sold, "refund", 2000).await.as_deref(),
        Some("ledger_reversal_needs_post")
    );
    assert_eq!(insert(&mut tx, sold, "post", 5500).await, None);
    assert_eq!(insert(&mut tx, sold, "refund", 2000).await, None);
    // A second refund, or the supplier's reversal after it, is refused.
    for (kind, constraint) in [
        ("refund", "ledger_one_kind_per_order"),
        ("reversal", "ledger_one_refund_per_order"),
    ] {
        assert_eq!(
            insert(&mut tx, sold, kind, 5500).await.as_deref(),
            Some(constraint),
            "{kind}"
        );
    }
    // A reversed sale refuses a refund.
    assert_eq!(insert(&mut tx, reversed, "post", 5500).await, None);
    assert_eq!(insert(&mut tx, reversed, "reversal", 5500).await, None);
    assert_eq!(
        insert(&mut tx, reversed, "refund", 100).await.as_deref(),
        Some("ledger_one_refund_per_order")
    );
    // The order carries at most what was paid, and only while it is a SUKSES.
    let mark = "update orders set refunded = $2, refund_source = 'shop', refunded_by = 900,
                       refunded_at = now() where order_id = $1";
    for (id, amount, constraint) in [
        (sold, 5501, "orders_refund_within_price"),
        (sold, 0, "orders_refund_within_price"),
        (reversed, 100, "orders_refund_of_success"),
    ] {
        let refused = probe(&mut tx, sqlx::query(mark).bind(id).bind(amount)).await;
        assert_eq!(refused.as_deref(), Some(constraint), "{amount}");
    }
    let half = "update orders set refunded = 100 where order_id = $1";
    let refused = probe(&mut tx, sqlx::query(half).bind(sold)).await;
    assert_eq!(refused.as_deref(), Some("orders_refund_whole"));
    tx.rollback().await.unwrap();
    db.finish().await;
}

/// A refund written without the order saying so, or the order saying another amount, is what
/// the invariant check reports.
#[tokio::test]
async fn the_invariant_check_knows_refunds() {
    let db = db_with_reseller().await;
    crate::helpers::top_up(&db.pool, RESELLER, 20_000).await;
    sqlx::query("insert into products (code, name, price) values ('s5', 'Pulsa', 5500)")
        .execute(&db.pool)
        .await
        .unwrap();
    let orders = loket::orders::Orders::new(
        db.pool.clone(),
        crate::helpers::new_biller(
            "http://127.0.0.1:1".parse().unwrap(),
            std::time::Duration::from_millis(100),
        ),
        &[crate::helpers::ADMIN],
    );
    let opened = orders
        .open(&crate::helpers::purchase(RESELLER, "s5", "081234567890"))
        .await
        .unwrap()
        .order;
    let mut tx = db.pool.begin().await.unwrap();
    ledger::post_sale(&mut tx, RESELLER, opened.order_id, opened.price)
        .await
        .unwrap();
    sqlx::query("update orders set status = 'success', finished_at = now() where order_id = $1")
        .bind(opened.order_id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let checks = |db: &crate::helpers::TestDb| {
        let pool = db.pool.clone();
        async move {
            let mut conn = pool.acquire().await.unwrap();
            let found = ledger::check_invariants(&mut conn).await.unwrap();
            let mut checks: Vec<_> = found.iter().map(|v| v.check).collect();
            checks.dedup();
            checks
        }
    };
    assert!(checks(&db).await.is_empty());

    // The movement alone: the order does not say it was refunded.
    let mut tx = db.pool.begin().await.unwrap();
    let two_thousand = loket::domain::Money::from_rupiah(2000);
    ledger::refund(
        &mut tx,
        RESELLER,
        opened.order_id,
        two_thousand,
        &action(Some("r")),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let movements = "order movements use the order's price (a refund its refunded amount) and user";
    assert_eq!(
        checks(&db).await,
        vec![
            "sales equal the prices of successful orders less their refunds",
            "each order is held once and resolved at most once, as its status says",
            movements,
        ]
    );
    let mark = "update orders set refunded = $2, refund_source = 'shop', refunded_by = 900,
                       refunded_at = now() where order_id = $1";
    for (amount, expected) in [
        (2000, vec![]),
        (
            3000,
            vec![
                "sales equal the prices of successful orders less their refunds",
                movements,
            ],
        ),
        (2000, vec![]),
    ] {
        sqlx::query(mark)
            .bind(opened.order_id)
            .bind(amount)
            .execute(&db.pool)
            .await
            .unwrap();
        assert_eq!(checks(&db).await, expected, "refunded {amount}");
    }
    db.finish().await;
}
