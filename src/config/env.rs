//! Reading variables: presence, numbers, URLs and token shapes, each failure naming its variable.
use ipnet::IpNet;
use reqwest::Url;

use super::ConfigError;

pub(super) fn err(var: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        problem: problem.into(),
    }
}

/// Reads variables through `lookup` so tests can hand in a map instead of the process env.
/// Empty values count as unset, the way `.env` files usually leave optional ones.
pub struct Source<F: Fn(&str) -> Option<String>>(pub F);

impl<F: Fn(&str) -> Option<String>> Source<F> {
    pub(super) fn get(&self, var: &str) -> Option<String> {
        (self.0)(var)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    pub(super) fn required(&self, var: &'static str) -> Result<String, ConfigError> {
        self.get(var)
            .ok_or_else(|| err(var, "is required but not set"))
    }
}

pub(super) fn optional_url<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
    var: &'static str,
) -> Result<Option<Url>, ConfigError> {
    src.get(var)
        .map(|v| Url::parse(&v).map_err(|e| err(var, format!("is not a valid URL ({e})"))))
        .transpose()
}

pub(super) fn parse_number<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
    var: &'static str,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
) -> Result<u64, ConfigError> {
    let Some(raw) = src.get(var) else {
        return Ok(default);
    };
    let n: u64 = raw
        .parse()
        .map_err(|_| err(var, format!("must be a whole number, got `{raw}`")))?;
    if !range.contains(&n) {
        return Err(err(
            var,
            format!("must be between {} and {}", range.start(), range.end()),
        ));
    }
    Ok(n)
}

/// Long enough to resist guessing (R15, R23) and safe in a URL path or an HTTP header.
pub(super) fn is_strong_token(s: &str) -> bool {
    (32..=256).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub(super) fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A comma-separated list of IP addresses and CIDR ranges; `None` when the variable is unset.
pub(super) fn ip_list<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
    var: &'static str,
) -> Result<Option<Vec<IpNet>>, ConfigError> {
    let Some(raw) = src.get(var) else {
        return Ok(None);
    };
    let mut nets = Vec::new();
    for item in raw.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let net = item
            .parse::<IpNet>()
            .or_else(|_| item.parse::<std::net::IpAddr>().map(IpNet::from))
            .map_err(|_| err(var, format!("`{item}` is not an IP address or CIDR range")))?;
        nets.push(net);
    }
    Ok(Some(nets))
}
