//! "Going live" in docs/operating.md as an operator copies it (R24a): the Caddyfile forwards exactly
//! the routes the internet must reach, each one real, and keeps the secrets they carry out of
//! its log; compose rotates both services' logs; an upgrade says how to go back.
use std::collections::BTreeSet;

use reqwest::Method;

use crate::fake_supplier::{self, Script};
use crate::helpers::{MUTATION_TOKEN, Options, TOKEN, spawn_app};

fn read(file: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap()
}

/// The Caddyfile block of docs/operating.md: `(directive, its matcher or "")` for each line.
fn caddyfile(guide: &str) -> Vec<(String, String)> {
    let start = guide
        .find("# Caddyfile")
        .expect("docs/operating.md shows a Caddyfile");
    let block = &guide[start..];
    let block = &block[..block.find("```").expect("the block ends")];
    block
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let directive = words.next()?.to_owned();
            Some((directive, words.next().unwrap_or_default().to_owned()))
        })
        .collect()
}

/// A route as a Caddy path matcher: its `{token}` segment becomes `*`.
fn matcher(route: &str) -> String {
    route.replace("{token}", "*")
}

#[tokio::test]
async fn the_operating_guide_caddyfile_forwards_each_public_route_and_logs_no_secret() {
    let lines = caddyfile(&read("docs/operating.md"));
    let with = |directive: &str| -> BTreeSet<String> {
        let found = lines.iter().filter(|(d, _)| d == directive);
        found.map(|(_, m)| m.clone()).collect()
    };
    // The routes anyone on the internet must reach, each with a request it answers.
    let routes = [
        (loket::http::callback::PATH, Method::GET, Some(TOKEN)),
        (
            loket::http::mutations::PATH,
            Method::POST,
            Some(MUTATION_TOKEN),
        ),
        (loket::intake::webhook::PATH, Method::POST, None),
    ];
    let forwarded: BTreeSet<String> = routes.iter().map(|(r, ..)| matcher(r)).collect();
    assert_eq!(with("reverse_proxy"), forwarded, "{lines:?}");
    // Two carry a token in their path; Telegram's secret is in a header, which Caddy's access
    // log records: none of the three may be logged.
    assert_eq!(with("log_skip"), forwarded, "{lines:?}");
    assert!(lines.iter().any(|(d, _)| d == "log"), "{lines:?}");

    // Each forwarded route is one loket serves: none answers as a route that does not exist.
    let supplier = fake_supplier::start(Script::reply(200, r#"{"status": true}"#)).await;
    let mut opts = Options::with_supplier(supplier.url);
    opts.webhook = true;
    let app = spawn_app(opts).await;
    for (route, method, token) in routes {
        let path = token.map_or(route.to_owned(), |t| route.replace("{token}", t));
        let url = format!("http://{}{path}", app.addr);
        let status = app
            .http
            .request(method, &url)
            .send()
            .await
            .unwrap()
            .status();
        assert!(
            [200, 400, 401].contains(&status.as_u16()),
            "{path}: {status}"
        );
    }
    app.finish().await;
}

#[test]
fn compose_rotates_the_logs_of_both_services() {
    let compose = read("docker-compose.yml");
    for service in ["db", "loket"] {
        let header = format!("\n  {service}:\n");
        let start = compose.find(&header).expect("the service") + header.len();
        let block: Vec<&str> = compose[start..]
            .lines()
            .take_while(|l| l.is_empty() || l.starts_with("   "))
            .collect();
        let block = block.join("\n");
        for setting in ["logging:", "driver: json-file", "max-size:", "max-file:"] {
            assert!(
                block.contains(setting),
                "{service}: no `{setting}` in\n{block}"
            );
        }
    }
}

#[test]
fn the_operating_guide_says_a_rollback_is_a_restore_and_what_it_loses() {
    let guide = read("docs/operating.md");
    let start = guide.find("**Upgrades.**").expect("an Upgrades paragraph");
    let upgrades = &guide[start..];
    // To the next paragraph of "Operating it", which all open in bold.
    let upgrades = &upgrades[..upgrades.find("\n\n**").unwrap_or(upgrades.len())];
    assert!(!upgrades.contains("only add"), "{upgrades}");
    for said in ["pg_restore", "trxid", "mutations", "Telegram"] {
        assert!(
            upgrades.contains(said),
            "`{said}` missing from:\n{upgrades}"
        );
    }
}
