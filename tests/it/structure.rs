//! The shape of the code, checked: rules about which module may do what, read from `src/`.
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, recursively, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// A file's product code: without its unit tests (a `#[cfg(test)]` module and whatever follows
/// it, or a whole file of them) and without `//` comments, which may name what they avoid.
fn product_code(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if matches!(name, "tests.rs" | "props.rs") {
        return String::new();
    }
    let text = std::fs::read_to_string(path).expect("readable source");
    let code = text.split("#[cfg(test)]\nmod ").next().unwrap_or_default();
    code.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The bot renders what services answer; the services own their tables and so their
/// transactions. A transaction begun in `src/bot/` would put a module's rules in a handler.
#[test]
fn the_bot_begins_no_transaction() {
    let mut found = Vec::new();
    for path in rust_files(&src().join("bot")) {
        let code = product_code(&path);
        for (n, line) in code.lines().enumerate() {
            if ["begin()", ".begin(", "Transaction"]
                .iter()
                .any(|word| line.contains(word))
            {
                let shown = path.strip_prefix(src()).unwrap_or(&path).display();
                found.push(format!("src/{shown}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "transactions begun in the bot:\n{}",
        found.join("\n")
    );
}
