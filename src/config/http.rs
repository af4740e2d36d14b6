//! Where loket listens, and who may call it.
use std::net::SocketAddr;

use ipnet::IpNet;
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};

use super::env::{err, ip_list, is_strong_token, optional_url};
use super::{ConfigError, Source};

#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub addr: SocketAddr,
    /// Secret path segment of the callback URL given to the supplier.
    pub callback_token: SecretString,
    /// Empty means any peer may call back (the token still guards it).
    pub callback_allow: Vec<IpNet>,
    /// Who may read `/metrics`; by default loopback and private networks (a Prometheus beside
    /// loket), never the internet the callback port faces.
    pub metrics_allow: Vec<IpNet>,
    /// Reverse proxies in front of loket: from these peers the client address is taken from
    /// `X-Forwarded-For`. Empty (the default) means the header is never read.
    pub trusted_proxies: Vec<IpNet>,
    /// Where the internet reaches this server, e.g. `https://loket.example.com`; only used to
    /// show the callback URL to give the supplier.
    pub public_url: Option<Url>,
}

/// Loopback and the private ranges, IPv4 and IPv6.
pub const PRIVATE_NETWORKS: &str =
    "127.0.0.0/8,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,::1/128,fc00::/7";

impl HttpSettings {
    pub(super) fn from_source<F: Fn(&str) -> Option<String>>(
        src: &Source<F>,
    ) -> Result<Self, ConfigError> {
        let addr = src
            .get("HTTP_ADDR")
            .unwrap_or_else(|| "0.0.0.0:8080".into())
            .parse()
            .map_err(|_| err("HTTP_ADDR", "must be an address like 0.0.0.0:8080"))?;
        let callback_token = src.required("CALLBACK_TOKEN")?;
        if !is_strong_token(&callback_token) {
            return Err(err(
                "CALLBACK_TOKEN",
                "must be 32 to 256 characters of A-Z a-z 0-9 _ - (generate one with: openssl rand -hex 24)",
            ));
        }
        let callback_allow = ip_list(src, "CALLBACK_ALLOW_IPS")?.unwrap_or_default();
        let metrics_allow = match ip_list(src, "METRICS_ALLOW_IPS")? {
            Some(nets) => nets,
            None => PRIVATE_NETWORKS
                .split(',')
                .filter_map(|n| n.parse().ok())
                .collect(),
        };
        let trusted_proxies = ip_list(src, "TRUSTED_PROXIES")?.unwrap_or_default();
        if let Some(everyone) = trusted_proxies.iter().find(|net| net.prefix_len() == 0) {
            return Err(err(
                "TRUSTED_PROXIES",
                format!(
                    "`{everyone}` would let any caller name its own address; list only your reverse proxy"
                ),
            ));
        }
        Ok(Self {
            addr,
            callback_token: SecretString::from(callback_token),
            callback_allow,
            metrics_allow,
            trusted_proxies,
            public_url: optional_url(src, "PUBLIC_URL")?,
        })
    }

    /// The URL to give the supplier for callbacks, when PUBLIC_URL says where we are.
    pub fn callback_url(&self) -> Option<Url> {
        let base = self.public_url.as_ref()?;
        let path = format!("biller/callback/{}", self.callback_token.expose_secret());
        let mut base = base.clone();
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        base.join(&path).ok()
    }
}
