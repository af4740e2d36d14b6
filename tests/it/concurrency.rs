//! Many purchases against one balance at once (R4): exactly as many succeed as the money
//! allows, and nothing else surfaces.
use crate::fake_supplier::{self, Script};
use crate::helpers::{Options, RESELLER, purchase, spawn_app};
use loket::orders::PlaceError;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_purchases_against_one_balance() {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let app = spawn_app(Options::with_supplier(supplier.url.clone())).await;
    // Rp50.000 seeded; s5 costs Rp5.500 → floor(50000 / 5500) = 9 purchases fit.
    let balance = app.balance(RESELLER).await;
    let price = 5_500;
    let tries = 200;

    let tasks: Vec<_> = (0..tries)
        .map(|i| {
            let orders = app.orders.clone();
            tokio::spawn(async move {
                orders
                    .place(&purchase(RESELLER, "s5", &format!("0812000{i:05}0")))
                    .await
            })
        })
        .collect();
    let mut succeeded = 0;
    let mut insufficient = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(placed) => {
                assert!(placed.new);
                succeeded += 1;
            }
            Err(PlaceError::InsufficientBalance { .. }) => insufficient += 1,
            Err(other) => panic!("unexpected error surfaced: {other:?}"),
        }
    }

    let final_balance = app.balance(RESELLER).await;
    println!(
        "concurrent purchases: tried {tries}, succeeded {succeeded}, insufficient {insufficient}, \
         balance {balance} -> {final_balance}, price {price}"
    );
    assert_eq!(succeeded, balance / price);
    assert_eq!(insufficient, tries - succeeded);
    assert_eq!(final_balance, balance - succeeded * price);
    assert!(final_balance >= 0);
    assert_eq!(
        supplier.requests.lock().unwrap().len() as i64,
        succeeded,
        "no supplier call without money"
    );
    assert_eq!(app.count("select count(*) from orders").await, succeeded);
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn top_ups_racing_purchases_keep_the_books_exact() {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let app = spawn_app(Options::with_supplier(supplier.url.clone())).await;
    let mut tasks = Vec::new();
    for i in 0..60 {
        let orders = app.orders.clone();
        let pool = app.db.pool.clone();
        tasks.push(tokio::spawn(async move {
            if i % 3 == 0 {
                crate::helpers::top_up(&pool, RESELLER, 5_500).await;
                true
            } else {
                orders
                    .place(&purchase(RESELLER, "s5", "081234567890"))
                    .await
                    .is_ok()
            }
        }));
    }
    let results: Vec<bool> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let bought = results
        .iter()
        .enumerate()
        .filter(|(i, ok)| i % 3 != 0 && **ok)
        .count() as i64;
    assert_eq!(
        app.balance(RESELLER).await,
        50_000 + 20 * 5_500 - bought * 5_500
    );
    app.finish().await;
}
