use axum::http::{HeaderMap, HeaderValue};

use super::*;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn trusted() -> Vec<IpNet> {
    ["10.0.0.0/8", "fd00::/8"]
        .iter()
        .map(|n| n.parse().unwrap())
        .collect()
}

fn headers(values: &[&[u8]]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for value in values {
        map.append(X_FORWARDED_FOR, HeaderValue::from_bytes(value).unwrap());
    }
    map
}

fn client(peer: &str, values: &[&[u8]]) -> IpAddr {
    client_ip(ip(peer), &headers(values), &trusted())
}

#[test]
fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
    assert_eq!(client("198.51.100.4", &[]), ip("198.51.100.4"));
    assert_eq!(
        client("198.51.100.4", &[b"203.0.113.7"]),
        ip("198.51.100.4")
    );
    assert_eq!(
        client("198.51.100.4", &[b"203.0.113.7, 10.0.0.2"]),
        ip("198.51.100.4")
    );
}

#[test]
fn without_trusted_proxies_the_header_is_never_read() {
    let forwarded = headers(&[b"203.0.113.7"]);
    assert_eq!(client_ip(ip("10.0.0.2"), &forwarded, &[]), ip("10.0.0.2"));
}

#[test]
fn behind_a_trusted_proxy_the_last_untrusted_hop_is_the_client() {
    assert_eq!(client("10.0.0.2", &[b"203.0.113.7"]), ip("203.0.113.7"));
    // The client wrote the left part itself; proxies appended the rest.
    assert_eq!(
        client("10.0.0.2", &[b"1.2.3.4, 203.0.113.7, 10.9.9.9"]),
        ip("203.0.113.7")
    );
    assert_eq!(
        client("10.0.0.2", &[b"203.0.113.7,10.9.9.9 , 10.1.1.1"]),
        ip("203.0.113.7")
    );
}

#[test]
fn several_header_instances_are_one_list_in_order() {
    assert_eq!(
        client("10.0.0.2", &[b"1.2.3.4", b"203.0.113.7, 10.9.9.9"]),
        ip("203.0.113.7")
    );
    assert_eq!(
        client("10.0.0.2", &[b"203.0.113.7, 10.9.9.9", b"1.2.3.4"]),
        ip("1.2.3.4")
    );
}

#[test]
fn garbage_where_a_proxy_wrote_names_no_client_and_the_peer_stands() {
    for value in [
        &b"203.0.113.7, unknown"[..],
        b"203.0.113.7:4711",
        b"203.0.113.7,",
        b"",
        b" ",
        b"[2001:db8::1]",
        b"203.0.113.7, 10.0.0.3, \xff",
    ] {
        assert_eq!(
            client("10.0.0.2", &[value]),
            ip("10.0.0.2"),
            "{:?}",
            String::from_utf8_lossy(value)
        );
    }
}

#[test]
fn garbage_the_client_wrote_is_never_reached() {
    for value in [
        &b"unknown, 203.0.113.7"[..],
        b"\xff\xfe, 203.0.113.7",
        b"1.2.3.4:80,203.0.113.7, 10.9.9.9",
    ] {
        assert_eq!(
            client("10.0.0.2", &[value]),
            ip("203.0.113.7"),
            "{:?}",
            String::from_utf8_lossy(value)
        );
    }
}

#[test]
fn when_every_hop_is_trusted_the_leftmost_is_the_origin() {
    assert_eq!(client("10.0.0.2", &[b"10.5.5.5, 10.9.9.9"]), ip("10.5.5.5"));
}

#[test]
fn ipv6_and_ipv4_mapped_addresses_are_compared_as_what_they_are() {
    assert_eq!(
        client("::ffff:10.0.0.2", &[b"::ffff:203.0.113.7"]),
        ip("203.0.113.7")
    );
    assert_eq!(
        client("fd00::2", &[b"2001:db8::7, fd00::9"]),
        ip("2001:db8::7")
    );
    assert_eq!(
        client("::ffff:198.51.100.4", &[b"203.0.113.7"]),
        ip("198.51.100.4")
    );
}
