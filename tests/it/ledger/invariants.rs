//! The invariant check finds books that were tampered with.
use loket::ledger::{self};

use crate::helpers::RESELLER;

use super::*;

#[tokio::test]
async fn the_invariant_check_finds_tampering() {
    let db = db_with_reseller().await;
    crate::helpers::top_up(&db.pool, RESELLER, 20_000).await;
    let mut conn = db.pool.acquire().await.unwrap();
    assert!(
        ledger::check_invariants(&mut conn)
            .await
            .unwrap()
            .is_empty()
    );

    // A superuser edits a balance behind the ledger's back.
    sqlx::query("update accounts set balance = balance + 1 where user_id = $1")
        .bind(RESELLER)
        .execute(&mut *conn)
        .await
        .unwrap();
    let found = ledger::check_invariants(&mut conn).await.unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].check, "user balance equals the sum of its entries");
    assert!(
        found[0]
            .detail
            .contains("balance 20001 but entries sum to 20000"),
        "{}",
        found[0].detail
    );

    // An order whose hold vanished (trigger bypassed) breaks the holds invariants too.
    sqlx::query("update accounts set balance = balance - 1 where user_id = $1")
        .bind(RESELLER)
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("insert into products (code, name, price) values ('s5', 'Pulsa', 5500)")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query(
        "insert into orders (trxid, user_id, product_code, product_name, destination, price)
         values ('26112400000000000001', $1, 's5', 'Pulsa', '081234567890', 5500)",
    )
    .bind(RESELLER)
    .execute(&mut *conn)
    .await
    .unwrap();
    let checks: Vec<&str> = ledger::check_invariants(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|v| v.check)
        .collect();
    assert_eq!(
        checks,
        vec![
            "holds equal the prices of open orders",
            "each order is held once and resolved at most once, as its status says",
        ]
    );
    sqlx::query("delete from orders")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    db.finish().await;
}
