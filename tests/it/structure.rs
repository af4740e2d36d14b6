//! The module graph holds: `text` is a leaf over `domain`, and no two top-level modules depend
//! on each other, however far round. A module is `src/<name>.rs` or `src/<name>/`; it depends on
//! another when its product code names `crate::<other>` (a `use`, a path in place, one inside
//! `crate::{…}`, or `super::` climbing to the crate root) or invokes a macro the other defines with `macro_rules!`, which reaches across
//! modules without any path.
pub mod source;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::PathBuf;

use regex::Regex;
use source::{Source, code_only, product_sources, resolve_super, without_test_items};

/// Each module's dependencies, and for each edge the files that make it.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The first segment of every crate path in `code`: `crate::a::b` gives `a`, and
/// `crate::{a, b::c}` gives `a` and `b`.
fn crate_paths(code: &str) -> Vec<String> {
    let path = Regex::new(r"\bcrate\s*::\s*(\w+|\{)").unwrap();
    let mut out = Vec::new();
    for m in path.captures_iter(code) {
        if &m[1] != "{" {
            out.push(m[1].to_owned());
            continue;
        }
        let inner = &code[m.get(1).unwrap().end()..];
        let (mut depth, mut part) = (0usize, String::new());
        for ch in inner.chars() {
            match ch {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.extend(first_word(&part));
                    part.clear();
                    continue;
                }
                _ => {}
            }
            part.push(ch);
        }
        out.extend(first_word(&part));
    }
    out
}

fn first_word(part: &str) -> Option<String> {
    let word: String = part
        .trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!word.is_empty()).then_some(word)
}

/// The graph of top-level modules over the given files.
fn graph(sources: &[Source]) -> Graph {
    let defined = Regex::new(r"macro_rules!\s*(\w+)").unwrap();
    // A delimiter follows, so `a != b` is no invocation of a macro named `a`.
    let invoked = Regex::new(r"\b(\w+)\s*!\s*[(\[{]").unwrap();
    let mut macros: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in sources {
        for m in defined.captures_iter(&s.code) {
            macros
                .entry(m[1].to_owned())
                .or_default()
                .insert(s.module.clone());
        }
    }
    let modules: BTreeSet<&str> = sources.iter().map(|s| s.module.as_str()).collect();
    let mut g = Graph::new();
    for s in sources {
        let edges = g.entry(s.module.clone()).or_default();
        let mut targets: BTreeSet<String> = crate_paths(&s.code).into_iter().collect();
        for m in invoked.captures_iter(&s.code) {
            let owners = macros.get(&m[1]).cloned().unwrap_or_default();
            if !owners.contains(&s.module) {
                targets.extend(owners);
            }
        }
        for t in targets {
            if t != s.module && modules.contains(t.as_str()) {
                edges.entry(t).or_default().insert(s.path.clone());
            }
        }
    }
    g
}

/// One cycle per strongly connected group of modules, shortest through its first module, each
/// edge followed by the files that make it.
fn cycles(g: &Graph) -> Vec<String> {
    let reach = |from: &str| -> BTreeSet<String> {
        let (mut seen, mut todo) = (BTreeSet::new(), vec![from.to_owned()]);
        while let Some(m) = todo.pop() {
            for next in g.get(&m).into_iter().flat_map(|e| e.keys()) {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let (mut done, mut out) = (BTreeSet::new(), Vec::new());
    for start in g.keys() {
        if done.contains(start) || !reach(start).contains(start) {
            continue;
        }
        let group: BTreeSet<String> = reach(start)
            .into_iter()
            .filter(|m| reach(m).contains(start))
            .collect();
        done.extend(group.iter().cloned());
        // Breadth first from `start` back to itself, inside the group.
        let mut came_from: BTreeMap<String, String> = BTreeMap::new();
        let mut todo = VecDeque::from([start.clone()]);
        'search: while let Some(m) = todo.pop_front() {
            for next in g[&m].keys().filter(|n| group.contains(*n)) {
                if next == start {
                    came_from.insert(format!("{start}'"), m.clone());
                    break 'search;
                }
                if !came_from.contains_key(next) {
                    came_from.insert(next.clone(), m.clone());
                    todo.push_back(next.clone());
                }
            }
        }
        let mut path = vec![start.clone()];
        let mut at = came_from[&format!("{start}'")].clone();
        while &at != start {
            path.push(at.clone());
            at = came_from[&at].clone();
        }
        path.push(start.clone());
        path.reverse();
        let mut text = path.join(" -> ");
        let group: Vec<&str> = group.iter().map(String::as_str).collect();
        text.push_str(&format!(" (the group: {})", group.join(", ")));
        for pair in path.windows(2) {
            let files: Vec<&str> = g[&pair[0]][&pair[1]].iter().map(String::as_str).collect();
            text.push_str(&format!(
                "\n  {} -> {}: {}",
                pair[0],
                pair[1],
                files.join(", ")
            ));
        }
        out.push(text);
    }
    out
}

/// Crate paths in `text`'s files that name anything but `domain` and `text`, with the file.
fn text_imports(sources: &[Source]) -> Vec<String> {
    sources
        .iter()
        .filter(|s| s.module == "text")
        .flat_map(|s| {
            crate_paths(&s.code)
                .into_iter()
                .filter(|p| p != "domain" && p != "text")
                .map(move |p| format!("{}: crate::{p}", s.path))
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn text_imports_only_domain() {
    let sources = product_sources(&root());
    assert!(sources.iter().filter(|s| s.module == "text").count() > 10);
    let found = text_imports(&sources);
    assert!(found.is_empty(), "text imports:\n{}", found.join("\n"));
}

#[test]
fn no_import_cycle_between_modules() {
    let sources = product_sources(&root());
    let g = graph(&sources);
    // The scan itself works: the purchase path's known edges are found.
    for (from, to) in [("orders", "ledger"), ("bot", "orders"), ("text", "domain")] {
        assert!(g[from].contains_key(to), "{from} -> {to} not found");
    }
    let found = cycles(&g);
    assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
}

#[test]
fn a_cycle_a_macro_and_a_foreign_import_in_text_are_each_named() {
    let file = |path: &str, module: &str, src: &str| {
        let depth = path.matches('/').count() - usize::from(path.ends_with("/mod.rs"));
        Source {
            path: path.into(),
            module: module.into(),
            code: resolve_super(&without_test_items(&code_only(src)), depth),
        }
    };
    let sources = [
        file(
            "src/a.rs",
            "a",
            "use crate::{b::X, domain};\nmacro_rules! m { () => {} }",
        ),
        file("src/b/mod.rs", "b", "fn f() { crate::c::g(); } // crate::a"),
        file("src/c.rs", "c", "fn g() { m!(); let _ = \"crate::d\"; }"),
        file(
            "src/d.rs",
            "d",
            "#[cfg(test)]\nmod tests { use crate::a; }\nuse crate::domain;",
        ),
        file("src/e.rs", "e", "fn h(m: u8) -> bool { m != 0 }"),
        file(
            "src/text/x.rs",
            "text",
            "use crate::text::y;\nuse crate::{domain::M, bot};",
        ),
        file("src/text/mod.rs", "text", "use super::orders;"),
        file(
            "src/text/z/w.rs",
            "text",
            "use super::super::Y;\nuse super::super::super::c;",
        ),
        file("src/domain.rs", "domain", ""),
    ];
    let g = graph(&sources);
    assert_eq!(
        cycles(&g),
        [
            "a -> b -> c -> a (the group: a, b, c)\n  a -> b: src/a.rs\n  b -> c: src/b/mod.rs\n  c -> a: src/c.rs"
        ]
    );
    assert_eq!(g["d"].keys().collect::<Vec<_>>(), ["domain"]);
    assert!(g["e"].is_empty(), "{:?}", g["e"]);
    assert_eq!(
        text_imports(&sources),
        [
            "src/text/mod.rs: crate::orders",
            "src/text/x.rs: crate::bot",
            "src/text/z/w.rs: crate::c",
        ]
    );
}

/// The bot renders what services answer; the services own their tables and so their
/// transactions. A transaction begun in `src/bot/` would put a module's rules in a handler.
#[test]
fn the_bot_begins_no_transaction() {
    let mut found = Vec::new();
    for s in product_sources(&root())
        .iter()
        .filter(|s| s.module == "bot")
    {
        for (n, line) in s.code.lines().enumerate() {
            if ["begin()", ".begin(", "Transaction"]
                .iter()
                .any(|word| line.contains(word))
            {
                found.push(format!("{}:{}: {}", s.path, n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "transactions begun in the bot:\n{}",
        found.join("\n")
    );
}
