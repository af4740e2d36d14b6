//! What a test reads back from a running app: balances, order statuses, row counts.
use std::time::Duration;

use loket::ledger::{self};

use super::*;

impl TestApp {
    pub async fn balance(&self, user: i64) -> i64 {
        let mut conn = self.db.pool.acquire().await.unwrap();
        ledger::balance(&mut conn, user)
            .await
            .unwrap()
            .unwrap()
            .rupiah()
    }

    pub async fn status(&self, trxid: &str) -> String {
        self.orders
            .find(trxid)
            .await
            .unwrap()
            .unwrap()
            .status()
            .to_string()
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// Waits until `sql` (a count) reaches `n`, re-checking as the database changes.
    /// The `/metrics` page, as a scraper on this machine reads it.
    pub async fn metrics(&self) -> String {
        let url = format!("http://{}/metrics", self.addr);
        self.http
            .get(url)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn wait_count(&self, sql: &'static str, n: i64) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            let got = self.count(sql).await;
            if got == n {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "waited 60s for `{sql}` = {n}, have {got}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
