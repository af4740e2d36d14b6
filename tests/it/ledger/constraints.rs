//! The database itself refuses a second refund, edits, a reversal of what was never posted, and
//! entries on accounts that are not there.
use loket::ledger::{self, LedgerError};

use crate::helpers::{ADMIN, RESELLER};

use super::*;

#[tokio::test]
async fn the_database_itself_refuses_a_second_refund_and_edits() {
    let db = db_with_reseller().await;
    let mut conn = db.pool.acquire().await.unwrap();
    sqlx::query("insert into products (code, name, price) values ('s5', 'Pulsa', 5500)")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    crate::helpers::top_up(&db.pool, RESELLER, 20_000).await;
    let orders = loket::orders::Orders::new(
        db.pool.clone(),
        crate::helpers::new_biller(
            "http://127.0.0.1:1".parse().unwrap(),
            std::time::Duration::from_millis(100),
        ),
        &[ADMIN],
    );
    let opened = orders
        .open(&crate::helpers::purchase(RESELLER, "s5", "081234567890"))
        .await
        .unwrap()
        .order;
    let price = opened.price;

    let mut tx = db.pool.begin().await.unwrap();
    ledger::void(&mut tx, RESELLER, opened.order_id, price)
        .await
        .unwrap();
    let second = ledger::void(&mut tx, RESELLER, opened.order_id, price).await;
    assert!(
        matches!(second, Err(LedgerError::AlreadyRecorded)),
        "{second:?}"
    );
    tx.rollback().await.unwrap();

    let mut tx = db.pool.begin().await.unwrap();
    ledger::post_sale(&mut tx, opened.user_id, opened.order_id, price)
        .await
        .unwrap();
    assert!(matches!(
        ledger::void(&mut tx, RESELLER, opened.order_id, price).await,
        Err(LedgerError::AlreadyRecorded)
    ));
    tx.rollback().await.unwrap();

    for sql in [
        "update ledger_entries set amount = amount * 2",
        "delete from ledger_txns",
        "update ledger_txns set amount = 1",
    ] {
        let err = sqlx::query(sql).execute(&db.pool).await.unwrap_err();
        assert_eq!(
            err.as_database_error().unwrap().code().as_deref(),
            Some("42501"),
            "{sql}"
        );
    }
    let err = sqlx::query("update accounts set balance = -1 where user_id = $1")
        .bind(RESELLER)
        .execute(&db.pool)
        .await
        .unwrap_err();
    assert_eq!(
        err.as_database_error().unwrap().constraint(),
        Some("accounts_user_balance_non_negative")
    );
    // The order is still open and held: settle it so the books close.
    sqlx::query("update orders set status = 'unknown'")
        .execute(&db.pool)
        .await
        .unwrap();
    db.finish().await;
}

/// Below any code: a ledger transaction written straight into the table, as a bug or a
/// hand-run statement would, still cannot refund an order twice or reverse what was never
/// posted.
#[tokio::test]
async fn the_schema_refuses_a_second_refund_and_a_reversal_without_a_sale() {
    let db = db_with_reseller().await;
    // Everything in one transaction that is rolled back: these rows only probe constraints.
    let mut tx = db.pool.begin().await.unwrap();
    sqlx::query("insert into products (code, name, price) values ('s5', 'Pulsa', 5500)")
        .execute(&mut *tx)
        .await
        .unwrap();
    let mut order_ids = Vec::new();
    for (i, status) in ["failed", "success"].iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "insert into orders (trxid, user_id, product_code, product_name, destination, price,
                                 status, finished_at)
             values ($1, $2, 's5', 'Pulsa', '081234567890', 5500, $3, now()) returning order_id",
        )
        .bind(format!("2611240000000000000{i}"))
        .bind(RESELLER)
        .bind(status)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        order_ids.push(id);
    }
    let (failed, sold) = (order_ids[0], order_ids[1]);
    // Inserts one ledger transaction; a refusal is undone to a savepoint so the test goes on.
    async fn insert(tx: &mut sqlx::PgConnection, order_id: i64, kind: &str) -> Option<String> {
        sqlx::query("savepoint probe")
            .execute(&mut *tx)
            .await
            .unwrap();
        let done =
            sqlx::query("insert into ledger_txns (kind, order_id, amount) values ($1, $2, 5500)")
                .bind(kind)
                .bind(order_id)
                .execute(&mut *tx)
                .await;
        match done {
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

    // A voided order: a second hold, and a reversal on top of the refund, are refused.
    assert_eq!(insert(&mut tx, failed, "hold").await, None);
    assert_eq!(
        insert(&mut tx, failed, "hold").await.as_deref(),
        Some("ledger_one_kind_per_order")
    );
    assert_eq!(insert(&mut tx, failed, "void").await, None);
    assert_eq!(
        insert(&mut tx, failed, "reversal").await.as_deref(),
        Some("ledger_one_refund_per_order")
    );
    // An order never posted: no reversal, even as its only refund.
    assert_eq!(insert(&mut tx, sold, "hold").await, None);
    assert_eq!(
        insert(&mut tx, sold, "reversal").await.as_deref(),
        Some("ledger_reversal_needs_post")
    );
    // Once posted, one reversal is allowed, and no void or second reversal after it.
    assert_eq!(insert(&mut tx, sold, "post").await, None);
    assert_eq!(insert(&mut tx, sold, "reversal").await, None);
    for kind in ["void", "reversal"] {
        let refused = insert(&mut tx, sold, kind).await;
        assert!(refused.is_some(), "a {kind} after a post and a reversal");
    }
    tx.rollback().await.unwrap();
    db.finish().await;
}

/// An entry with a balance after it is on a reseller's account that exists; any other is on a
/// system account, which can never be deleted; and a versioned entry on a system account, which
/// the schema lets through, is what the invariant check reports.
#[tokio::test]
async fn entries_are_on_accounts_that_exist_and_of_their_sort() {
    let db = db_with_reseller().await;
    let (reseller_account,): (i64,) =
        sqlx::query_as("select account_id from accounts where user_id = $1")
            .bind(RESELLER)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    // (account, balance after, version) of the entry that tries to go with a system one.
    let refused = [
        (
            reseller_account,
            None,
            None,
            "ledger_entries_system_account",
        ),
        (
            9_999_999,
            Some(1),
            Some(1),
            "ledger_entries_user_account_fkey",
        ),
    ];
    for (account, after, version, constraint) in refused {
        let mut tx = db.pool.begin().await.unwrap();
        let err = sqlx::query(
            "with txn as (insert into ledger_txns (kind, amount) values ('topup', 1)
                          returning txn_id)
             insert into ledger_entries (txn_id, account_id, amount, balance_after, account_version)
             select txn_id, $1, 1, $2, $3 from txn
             union all select txn_id, 1, -1, null, null from txn",
        )
        .bind(account)
        .bind(after)
        .bind(version)
        .execute(&mut *tx)
        .await
        .unwrap_err();
        assert_eq!(
            err.as_database_error().unwrap().constraint(),
            Some(constraint),
            "account {account}"
        );
        tx.rollback().await.unwrap();
    }
    for system in 1..=4 {
        let err = sqlx::query("delete from accounts where account_id = $1")
            .bind(system)
            .execute(&db.pool)
            .await
            .unwrap_err();
        assert_eq!(
            err.as_database_error().unwrap().code().as_deref(),
            Some("42501"),
            "system account {system}"
        );
    }

    let mut tx = db.pool.begin().await.unwrap();
    sqlx::query(
        "with txn as (insert into ledger_txns (kind, amount) values ('topup', 1) returning txn_id)
         insert into ledger_entries (txn_id, account_id, amount, balance_after, account_version)
         select txn_id, 1, 1, 0, 1 from txn union all select txn_id, 1, -1, null, null from txn",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    let found = ledger::check_invariants(&mut tx).await.unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].check, "each entry is on an account of its sort");
    assert!(
        found[0]
            .detail
            .ends_with("on account 1 (topup_source) with a balance after it"),
        "{}",
        found[0].detail
    );
    tx.rollback().await.unwrap();
    db.finish().await;
}
