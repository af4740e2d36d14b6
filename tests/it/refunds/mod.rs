//! `/refund` of a SUKSES (R36): once however many admins press and however often a command
//! arrives, never with a supplier reversal, told in words, counted in `/laporan` and the
//! supplier's book.
mod books;
mod once;
mod refusals;
mod reversals;

use loket::sandbox::sim::telegram::{FakeUser, SentMessage};
use std::time::Duration;

use crate::callbacks::sukses;
use crate::fake_supplier::{self, Script};
use crate::helpers::{ADMIN, Options, RESELLER, TestApp, spawn_app};

pub(super) const SECOND_ADMIN: i64 = 901;

pub(super) fn second_admin() -> FakeUser {
    FakeUser::new(SECOND_ADMIN, "Admin Dua")
}

/// An app with two admins and one SUKSES of Rp5.500 (the reseller left with Rp44.500), its
/// trxid; the supplier's callback said `Harga: 5,150`.
pub(super) async fn app_with_sukses() -> (TestApp, String) {
    let (app, trxid) = app_with_pending().await;
    assert_eq!(app.callback(&sukses(&trxid)).await, (200, "OK".into()));
    assert_eq!(app.status(&trxid).await, "success");
    (app, trxid)
}

/// An app with two admins and one order the supplier accepted, still `pending`.
pub(super) async fn app_with_pending() -> (TestApp, String) {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let mut opts = Options::with_supplier(supplier.url);
    opts.admins = vec![ADMIN, SECOND_ADMIN];
    let app = spawn_app(opts).await;
    let placed = app.buy("s5", "081234567890").await;
    assert_eq!(placed.order.status().to_string(), "pending");
    (app, placed.order.trxid.to_string())
}

/// The money side of refunds: the reseller's balance, refund movements, the order's refunded
/// amount and source, refund audit rows, and refund messages queued to the reseller.
pub(super) async fn books(
    app: &TestApp,
    trxid: &str,
) -> (i64, i64, Option<i64>, Option<String>, i64, i64) {
    let (refunded, source): (Option<i64>, Option<String>) =
        sqlx::query_as("select refunded, refund_source from orders where trxid = $1")
            .bind(trxid)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    (
        app.balance(RESELLER).await,
        app.count("select count(*) from ledger_txns where kind = 'refund'")
            .await,
        refunded,
        source,
        app.count("select count(*) from admin_actions where action = 'refund'")
            .await,
        app.count(
            "select count(*) from outbox where chat_id = 4242 and dedup_key like 'order:%:refund'",
        )
        .await,
    )
}

/// The next answer to `chat` after `mark` that is the outcome of a `/refund` (done or refused),
/// not the alert every admin gets.
pub(super) async fn refund_answer(app: &TestApp, mark: usize, chat: i64) -> SentMessage {
    app.tg
        .wait_for_message_after(
            mark,
            chat,
            |m| {
                m.plain_text.contains("Saldo pengguna sekarang")
                    || m.plain_text.contains("sudah direfund")
            },
            Duration::from_secs(15),
        )
        .await
        .unwrap_or_else(|| panic!("no refund answer to {chat}"))
}
