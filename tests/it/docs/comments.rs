//! Reading comments out of the tree: Rust's, SQL's, and the documents line by line.
use std::path::{Path, PathBuf};

use super::Comment;

/// The comments of a Rust file, with their line numbers: `//` to the end of the line and
/// `/* … */` (nested), outside string, raw string and char literals.
pub(super) fn rust_comments(src: &str) -> Vec<(usize, String)> {
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
pub(super) fn all_comments(root: &Path) -> Vec<Comment> {
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
