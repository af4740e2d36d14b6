//! The ledger on its own: movements, idempotency, and the constraints behind them.
use loket::ledger::AdminAction;

use crate::helpers::{ADMIN, RESELLER, TestDb};

mod constraints;
mod invariants;
mod movements;
mod refunds;

fn action(key: Option<&str>) -> AdminAction {
    AdminAction {
        admin_id: ADMIN,
        note: "setoran tunai".into(),
        idempotency_key: key.map(str::to_owned),
    }
}

async fn db_with_reseller() -> TestDb {
    let db = TestDb::new().await;
    let mut conn = db.pool.acquire().await.unwrap();
    loket::users::register(&mut conn, RESELLER, RESELLER, None, "Toko")
        .await
        .unwrap();
    db
}
