//! Complaints (R37): a reseller's `/komplain`, what admins see, and each of their steps once.
use loket::sandbox::sim::telegram::{FakeUser, SentMessage};

use crate::callbacks::sukses;
use crate::fake_supplier::{self, Script};
use crate::helpers::{ADMIN, Options, TestApp, admin, reseller, spawn_app};

mod filing;
mod handling;

pub const ADMIN2: i64 = 901;

pub fn second_admin() -> FakeUser {
    FakeUser::new(ADMIN2, "Admin Dua").with_username("wakil")
}

/// An app whose supplier accepts every order, with two admins.
pub async fn app() -> TestApp {
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let mut opts = Options::with_supplier(supplier.url);
    opts.admins = vec![ADMIN, ADMIN2];
    spawn_app(opts).await
}

/// A SUKSES order of the reseller's, as its callback settled it.
pub async fn sold(app: &TestApp, dest: &str) -> String {
    let trxid = app.buy("s5", dest).await.order.trxid.to_string();
    let query = sukses(&trxid).replace("081234567890", dest);
    assert_eq!(app.callback(&query).await.0, 200);
    assert_eq!(app.status(&trxid).await, "success");
    trxid
}

/// The reseller files a complaint; returns the message every admin got about it (to `ADMIN`).
pub async fn complain(app: &TestApp, trxid: &str, text: &str) -> SentMessage {
    let mark = app.tg.message_mark();
    app.ask(
        &reseller(),
        &format!("/komplain {trxid} {text}"),
        "diterima",
    )
    .await;
    app.reply_after(mark, ADMIN, "Komplain #").await
}

/// Presses `label` under the complaint message as `user`.
pub async fn press(app: &TestApp, user: &FakeUser, message: &SentMessage, label: &str) {
    let data = message.callback_data(label).expect("the button");
    app.tg.user_presses(user, message.message_id, &data).await;
}

pub async fn state_of(app: &TestApp, no: i64) -> String {
    sqlx::query_scalar("select state from complaints where complaint_id = $1")
        .bind(no)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

pub fn first_admin() -> FakeUser {
    admin()
}
