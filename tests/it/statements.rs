//! Each module owns its statements: an SQL macro is used only inside the module that defines it
//! (anything one module adds to another's statement goes through a function of its owner, which
//! binds its own values, see `src/sql.rs`), and only `src/ledger/` writes the ledger's rows and
//! accounts. Read from the product's source as text, as `docs.rs` reads its comments.
use std::path::PathBuf;

use regex::Regex;

use super::structure::source::product_sources;

/// The product's files (as `structure` chooses them), each with its module and its text up to its
/// `#[cfg(test)]` module, string literals kept (they hold the SQL) and line comments removed.
fn product_files() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let comment = Regex::new(r"(?m)^\s*//.*$").unwrap();
    product_sources(&root)
        .into_iter()
        .map(|source| {
            let text = std::fs::read_to_string(root.join(&source.path)).unwrap();
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            let path = source.path.trim_start_matches("src/").to_owned();
            (path, comment.replace_all(text, "").into_owned())
        })
        .collect()
}

/// The top-level module a file of `src/` belongs to (`orders` for `orders/place.rs`).
fn module_of(rel: &str) -> &str {
    rel.split('/').next().unwrap().trim_end_matches(".rs")
}

/// `macro_rules!` definitions whose body holds text: (name, file). The product's only macros that
/// write text write SQL (the others, `named_enum!` and `from_row!`, write Rust).
fn sql_macros(files: &[(String, String)]) -> Vec<(String, String)> {
    let def = Regex::new(r"macro_rules!\s*(\w+)\s*\{").unwrap();
    let mut found = Vec::new();
    for (rel, text) in files {
        for m in def.captures_iter(text) {
            let start = m.get(0).unwrap().end();
            let mut depth = 1;
            let body_end = text[start..]
                .char_indices()
                .find(|&(_, c)| {
                    depth += i32::from(c == '{') - i32::from(c == '}');
                    depth == 0
                })
                .map_or(text.len(), |(i, _)| start + i);
            if text[start..body_end].contains('"') {
                found.push((m[1].to_owned(), rel.clone()));
            }
        }
    }
    found
}

#[test]
fn an_sql_macro_is_used_only_in_the_module_that_defines_it() {
    let files = product_files();
    let macros = sql_macros(&files);
    assert!(
        macros.iter().any(|(name, _)| name == "order_columns"),
        "the reader finds the SQL macros: {macros:?}"
    );
    let mut crossing = Vec::new();
    for (name, home) in &macros {
        let used = Regex::new(&format!(r"\b{name}!\s*\(")).unwrap();
        for (rel, text) in &files {
            if module_of(rel) != module_of(home) && used.is_match(text) {
                crossing.push(format!("{name}! (from {home}) used in {rel}"));
            }
        }
    }
    assert!(
        crossing.is_empty(),
        "SQL text crosses a module border; let the owner add its part with a function \
         (see src/sql.rs):\n{}",
        crossing.join("\n")
    );
}

#[test]
fn only_the_ledger_writes_ledger_rows_and_accounts() {
    let write = Regex::new(
        r"(?i)(insert\s+into|update|delete\s+from)\s+(ledger_txns|ledger_entries|accounts)\b",
    )
    .unwrap();
    let outside: Vec<String> = product_files()
        .into_iter()
        .filter(|(rel, _)| module_of(rel) != "ledger")
        .filter_map(|(rel, text)| write.find(&text).map(|m| format!("{rel}: {}", m.as_str())))
        .collect();
    assert!(
        outside.is_empty(),
        "money moves outside src/ledger/ (write it with a ledger part instead):\n{}",
        outside.join("\n")
    );
}
