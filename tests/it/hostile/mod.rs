//! Hostile input at both doors: the supplier's callback URL and the chat. Every refusal is a
//! constant status or a clear message, and leaves money, orders and what resellers are told
//! exactly as they were. Wrong tokens, peers outside the allowlist, spoofed
//! `X-Forwarded-For` and the first malformed queries are in `callbacks/`; the first
//! malformed commands in `bot/intake/`.
use crate::helpers::TestApp;

mod callbacks;
mod chat;

/// Rows that hold money, orders and products, and the messages queued for resellers, as text.
/// The callback log and admin alerts are left out: recording a refused callback is the point.
pub async fn snapshot(app: &TestApp) -> Vec<String> {
    const TABLES: [&str; 11] = [
        "select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from users t",
        "select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from accounts t",
        "select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from products t",
        "select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from orders t",
        "select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from order_events t",
        "select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from order_conflicts t",
        "select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from ledger_txns t",
        "select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from ledger_entries t",
        "select coalesce(string_agg(t::text, E'\\n' order by t::text), '') from purchase_confirmations t",
        "select coalesce(string_agg(concat_ws('|', dedup_key, chat_id, text), E'\\n' order by outbox_id), '')
           from outbox where chat_id <> 900 and dedup_key not like 'reply:%'",
        "select count(*)::text from outbox where chat_id = 900 and dedup_key not like 'reply:%'",
    ];
    let mut rows = Vec::new();
    for sql in TABLES {
        let text: String = sqlx::query_scalar(sql)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        rows.push(text);
    }
    rows
}

/// The admin-alert count is the last row; everything else must match exactly.
fn without_admin_alerts(mut rows: Vec<String>) -> Vec<String> {
    rows.pop();
    rows
}

const DEST: &str = "081234567890";

/// A query with every value form-encoded, so markup and quotes arrive exactly as written.
fn encoded(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}
