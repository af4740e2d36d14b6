//! Who is really calling: the TCP peer, or behind a reverse proxy we trust, the address that
//! proxy saw. The allowlists decide on this address, so a header is believed only when one of
//! `TRUSTED_PROXIES` wrote it.
use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

const X_FORWARDED_FOR: &str = "x-forwarded-for";

/// The client address for allowlists and audit rows.
///
/// A peer outside `trusted` is the client, whatever its headers say. A trusted peer is a proxy:
/// `X-Forwarded-For` (every instance, in order, each comma-separated) is read from the right,
/// the end each proxy appends to, and the first hop that is not itself a trusted proxy is the
/// client. Everything left of that hop was written by the client and is never read. When
/// every hop is trusted, the request started inside the trusted network and the leftmost hop is
/// its origin. A missing header, or one that is not a clean list of addresses where a trusted
/// proxy wrote it, names no client: the answer is the peer, which is on an allowlist only if the
/// operator listed the proxy there.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = peer.to_canonical();
    if !is_trusted(peer, trusted) {
        return peer;
    }
    let Some(hops) = forwarded_hops(headers) else {
        return peer;
    };
    let mut origin = None;
    for hop in hops.into_iter().rev() {
        let Some(ip) = hop.map(|ip| ip.to_canonical()) else {
            return peer;
        };
        if !is_trusted(ip, trusted) {
            return ip;
        }
        origin = Some(ip);
    }
    origin.unwrap_or(peer)
}

fn is_trusted(ip: IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|net| net.contains(&ip))
}

/// Every hop of every `X-Forwarded-For` header, oldest first; `None` for a hop that is not a
/// plain address (with a port, `unknown`, empty, not text), and `None` overall when there is
/// no such header. Hops are decoded one by one, so bytes a client put on the left cannot spoil
/// the hops its proxies appended. (The standard `Forwarded` header is not read: a proxy that
/// sends only that names no client, and the answer is the proxy.)
fn forwarded_hops(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut hops = Vec::new();
    for value in headers.get_all(X_FORWARDED_FOR) {
        hops.extend(value.as_bytes().split(|&b| b == b',').map(|hop| {
            std::str::from_utf8(hop)
                .ok()
                .and_then(|hop| hop.trim().parse::<IpAddr>().ok())
        }));
    }
    (!hops.is_empty()).then_some(hops)
}

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
