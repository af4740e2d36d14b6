//! Orders through the built-in supplier simulator: every outcome of its table.
mod outcomes;
mod refusals;
mod unknown;

const FINAL_ROWS: &str = "select count(*) from outbox where dedup_key like 'order:%:final'";

async fn outbox_text(app: &crate::helpers::TestApp, key_suffix: &str) -> String {
    let like = format!("order:%:{key_suffix}");
    sqlx::query_scalar("select text from outbox where dedup_key like $1")
        .bind(like)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}
