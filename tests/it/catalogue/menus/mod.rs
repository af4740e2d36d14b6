//! Buying through menus: `/beli` alone (category → brand → product → destination, every step
//! an edit of one message) and a number alone (its operator's products), through the fake
//! Telegram and the supplier simulator.
mod by_category;
mod by_number;
mod others;
mod refusals;

use std::time::Duration;

use loket::domain::{Money, ProductCode};
use loket::levels::Markup;
use loket::sandbox::sim::telegram::{FakeUser, SentMessage};
use sqlx::PgPool;

use crate::helpers::{ADMIN, RESELLER, TestApp, reseller, spawn_app_with_sim};

const WAIT: Duration = Duration::from_secs(15);

/// Ten Telkomsel pulsa products (two pages), a by.U one (Telkomsel's numbers too), a Telkomsel
/// data package, an XL pulsa and a PLN token, each with a cost price; the reseller is on the
/// `agen` level (cost + Rp100), so the price they see is not the list price (cost + Rp450).
async fn seed_catalogue(pool: &PgPool) {
    let mut conn = pool.acquire().await.unwrap();
    let mut products: Vec<(String, String, i64, &str, &str)> = (1..=10)
        .map(|i| {
            (
                format!("t{i}"),
                format!("Tsel {i}.000"),
                i * 1_000 + 50,
                "Pulsa",
                "Telkomsel",
            )
        })
        .collect();
    for (code, name, cost, category, brand) in [
        ("byu5", "by.U 5.000", 4_950, "Pulsa", "by.U"),
        ("x10", "XL 10.000", 10_050, "Pulsa", "XL"),
        ("d1", "Data Tsel 1 GB", 12_050, "Data", "Telkomsel"),
        ("pln20", "Token PLN 20.000", 20_050, "PLN", "PLN"),
    ] {
        products.push((code.into(), name.into(), cost, category, brand));
    }
    for (code, name, cost, category, brand) in &products {
        let code = ProductCode::parse(code).unwrap();
        let (cost, price) = (Money::from_rupiah(*cost), Money::from_rupiah(cost + 450));
        loket::products::upsert(&mut conn, &code, Some(cost), price, name)
            .await
            .unwrap();
        loket::catalogue::classify(&mut conn, ADMIN, &code, category, brand)
            .await
            .unwrap()
            .unwrap();
    }
    loket::levels::create(&mut conn, ADMIN, "agen", Some(Markup::Rupiah(100)))
        .await
        .unwrap();
    loket::levels::assign(&mut conn, ADMIN, RESELLER, "agen")
        .await
        .unwrap();
}

async fn start() -> (TestApp, loket::sandbox::sim::biller::SimBiller) {
    let (app, sim) = spawn_app_with_sim().await;
    seed_catalogue(&app.db.pool).await;
    (app, sim)
}

/// The callback data of the button whose label starts with `label`.
fn button(menu: &SentMessage, label: &str) -> String {
    menu.buttons()
        .into_iter()
        .flatten()
        .find(|b| b.text.starts_with(label))
        .and_then(|b| b.callback_data)
        .unwrap_or_else(|| panic!("no button {label:?} in {:#?}", menu.buttons()))
}

fn labels(menu: &SentMessage) -> Vec<String> {
    menu.buttons()
        .into_iter()
        .flatten()
        .map(|b| b.text)
        .collect()
}

/// Presses `label` on `menu` and returns the edit of that same message that follows.
async fn press(app: &TestApp, me: &FakeUser, menu: &SentMessage, label: &str) -> SentMessage {
    let data = button(menu, label);
    let mark = app.tg.message_mark();
    app.tg.user_presses(me, menu.message_id, &data).await;
    let edited = app
        .tg
        .wait_for_message_after(mark, me.id, |m| m.edit, WAIT)
        .await
        .unwrap_or_else(|| panic!("pressing {label:?} edited nothing"));
    assert_eq!(
        edited.message_id, menu.message_id,
        "the same message, edited"
    );
    assert_ne!(edited.buttons(), menu.buttons(), "pressing {label:?}");
    edited
}

/// The one order placed: its product, destination, price and the message it is keyed by.
async fn the_order(app: &TestApp) -> (String, String, i64, i64) {
    sqlx::query_as("select product_code, destination, price, message_id from orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Presses `data` on message `message_id` and returns the notice the press was answered with.
async fn notice_of(app: &TestApp, me: &FakeUser, message_id: i64, data: &str) -> Option<String> {
    let pressed = app.tg.user_presses(me, message_id, data).await;
    let id = pressed.callback_id.unwrap();
    app.tg
        .wait_for_callback_answer(&id, WAIT)
        .await
        .expect("every press is answered")
        .text
}
