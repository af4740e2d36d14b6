//! The repo explains itself: every promise id a comment cites (`R8`, `R9a`) is a heading in
//! docs/reliability.md, every `docs/*.md` and every `src/…` path a comment names exists, and no
//! comment sends the reader to a document outside the repo. Comments are read from `src/`,
//! `tests/` and `migrations/`, and the README and `docs/*.md` are read whole; string literals are
//! skipped, so test data is never a citation. The operator's and the shop's documents are
//! complete: every variable `src/config/` reads is in docs/operating.md, and every command of the
//! command table has its own entry in docs/perintah.md.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use regex::Regex;

/// Names of documents that are not in the repo; a comment naming one points nowhere.
const FOREIGN: &[&str] = &[
    "RELIABILITY",
    "ARCHITECTURE",
    "spec/",
    "biller-api",
    "STYLE.md",
    "STACK.md",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One comment (or README line) and where it is.
struct Comment {
    place: String,
    text: String,
}

mod comments;
mod coverage;
mod links;

pub(crate) use comments::files_under;
use comments::{all_comments, rust_comments};

/// The ids docs/reliability.md gives a heading: `### R8. …`, `#### R9a. …`.
fn headings(reliability: &str) -> BTreeSet<String> {
    let heading = Regex::new(r"^#+\s+(R[0-9]+[a-z]?)\b").unwrap();
    reliability
        .lines()
        .filter_map(|l| heading.captures(l).map(|c| c[1].to_owned()))
        .collect()
}

/// Promise ids cited in a comment. An id inside a path (`…/NAMA/R1/900VA`, the tariff class in a
/// PLN token) is part of that text, not a citation.
fn cited_ids(text: &str) -> Vec<String> {
    let id = Regex::new(r"\bR[0-9]+[a-z]?\b").unwrap();
    id.find_iter(text)
        .filter(|m| !text[..m.start()].ends_with('/') && !text[m.end()..].starts_with('/'))
        .map(|m| m.as_str().to_owned())
        .collect()
}

/// What is wrong with the comments, one line per problem; and how many citations were checked.
fn problems(comments: &[Comment], ids: &BTreeSet<String>, root: &Path) -> (Vec<String>, usize) {
    let doc = Regex::new(r"docs/[A-Za-z0-9_.-]+\.md").unwrap();
    // A path in the source tree: `src/orders/place.rs`, `src/telegram/pace/`. A path inside a
    // larger one (`tests/it/src/…`) or a pattern (`src/<name>.rs`) is not a citation.
    let path = Regex::new(r"(^|[^A-Za-z0-9_/.<-])(src/[A-Za-z0-9_/.-]*[A-Za-z0-9_/])").unwrap();
    let (mut found, mut checked) = (Vec::new(), 0);
    for c in comments {
        for id in cited_ids(&c.text) {
            checked += 1;
            if !ids.contains(&id) {
                found.push(format!(
                    "{}: {id} has no heading in docs/reliability.md",
                    c.place
                ));
            }
        }
        for m in doc.find_iter(&c.text) {
            checked += 1;
            if !root.join(m.as_str()).is_file() {
                found.push(format!("{}: {} does not exist", c.place, m.as_str()));
            }
        }
        for m in path.captures_iter(&c.text) {
            checked += 1;
            let cited = m[2].trim_end_matches('.');
            if !root.join(cited).exists() {
                found.push(format!("{}: {cited} does not exist", c.place));
            }
        }
        for name in FOREIGN.iter().filter(|n| c.text.contains(*n)) {
            found.push(format!(
                "{}: cites {name}, which is not in the repo",
                c.place
            ));
        }
    }
    (found, checked)
}

fn reliability() -> String {
    std::fs::read_to_string(root().join("docs/reliability.md")).unwrap()
}

#[test]
fn every_cited_promise_and_document_is_in_docs() {
    let ids = headings(&reliability());
    let (found, checked) = problems(&all_comments(&root()), &ids, &root());
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The scan itself works: today's comments cite ids and docs dozens of times.
    assert!(checked >= 40, "only {checked} citations found");
    for id in ["R1", "R8", "R9a", "R9b", "R20", "R30"] {
        assert!(ids.contains(id), "{id} missing from {ids:?}");
    }
}

#[test]
fn a_missing_heading_a_missing_doc_and_a_foreign_document_are_each_named() {
    let without_r8: String = reliability()
        .lines()
        .filter(|l| !l.starts_with("### R8."))
        .map(|l| format!("{l}\n"))
        .collect();
    let comments = all_comments(&root());
    let (before, _) = problems(&comments, &headings(&reliability()), &root());
    let (after, _) = problems(&comments, &headings(&without_r8), &root());
    let new: Vec<_> = after.iter().filter(|p| !before.contains(p)).collect();
    assert!(
        !new.is_empty() && new.iter().all(|p| p.contains(": R8 has no heading")),
        "{new:?}"
    );

    let src = r##"
        /// Applied once (R16, R99), see docs/architecture.md and docs/nowhere.md.
        /// Built in src/orders/place.rs, and in src/orders/gone.rs, for `src/<name>.rs`.
        fn f() -> &'static str { let _c = '"'; "R98 // docs/gone.md RELIABILITY" }
        /* Where ARCHITECTURE.md said so. */ const S: &str = r#"R97 "// spec/"#;
        // PLN tokens end `/NAMA/R1/900VA`; the state table is in spec/biller-api.md.
    "##;
    let comments: Vec<Comment> = rust_comments(src)
        .into_iter()
        .map(|(line, text)| Comment {
            place: format!("x.rs:{line}"),
            text,
        })
        .collect();
    let (found, _) = problems(&comments, &headings(&reliability()), &root());
    assert_eq!(
        found,
        [
            "x.rs:2: R99 has no heading in docs/reliability.md",
            "x.rs:2: docs/nowhere.md does not exist",
            "x.rs:3: src/orders/gone.rs does not exist",
            "x.rs:5: cites ARCHITECTURE, which is not in the repo",
            "x.rs:6: cites spec/, which is not in the repo",
            "x.rs:6: cites biller-api, which is not in the repo",
        ]
    );
}
