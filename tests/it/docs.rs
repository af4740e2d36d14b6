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

/// The comments of a Rust file, with their line numbers: `//` to the end of the line and
/// `/* … */` (nested), outside string, raw string and char literals.
fn rust_comments(src: &str) -> Vec<(usize, String)> {
    let c: Vec<char> = src.chars().collect();
    let (mut i, mut line, mut out) = (0, 1, Vec::new());
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, ch)| c.get(i + k) == Some(&ch))
    };
    while i < c.len() {
        if at(i, "//") {
            let start = i;
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            out.push((line, c[start..i].iter().collect()));
        } else if at(i, "/*") {
            let (start, first_line, mut depth) = (i, line, 0);
            while i < c.len() {
                if at(i, "/*") {
                    depth += 1;
                    i += 2;
                } else if at(i, "*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
            }
            out.push((first_line, c[start..i].iter().collect()));
        } else if let Some(hashes) = raw_string_start(&c, i) {
            // r"…", r#"…"#, br#"…"#: no escapes; ends at a quote followed by as many hashes.
            i += c[i..].iter().position(|&ch| ch == '"').unwrap_or(0) + 1;
            let end: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            while i < c.len() && !at(i, &end) {
                line += usize::from(c[i] == '\n');
                i += 1;
            }
            i += end.len();
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                line += usize::from(c[i] == '\n');
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{1F600}'); otherwise a lifetime, left as it is.
            if c.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else {
            line += usize::from(c[i] == '\n');
            i += 1;
        }
    }
    out
}

/// How many `#` a raw string starting at `i` uses, if one starts there (not inside a name).
fn raw_string_start(c: &[char], i: usize) -> Option<usize> {
    if i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = c[j..].iter().take_while(|&&ch| ch == '#').count();
    (c.get(j + hashes) == Some(&'"')).then_some(hashes)
}

/// The files under `dir` ending in `.{ext}`, in a stable order.
pub(crate) fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Every comment in the tree, and the README line by line.
fn all_comments(root: &Path) -> Vec<Comment> {
    let mut out = Vec::new();
    let place = |path: &Path, line: usize| {
        let rel = path.strip_prefix(root).unwrap_or(path);
        format!("{}:{line}", rel.display())
    };
    let mut rust = Vec::new();
    files_under(&root.join("src"), "rs", &mut rust);
    files_under(&root.join("tests"), "rs", &mut rust);
    for path in rust {
        let src = std::fs::read_to_string(&path).unwrap();
        for (line, text) in rust_comments(&src) {
            let place = place(&path, line);
            out.push(Comment { place, text });
        }
    }
    let mut sql = Vec::new();
    files_under(&root.join("migrations"), "sql", &mut sql);
    for path in sql {
        let src = std::fs::read_to_string(&path).unwrap();
        for (n, line) in src.lines().enumerate() {
            if let Some((_, text)) = line.split_once("--") {
                let place = place(&path, n + 1);
                out.push(Comment {
                    place,
                    text: text.into(),
                });
            }
        }
    }
    let mut pages = vec![root.join("README.md")];
    files_under(&root.join("docs"), "md", &mut pages);
    for page in pages {
        for (n, line) in std::fs::read_to_string(&page).unwrap().lines().enumerate() {
            let place = place(&page, n + 1);
            out.push(Comment {
                place,
                text: line.into(),
            });
        }
    }
    out
}

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

/// Every environment variable `src/config/` reads: the upper-case string literals of its files
/// (its tests aside, which name variables only to set them).
fn config_vars(root: &Path) -> BTreeSet<String> {
    let name = Regex::new(r#""([A-Z][A-Z0-9_]{3,})""#).unwrap();
    let mut files = Vec::new();
    files_under(&root.join("src/config"), "rs", &mut files);
    let tests = root.join("src/config/tests");
    files
        .iter()
        .filter(|f| !f.starts_with(&tests))
        .flat_map(|f| {
            let src = std::fs::read_to_string(f).unwrap();
            let found: Vec<String> = name.captures_iter(&src).map(|c| c[1].to_owned()).collect();
            found
        })
        .collect()
}

/// The variables a page never names as `` `NAME` ``.
fn undocumented(vars: &BTreeSet<String>, page: &str) -> Vec<String> {
    let named = |v: &&String| page.contains(&format!("`{v}`"));
    vars.iter().filter(|v| !named(v)).cloned().collect()
}

/// The commands with no heading of their own (`### /beli`, `### /blokir, /buka`) in a page.
fn commands_without_entry(names: &[&str], page: &str) -> Vec<String> {
    let headings: Vec<&str> = page.lines().filter(|l| l.starts_with('#')).collect();
    names
        .iter()
        .filter(|name| {
            let entry = Regex::new(&format!(r"/{name}\b")).unwrap();
            !headings.iter().any(|h| entry.is_match(h))
        })
        .map(|name| (*name).to_owned())
        .collect()
}

fn page(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

fn command_names() -> Vec<&'static str> {
    loket::bot::commands::SPECS.iter().map(|s| s.name).collect()
}

#[test]
fn every_setting_is_in_the_operating_guide_and_every_command_in_perintah() {
    let vars = config_vars(&root());
    // The scan itself works: `src/config/` reads some forty variables.
    assert!(vars.len() >= 40, "{vars:?}");
    for var in [
        "DATABASE_URL",
        "TELOXIDE_TOKEN",
        "REGISTRATION",
        "TELEGRAM_PACE",
    ] {
        assert!(vars.contains(var), "{var} missing from {vars:?}");
    }
    let missing = undocumented(&vars, &page("docs/operating.md"));
    assert!(missing.is_empty(), "not in docs/operating.md: {missing:?}");

    let names = command_names();
    assert!(names.len() >= 40, "{names:?}");
    let missing = commands_without_entry(&names, &page("docs/perintah.md"));
    assert!(
        missing.is_empty(),
        "no entry in docs/perintah.md: {missing:?}"
    );
}

#[test]
fn a_setting_or_a_command_left_out_is_named() {
    let vars = config_vars(&root());
    let guide: String = page("docs/operating.md")
        .lines()
        .filter(|l| !l.contains("`SHOP_NAME`"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(undocumented(&vars, &guide), ["SHOP_NAME"]);

    // `/tolak` stays without its heading although `/tolakkomplain` keeps its own.
    let perintah: String = page("docs/perintah.md")
        .lines()
        .filter(|l| *l != "### /tolak" && *l != "### /grafik")
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        commands_without_entry(&command_names(), &perintah),
        ["grafik", "tolak"]
    );
}

/// A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as dashes.
fn anchor(heading: &str) -> String {
    let text = heading.trim_start_matches('#').trim().to_lowercase();
    text.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The links of a page (at `from`) to another document or a section that is not there: the
/// README's map and the documents' links to each other's sections.
fn broken_links(from: &Path, text: &str) -> Vec<String> {
    let link = Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut found = Vec::new();
    for m in link.captures_iter(text) {
        let target = &m[1];
        if target.starts_with("http://") || target.starts_with("https://") {
            continue;
        }
        let (path, section) = target.split_once('#').unwrap_or((target, ""));
        let file = if path.is_empty() {
            from.to_owned()
        } else {
            from.parent().unwrap().join(path)
        };
        let Ok(page) = std::fs::read_to_string(&file) else {
            found.push(format!("{target}: no such document"));
            continue;
        };
        let headings = page.lines().filter(|l| l.starts_with('#'));
        if !section.is_empty() && !headings.map(anchor).any(|a| a == section) {
            found.push(format!("{target}: no such section"));
        }
    }
    found
}

#[test]
fn every_link_between_the_documents_reaches_its_section() {
    let mut pages = vec![root().join("README.md")];
    files_under(&root().join("docs"), "md", &mut pages);
    let found: Vec<String> = pages
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            broken_links(p, &text)
                .into_iter()
                .map(move |b| format!("{}: {b}", p.display()))
        })
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));

    let from = root().join("docs/perintah.md");
    let text = "[a](operating.md#refunds) [b](operating.md#nowhere) [c](gone.md) [d](#untuk-admin)";
    assert_eq!(
        broken_links(&from, text),
        [
            "operating.md#nowhere: no such section",
            "gone.md: no such document"
        ]
    );
}
