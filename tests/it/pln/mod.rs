//! PLN customers checked before buying (R44): `/cekpln`, the PLN menu's name before "Ya, beli",
//! and `loket check` asking Digiflazz's balance; against the Digiflazz simulator, the fake
//! Telegram and a real PostgreSQL.
mod cekpln;
mod check;
mod menu;

use std::time::Duration;

use loket::config::DigiflazzSettings;
use loket::domain::ProductCode;
use loket::sandbox::sim::biller::SimBiller;
use loket::sandbox::sim::digiflazz::{SimConfig, SimDigiflazz};
use loket::sandbox::sim::telegram::{FakeConfig, FakeTelegram, FakeUser, SentMessage};
use secrecy::SecretString;

use crate::helpers::{ADMIN, Options, TestApp, TestDb, seed, settings, simulator};

pub const USERNAME: &str = "tokomaju";
pub const API_KEY: &str = "dev-kunci-pln-simulator";
const WAIT: Duration = Duration::from_secs(15);

/// The Digiflazz simulator on 127.0.0.1, and the settings that reach it with `api_key`.
async fn digiflazz(api_key: &str) -> (SimDigiflazz, DigiflazzSettings) {
    let sim = SimDigiflazz::new(SimConfig {
        username: USERNAME.into(),
        api_key: SecretString::from(API_KEY),
        webhook_secret: SecretString::from("rahasia-webhook-pln"),
        webhook_url: None,
        webhook_delay: Duration::from_millis(20),
        hang: Duration::from_secs(5),
    });
    let url = sim.clone().spawn().await.unwrap();
    let settings = DigiflazzSettings {
        username: USERNAME.into(),
        api_key: SecretString::from(api_key.to_owned()),
        webhook_secret: SecretString::from("rahasia-webhook-pln"),
        url,
        timeout: Duration::from_secs(2),
        check_first: Duration::from_secs(60),
    };
    (sim, settings)
}

/// The app with the biller simulator, and with Digiflazz when `with_digiflazz`; the seed's
/// `pln20` in the PLN category and brand.
async fn start(with_digiflazz: bool) -> (TestApp, SimBiller, Option<SimDigiflazz>) {
    let biller = simulator();
    let url = biller.clone().spawn().await.unwrap();
    let opts = Options::with_supplier(url);
    let db = TestDb::new().await;
    let tg = FakeTelegram::start(FakeConfig::default()).await.unwrap();
    let mut settings = settings(&db.url, &opts, &tg);
    let dfz = if with_digiflazz {
        let (sim, dfz_settings) = digiflazz(API_KEY).await;
        settings.digiflazz = Some(dfz_settings);
        Some(sim)
    } else {
        None
    };
    let app = TestApp::launch(settings, db, tg).await;
    seed(&app.db.pool).await;
    biller.set_callback_url(app.callback_url());
    let mut conn = app.db.pool.acquire().await.unwrap();
    let code = ProductCode::parse("pln20").unwrap();
    loket::catalogue::classify(&mut conn, ADMIN, &code, "PLN", "PLN")
        .await
        .unwrap()
        .unwrap();
    (app, biller, dfz)
}

/// Presses the button labelled starting with `label` on `menu`; returns the next message or
/// edit to `me` that `wanted` accepts.
async fn press(
    app: &TestApp,
    me: &FakeUser,
    menu: &SentMessage,
    label: &str,
    wanted: impl Fn(&SentMessage) -> bool,
) -> SentMessage {
    let data = menu
        .buttons()
        .into_iter()
        .flatten()
        .find(|b| b.text.starts_with(label))
        .and_then(|b| b.callback_data)
        .unwrap_or_else(|| panic!("no button {label:?} in {:#?}", menu.buttons()));
    let mark = app.tg.message_mark();
    app.tg.user_presses(me, menu.message_id, &data).await;
    app.tg
        .wait_for_message_after(mark, me.id, wanted, WAIT)
        .await
        .unwrap_or_else(|| panic!("pressing {label:?} showed nothing"))
}

/// `/beli` → PLN → PLN → pln20: the menu waiting for the meter.
async fn choose_pln20(app: &TestApp, me: &FakeUser) -> SentMessage {
    let menu = app.ask(me, "/beli", "Pilih kategori").await;
    let mut products = press(app, me, &menu, "PLN (", |m| m.edit).await;
    // A category of one brand may show its products at once.
    if !products.plain_text.contains("pln20")
        && !format!("{:?}", products.buttons()).contains("pln20")
    {
        products = press(app, me, &products, "PLN", |m| m.edit).await;
    }
    let asked = press(app, me, &products, "pln20 ·", |m| m.edit).await;
    assert!(
        asked.plain_text.contains("Kirim nomor tujuan"),
        "{}",
        asked.plain_text
    );
    asked
}
