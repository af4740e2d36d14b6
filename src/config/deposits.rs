//! Self-service deposits: the ticket limits, the merchant's QRIS and the bank-mutation webhook.
use ipnet::IpNet;
use secrecy::SecretString;

use super::env::{err, ip_list, is_strong_token, parse_number};
use super::{ConfigError, Source};
use crate::domain::Money;

#[derive(Debug, Clone)]
pub struct DepositSettings {
    /// The smallest and largest nominal a reseller may ask a ticket for (before the kode unik).
    pub min: Money,
    pub max: Money,
    /// How long a ticket stays open before it closes by itself.
    pub ticket_hours: u32,
    /// Open tickets a reseller may hold at once, so that no one account can take every kode
    /// unik of a common nominal.
    pub max_open: u32,
    /// The merchant's static QRIS payload; when set, each ticket also comes as a QR image of a
    /// dynamic QRIS for its exact amount. Checked (structure and CRC) at start.
    pub qris_static: Option<String>,
    /// Secret path segment of `POST /deposit/mutasi/{token}`; unset, the endpoint does not exist.
    pub webhook_token: Option<SecretString>,
    /// When set, each webhook body must carry its HMAC-SHA256 in the `Signature` header.
    pub webhook_secret: Option<SecretString>,
    /// Who may post mutations (judged through `TRUSTED_PROXIES`); empty means any caller. A
    /// webhook without a secret must have it.
    pub allow: Vec<IpNet>,
    /// `REGISTRATION`, as the ticket desk needs it: someone no admin approved opens no ticket.
    pub registration: crate::domain::Registration,
    /// `SUPPORT_CONTACT`, named where a ticket's messages send people to admins.
    pub support_contact: Option<crate::domain::SupportContact>,
}

impl Default for DepositSettings {
    fn default() -> Self {
        Self {
            min: Money::from_rupiah(DEFAULT_MIN),
            max: Money::from_rupiah(DEFAULT_MAX),
            ticket_hours: DEFAULT_TICKET_HOURS,
            max_open: DEFAULT_MAX_OPEN,
            qris_static: None,
            webhook_token: None,
            webhook_secret: None,
            allow: Vec::new(),
            registration: crate::domain::Registration::Open,
            support_contact: None,
        }
    }
}

const DEFAULT_MIN: i64 = 10_000;
const DEFAULT_MAX: i64 = 10_000_000;
const DEFAULT_TICKET_HOURS: u32 = 24;
const DEFAULT_MAX_OPEN: u32 = 3;
/// The kode unik goes up to 999, and the whole amount must stay a sane transfer.
const LARGEST_MAX: u64 = 1_000_000_000;

impl DepositSettings {
    pub(super) fn from_source<F: Fn(&str) -> Option<String>>(
        src: &Source<F>,
    ) -> Result<Self, ConfigError> {
        let min = parse_number(src, "DEPOSIT_MIN", DEFAULT_MIN as u64, 1_000..=LARGEST_MAX)?;
        let max = parse_number(src, "DEPOSIT_MAX", DEFAULT_MAX as u64, 1_000..=LARGEST_MAX)?;
        if max < min {
            return Err(err(
                "DEPOSIT_MAX",
                format!("must not be below DEPOSIT_MIN ({min})"),
            ));
        }
        let ticket_hours = parse_number(
            src,
            "DEPOSIT_TICKET_HOURS",
            DEFAULT_TICKET_HOURS.into(),
            1..=720,
        )? as u32;
        let max_open =
            parse_number(src, "DEPOSIT_MAX_OPEN", DEFAULT_MAX_OPEN.into(), 1..=100)? as u32;
        let qris_static = match src.get("QRIS_STATIC") {
            Some(payload) => {
                crate::domain::qris::StaticQris::parse(&payload)
                    .map_err(|e| err("QRIS_STATIC", e.to_string()))?;
                Some(payload)
            }
            None => None,
        };
        let webhook_token = src.get("DEPOSIT_WEBHOOK_TOKEN");
        if let Some(token) = &webhook_token
            && !is_strong_token(token)
        {
            return Err(err(
                "DEPOSIT_WEBHOOK_TOKEN",
                "must be 32 to 256 characters of A-Z a-z 0-9 _ - (generate one with: openssl rand -hex 24)",
            ));
        }
        let webhook_secret = src.get("DEPOSIT_WEBHOOK_SECRET");
        let allow = webhook_guards(src, webhook_token.is_some(), webhook_secret.is_some())?;
        Ok(Self {
            min: Money::from_rupiah(min as i64),
            max: Money::from_rupiah(max as i64),
            ticket_hours,
            max_open,
            qris_static,
            webhook_token: webhook_token.map(SecretString::from),
            webhook_secret: webhook_secret.map(SecretString::from),
            allow,
            registration: super::registration::registration(src)?,
            support_contact: super::registration::support_contact(src)?,
        })
    }
}

/// `DEPOSIT_ALLOW_IPS`, and whether the webhook is guarded by more than its URL: the token sits
/// in every proxy log, so a webhook without a signing secret must be held to its service's
/// addresses. The guards without a webhook are a mistake worth naming too.
fn webhook_guards<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
    token: bool,
    secret: bool,
) -> Result<Vec<IpNet>, ConfigError> {
    // A list of only commas names nobody, and must not pass for a guard.
    let allow = ip_list(src, "DEPOSIT_ALLOW_IPS")?.filter(|nets| !nets.is_empty());
    let nobody = "is set but DEPOSIT_WEBHOOK_TOKEN is not, so there is no webhook to check";
    if secret && !token {
        return Err(err("DEPOSIT_WEBHOOK_SECRET", nobody));
    }
    if allow.is_some() && !token {
        return Err(err("DEPOSIT_ALLOW_IPS", nobody));
    }
    if let Some(everyone) = allow.iter().flatten().find(|net| net.prefix_len() == 0) {
        return Err(err(
            "DEPOSIT_ALLOW_IPS",
            format!(
                "`{everyone}` lets every caller in; list the addresses your bank-mutation service posts from"
            ),
        ));
    }
    if token && !secret && allow.is_none() {
        return Err(err(
            "DEPOSIT_WEBHOOK_SECRET",
            "is not set, so anyone who learns the webhook's URL (it sits in proxy logs) could credit deposit tickets; set DEPOSIT_WEBHOOK_SECRET to the service's signing secret, or DEPOSIT_ALLOW_IPS to the addresses it posts from",
        ));
    }
    Ok(allow.unwrap_or_default())
}
