//! The people, products and money every test starts with, and purchases to place.
use loket::domain::{Destination, Money, ProductCode};
use loket::ledger::{self, AdminAction};
use loket::orders::PurchaseRequest;
use sqlx::PgPool;

use super::*;

/// A reseller with Rp50.000, an admin, and three products.
pub async fn seed(pool: &PgPool) {
    let mut conn = pool.acquire().await.unwrap();
    loket::users::register(&mut conn, ADMIN, ADMIN, Some("boss"), "Admin")
        .await
        .unwrap();
    loket::users::register(&mut conn, RESELLER, RESELLER, Some("toko"), "Toko Maju")
        .await
        .unwrap();
    for (code, price, name) in [
        ("s5", 5_500, "Pulsa Telkomsel 5.000"),
        ("pln20", 20_500, "Token PLN 20.000"),
        ("x10", 10_300, "XL <10> & Co"),
    ] {
        loket::products::upsert(
            &mut conn,
            &ProductCode::parse(code).unwrap(),
            None,
            Money::from_rupiah(price),
            name,
        )
        .await
        .unwrap();
    }
    top_up(pool, RESELLER, 50_000).await;
}

pub async fn top_up(pool: &PgPool, user: i64, amount: i64) -> Money {
    let mut tx = pool.begin().await.unwrap();
    let action = AdminAction {
        admin_id: ADMIN,
        note: "test".into(),
        idempotency_key: None,
    };
    let balance = ledger::top_up(&mut tx, user, Money::from_rupiah(amount), &action)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    balance
}

pub fn purchase(user: i64, product: &str, dest: &str) -> PurchaseRequest {
    PurchaseRequest {
        user_id: user,
        product: ProductCode::parse(product).unwrap(),
        destination: Destination::parse(dest).unwrap(),
        source: None,
        counter: None,
    }
}
