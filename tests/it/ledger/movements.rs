//! Top-ups and deductions move the balance, never below zero, and a redelivered one once.
use loket::domain::Money;
use loket::ledger::{self, LedgerError};

use crate::helpers::RESELLER;

use super::*;

#[tokio::test]
async fn top_ups_and_deductions_move_the_balance_and_never_below_zero() {
    let db = db_with_reseller().await;
    let mut tx = db.pool.begin().await.unwrap();
    assert_eq!(
        ledger::top_up(&mut tx, RESELLER, Money::from_rupiah(50_000), &action(None))
            .await
            .unwrap()
            .rupiah(),
        50_000
    );
    assert_eq!(
        ledger::deduct(&mut tx, RESELLER, Money::from_rupiah(20_000), &action(None))
            .await
            .unwrap()
            .rupiah(),
        30_000
    );
    assert!(matches!(
        ledger::deduct(&mut tx, RESELLER, Money::from_rupiah(30_001), &action(None)).await,
        Err(LedgerError::InsufficientBalance)
    ));
    assert!(matches!(
        ledger::top_up(&mut tx, 1234, Money::from_rupiah(1), &action(None)).await,
        Err(LedgerError::NoAccount(1234))
    ));
    tx.commit().await.unwrap();
    let mut conn = db.pool.acquire().await.unwrap();
    assert_eq!(
        ledger::balance(&mut conn, RESELLER).await.unwrap(),
        Some(Money::from_rupiah(30_000))
    );
    let txns: i64 = sqlx::query_scalar("select count(*) from ledger_txns")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(txns, 2, "the refused deduction wrote nothing");
    drop(conn);
    db.finish().await;
}

#[tokio::test]
async fn a_redelivered_top_up_credits_once() {
    let db = db_with_reseller().await;
    for _ in 0..3 {
        let mut tx = db.pool.begin().await.unwrap();
        match ledger::top_up(
            &mut tx,
            RESELLER,
            Money::from_rupiah(10_000),
            &action(Some("tg:900:77")),
        )
        .await
        {
            Ok(_) => tx.commit().await.unwrap(),
            Err(LedgerError::AlreadyRecorded) => tx.rollback().await.unwrap(),
            Err(e) => panic!("{e}"),
        }
    }
    let mut conn = db.pool.acquire().await.unwrap();
    assert_eq!(
        ledger::balance(&mut conn, RESELLER).await.unwrap(),
        Some(Money::from_rupiah(10_000))
    );
    drop(conn);
    db.finish().await;
}
