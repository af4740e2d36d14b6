//! Where the supplier is, who loket is to it, and how long loket waits for it.
use std::time::Duration;

use reqwest::Url;
use secrecy::SecretString;

use super::ConfigError;
use super::env::{Source, err, is_loopback_host, parse_number};

#[derive(Debug, Clone)]
pub struct BillerSettings {
    /// Base URL; purchases go to `{url}/service/in/json`.
    pub url: Url,
    pub user: String,
    /// Only ever feeds the md5 sign.
    pub password: SecretString,
    pub timeout: Duration,
}

impl BillerSettings {
    pub(super) fn from_source<F: Fn(&str) -> Option<String>>(
        src: &Source<F>,
    ) -> Result<Self, ConfigError> {
        let url = Url::parse(&src.required("BILLER_URL")?)
            .map_err(|e| err("BILLER_URL", format!("is not a valid URL ({e})")))?;
        match url.scheme() {
            "https" => {}
            // Plain HTTP would send the signed request readable to anyone on the path; it is
            // allowed only to this machine, for the simulator and tests.
            "http" if is_loopback_host(&url) => {}
            _ => {
                return Err(err(
                    "BILLER_URL",
                    "must be an https:// URL (http:// is allowed only for localhost/127.0.0.1)",
                ));
            }
        }
        let user = src.required("BILLER_USER")?;
        let password = src.required("BILLER_PASSWORD")?;
        let timeout = Duration::from_secs(parse_number(src, "BILLER_TIMEOUT_SECS", 30, 1..=600)?);
        Ok(Self {
            url,
            user,
            password: SecretString::from(password),
            timeout,
        })
    }

    /// Where purchase requests go.
    pub fn endpoint(&self) -> Url {
        let mut url = self.url.clone();
        let path = format!("{}/service/in/json", url.path().trim_end_matches('/'));
        url.set_path(&path);
        url
    }
}
