//! The fake driven through a real teloxide client: if teloxide can talk to the fake, so can the
//! bot. Helpers shared with the update and length tests live here.
use std::time::Duration;

use teloxide_core::prelude::*;

use super::{FakeConfig, FakeTelegram, FakeUser};

mod callbacks;
mod calls;
mod documents;
mod limits;
mod photos;
mod planned_failures;
mod sending;
mod setup;
mod uploads;

pub(super) const WAIT: Duration = Duration::from_secs(10);

pub(super) async fn start_with(config: FakeConfig) -> (FakeTelegram, Bot) {
    let fake = FakeTelegram::start(config).await.expect("bind loopback");
    let url = fake.url().parse().expect("the fake's URL parses");
    let bot = Bot::new(fake.token()).set_api_url(url);
    (fake, bot)
}

pub(super) async fn start() -> (FakeTelegram, Bot) {
    start_with(FakeConfig::default()).await
}

pub(super) fn sari() -> FakeUser {
    FakeUser::new(7001, "Sari").with_username("sari")
}

/// A raw call, for what teloxide would never send.
pub(super) async fn raw(
    fake: &FakeTelegram,
    method: &str,
    content_type: &str,
    body: &str,
) -> (u16, String) {
    let url = format!("{}bot{}/{method}", fake.url(), fake.token());
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .expect("the fake answers");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}
