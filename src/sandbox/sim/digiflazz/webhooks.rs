//! Sending the simulator's webhooks: `POST` of `{"data": …}` with `X-Digiflazz-Event: update`
//! and `X-Hub-Signature`, as Digiflazz sends them; twice or forged when asked.
use std::sync::atomic::Ordering;

use super::SimDigiflazz;
use crate::digiflazz::webhook::{self, EVENT_HEADER, SIGNATURE_HEADER};
use crate::digiflazz::wire::Envelope;
use secrecy::ExposeSecret;

/// One webhook delivery attempt and what the receiving side answered.
#[derive(Debug, Clone)]
pub struct WebhookSent {
    pub ref_id: String,
    /// The raw body, exactly as sent.
    pub body: Vec<u8>,
    /// The `X-Hub-Signature` header sent.
    pub signature: String,
    /// Signed with a secret other than the configured one.
    pub forged: bool,
    /// The HTTP status the receiver answered (0: no answer).
    pub answered: u16,
}

impl SimDigiflazz {
    /// Sends `ref_id`'s current state to the webhook URL, if one is set (twice with
    /// [`SimDigiflazz::duplicate_webhooks`]); tests call it to race a webhook with a check.
    pub async fn send_webhooks(&self, ref_id: &str) {
        let Some(url) = self
            .inner
            .webhook_url
            .lock()
            .expect("webhook url lock")
            .clone()
        else {
            return;
        };
        let Some(data) = self.state(ref_id) else {
            return;
        };
        let body = serde_json::to_vec(&Envelope { data }).expect("JSON values serialise");
        let forged = self.inner.forge_webhooks.load(Ordering::SeqCst);
        let secret = if forged {
            "not-the-webhook-secret".to_owned()
        } else {
            self.inner.config.webhook_secret.expose_secret().to_owned()
        };
        let signature = webhook::signature(&secret, &body);
        let times = if self.inner.duplicate_webhooks.load(Ordering::SeqCst) {
            2
        } else {
            1
        };
        for _ in 0..times {
            let sent = self
                .inner
                .http
                .post(url.clone())
                .header(EVENT_HEADER, "update")
                .header(SIGNATURE_HEADER, &signature)
                .header("User-Agent", "Digiflazz-Hookshot")
                .header("Content-Type", "application/json")
                .body(body.clone())
                .send()
                .await;
            let answered = sent.map_or(0, |r| r.status().as_u16());
            tracing::info!(
                ref_id,
                answered,
                forged,
                "simulated Digiflazz sent a webhook"
            );
            self.record(|j| {
                j.webhooks.push(WebhookSent {
                    ref_id: ref_id.to_owned(),
                    body: body.clone(),
                    signature: signature.clone(),
                    forged,
                    answered,
                });
            });
        }
    }
}
