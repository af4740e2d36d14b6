//! Digiflazz, a second supplier: who loket is to it and where it is. Optional as a whole: none
//! of `DIGIFLAZZ_USERNAME`, `DIGIFLAZZ_API_KEY`, `DIGIFLAZZ_WEBHOOK_SECRET` set means loket
//! does not use Digiflazz; some but not all is a mistake named at start.
use std::time::Duration;

use reqwest::Url;
use secrecy::SecretString;

use super::ConfigError;
use super::env::{Source, err, is_loopback_host, parse_number};

pub const DEFAULT_URL: &str = "https://api.digiflazz.com/v1";

#[derive(Debug, Clone)]
pub struct DigiflazzSettings {
    pub username: String,
    /// Only ever feeds the md5 signs.
    pub api_key: SecretString,
    /// Keys the HMAC-SHA1 of Digiflazz's webhooks (`X-Hub-Signature`).
    pub webhook_secret: SecretString,
    /// Base URL; requests go to `{url}/transaction`, `{url}/cek-saldo`, ….
    pub url: Url,
    /// The supplier timeout (`BILLER_TIMEOUT_SECS`): one wait, whichever supplier is asked.
    pub timeout: Duration,
    /// `DIGIFLAZZ_CHECK_FIRST_SECS`: how long after an open attempt began it is first checked
    /// (R45); each later check waits twice as long as the one before, at most an hour.
    pub check_first: Duration,
}

/// The first status check's default delay: Digiflazz's webhooks usually come within it.
pub const DEFAULT_CHECK_FIRST_SECS: u64 = 60;

const REQUIRED: [&str; 3] = [
    "DIGIFLAZZ_USERNAME",
    "DIGIFLAZZ_API_KEY",
    "DIGIFLAZZ_WEBHOOK_SECRET",
];

impl DigiflazzSettings {
    pub(super) fn from_source<F: Fn(&str) -> Option<String>>(
        src: &Source<F>,
        timeout: Duration,
    ) -> Result<Option<Self>, ConfigError> {
        let any_set = REQUIRED
            .iter()
            .chain(&["DIGIFLAZZ_URL", "DIGIFLAZZ_CHECK_FIRST_SECS"])
            .any(|v| src.get(v).is_some());
        if !any_set {
            return Ok(None);
        }
        for var in REQUIRED {
            if src.get(var).is_none() {
                return Err(err(
                    var,
                    "is required when any DIGIFLAZZ_* variable is set (set all of \
                     DIGIFLAZZ_USERNAME, DIGIFLAZZ_API_KEY and DIGIFLAZZ_WEBHOOK_SECRET, or none)",
                ));
            }
        }
        Ok(Some(Self {
            username: src.required("DIGIFLAZZ_USERNAME")?,
            api_key: SecretString::from(src.required("DIGIFLAZZ_API_KEY")?),
            webhook_secret: SecretString::from(src.required("DIGIFLAZZ_WEBHOOK_SECRET")?),
            url: url(src)?,
            timeout,
            check_first: Duration::from_secs(parse_number(
                src,
                "DIGIFLAZZ_CHECK_FIRST_SECS",
                DEFAULT_CHECK_FIRST_SECS,
                1..=3_600,
            )?),
        }))
    }

    /// Where `path` (`transaction`, `cek-saldo`, `price-list`, `inquiry-pln`) is asked.
    pub fn endpoint(&self, path: &str) -> Url {
        let mut url = self.url.clone();
        let joined = format!("{}/{path}", url.path().trim_end_matches('/'));
        url.set_path(&joined);
        url
    }
}

fn url<F: Fn(&str) -> Option<String>>(src: &Source<F>) -> Result<Url, ConfigError> {
    let raw = src
        .get("DIGIFLAZZ_URL")
        .unwrap_or_else(|| DEFAULT_URL.into());
    let url =
        Url::parse(&raw).map_err(|e| err("DIGIFLAZZ_URL", format!("is not a valid URL ({e})")))?;
    match url.scheme() {
        "https" => Ok(url),
        // As for BILLER_URL: the signed body crosses the network readable only to this machine.
        "http" if is_loopback_host(&url) => Ok(url),
        _ => Err(err(
            "DIGIFLAZZ_URL",
            "must be an https:// URL (http:// is allowed only for localhost/127.0.0.1)",
        )),
    }
}
