//! Properties of the client address: a header can only ever be believed from a trusted proxy.
//! `PROPTEST_CASES=N` changes the number of cases (default 256).
use std::net::{Ipv4Addr, Ipv6Addr};

use axum::http::{HeaderMap, HeaderValue};
use proptest::prelude::*;

use super::*;

fn trusted() -> Vec<IpNet> {
    ["10.0.0.0/8", "192.168.7.0/24", "fd00::/8"]
        .iter()
        .map(|n| n.parse().unwrap())
        .collect()
}

/// Addresses drawn from the whole space: almost all outside the trusted ranges.
fn anywhere_ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<u32>().prop_map(|n| IpAddr::V4(Ipv4Addr::from(n))),
        any::<u128>().prop_map(|n| IpAddr::V6(Ipv6Addr::from(n))),
        any::<u32>().prop_map(|n| IpAddr::V6(Ipv4Addr::from(n).to_ipv6_mapped())),
    ]
}

/// Built inside the trusted ranges rather than filtered into them, so that any number of
/// cases (`PROPTEST_CASES`) stays under proptest's limit of rejected draws.
fn trusted_ip() -> impl Strategy<Value = IpAddr> {
    let ten = |n: u32| Ipv4Addr::from(0x0a00_0000 | (n & 0x00ff_ffff));
    prop_oneof![
        any::<u32>().prop_map(move |n| IpAddr::V4(ten(n))),
        any::<u8>().prop_map(|n| IpAddr::V4(Ipv4Addr::new(192, 168, 7, n))),
        any::<u128>().prop_map(|n| IpAddr::V6(Ipv6Addr::from((0xfd_u128 << 120) | (n >> 8)))),
        any::<u32>().prop_map(move |n| IpAddr::V6(ten(n).to_ipv6_mapped())),
    ]
    .prop_map(|ip| {
        assert!(is_trusted(ip.to_canonical(), &trusted()), "{ip}");
        ip
    })
}

fn untrusted_ip() -> impl Strategy<Value = IpAddr> {
    anywhere_ip().prop_filter("outside the trusted ranges", |ip| {
        !is_trusted(ip.to_canonical(), &trusted())
    })
}

/// Both sides, evenly, so that each is reached.
fn any_ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![trusted_ip(), anywhere_ip()]
}

/// What a client can put in the header: addresses, near-addresses and bytes.
fn spoofed_value() -> impl Strategy<Value = Vec<u8>> {
    let hop = prop_oneof![
        any_ip().prop_map(|ip| ip.to_string().into_bytes()),
        Just(b"unknown".to_vec()),
        "[0-9a-f:.\\[\\] ]{0,20}".prop_map(String::into_bytes),
        prop::collection::vec(32u8..=255, 0..12)
            .prop_map(|v| { v.into_iter().filter(|&b| b != 127).collect::<Vec<u8>>() }),
    ];
    prop::collection::vec(hop, 0..6).prop_map(|hops| hops.join(&b", "[..]))
}

fn header_map(values: &[Vec<u8>]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for value in values {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            map.append(X_FORWARDED_FOR, value);
        }
    }
    map
}

proptest! {
    #[test]
    fn an_untrusted_peer_is_the_answer_whatever_it_sends(
        peer in untrusted_ip(),
        values in prop::collection::vec(spoofed_value(), 0..4),
    ) {
        prop_assert_eq!(client_ip(peer, &header_map(&values), &trusted()), peer.to_canonical());
    }

    #[test]
    fn what_the_client_prepends_never_changes_the_answer(
        peer in trusted_ip(),
        spoofed in prop::collection::vec(spoofed_value(), 0..3),
        client in untrusted_ip(),
        proxies in prop::collection::vec(trusted_ip(), 0..4),
    ) {
        let mut appended = client.to_string();
        for proxy in &proxies {
            appended.push_str(&format!(", {proxy}"));
        }
        // The client's own header, then what the trusted proxies appended to it, either in the
        // same header line or in one of their own.
        let mut joined = spoofed.clone();
        match joined.last_mut() {
            Some(last) => {
                last.extend_from_slice(b", ");
                last.extend_from_slice(appended.as_bytes());
            }
            None => joined.push(appended.clone().into_bytes()),
        }
        let mut separate = spoofed;
        separate.push(appended.into_bytes());
        for values in [joined, separate] {
            let map = header_map(&values);
            if map.get_all(X_FORWARDED_FOR).iter().count() != values.len() {
                continue; // a value HTTP itself would refuse never reaches us
            }
            prop_assert_eq!(client_ip(peer, &map, &trusted()), client.to_canonical());
        }
    }

    #[test]
    fn the_answer_is_the_peer_or_a_hop_it_was_told(
        peer in any_ip(),
        values in prop::collection::vec(spoofed_value(), 0..4),
    ) {
        let map = header_map(&values);
        let answer = client_ip(peer, &map, &trusted());
        let told: Vec<IpAddr> = forwarded_hops(&map)
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .map(|ip| ip.to_canonical())
            .collect();
        prop_assert!(answer == peer.to_canonical() || told.contains(&answer));
    }
}
