//! `src/` as the structure tests read it: product files only, each reduced to its code.
//! Comments and the insides of string and char literals become spaces (line breaks kept), so a
//! path in a doc comment or in test data is never an import; `#[cfg(test)]` items go too.
use std::path::Path;

/// One product file: its path under `src/`, its top-level module and its code.
pub struct Source {
    pub path: String,
    pub module: String,
    pub code: String,
}

/// Every product file under `src/`: not the crate roots (`lib.rs`, `main.rs`), not `sandbox`
/// (it stands in for the outside world), not a test file (`tests.rs`, `props.rs`, `tests/`).
pub fn product_sources(root: &Path) -> Vec<Source> {
    let src = root.join("src");
    let mut files = Vec::new();
    crate::docs::files_under(&src, "rs", &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let parts: Vec<&str> = rel.split('/').collect();
            let name = *parts.last().unwrap();
            let test_file = name == "tests.rs"
                || name == "props.rs"
                || parts[..parts.len() - 1].contains(&"tests");
            let module = parts[0].trim_end_matches(".rs").to_owned();
            if test_file || ["lib", "main", "sandbox"].contains(&module.as_str()) {
                return None;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // `src/<m>.rs` and `src/<m>/mod.rs` are `<m>`, one below the root; `src/<m>/<f>.rs` is two.
            let depth = parts.len() - usize::from(name == "mod.rs");
            Some(Source {
                path: format!("src/{rel}"),
                module,
                code: resolve_super(&without_test_items(&code_only(&text)), depth),
            })
        })
        .collect()
}

/// `super::` chains that climb to the crate root from a module `depth` levels below it, written
/// as the `crate::` they mean.
pub fn resolve_super(code: &str, depth: usize) -> String {
    let chain = regex::Regex::new(r"\b(?:super\s*::\s*)+").unwrap();
    chain
        .replace_all(code, |m: &regex::Captures| {
            if m[0].matches("super").count() >= depth {
                "crate::".to_owned()
            } else {
                m[0].to_owned()
            }
        })
        .into_owned()
}

/// The code of a Rust file with comments and literal contents blanked: `//…`, nested `/*…*/`,
/// `"…"`, raw strings (`r#"…"#`, `br"…"`) and char literals; lifetimes stay as they are.
pub fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, chars: &[char]| {
        out.extend(chars.iter().map(|&ch| if ch == '\n' { '\n' } else { ' ' }));
    };
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, ch)| c.get(i + k) == Some(&ch))
    };
    let mut i = 0;
    while i < c.len() {
        let end = if at(i, "//") {
            i + c[i..]
                .iter()
                .position(|&ch| ch == '\n')
                .unwrap_or(c.len() - i)
        } else if at(i, "/*") {
            block_comment_end(&c, i)
        } else if let Some(hashes) = raw_string_start(&c, i) {
            let open = i + c[i..].iter().position(|&ch| ch == '"').unwrap() + 1;
            let close: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            (open..c.len())
                .find(|&j| at(j, &close))
                .map_or(c.len(), |j| j + close.len())
        } else if c[i] == '"' || (c[i] == 'b' && c.get(i + 1) == Some(&'"') && !ident_before(&c, i))
        {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            j + 1
        } else if c[i] == '\'' && c.get(i + 1) == Some(&'\\') {
            i + 3 + c[i + 3..].iter().position(|&ch| ch == '\'').unwrap_or(0) + 1
        } else if c[i] == '\'' && c.get(i + 2) == Some(&'\'') {
            i + 3
        } else {
            out.push(c[i]);
            i += 1;
            continue;
        };
        let end = end.min(c.len());
        blank(&mut out, &c[i..end]);
        i = end;
    }
    out
}

fn ident_before(c: &[char], i: usize) -> bool {
    i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_')
}

fn block_comment_end(c: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i < c.len() {
        if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            depth += 1;
            i += 2;
        } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

/// How many `#` a raw string starting at `i` uses, if one starts there (not inside a name).
fn raw_string_start(c: &[char], i: usize) -> Option<usize> {
    if ident_before(c, i) {
        return None;
    }
    let j = i + usize::from(c.get(i) == Some(&'b'));
    if c.get(j) != Some(&'r') {
        return None;
    }
    let hashes = c[j + 1..].iter().take_while(|&&ch| ch == '#').count();
    (c.get(j + 1 + hashes) == Some(&'"')).then_some(hashes)
}

/// Code without the items under `#[cfg(test)]`: from the attribute to the end of the item, its
/// closing brace or its semicolon, whichever comes first at depth zero.
pub fn without_test_items(code: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find(MARK) {
        out.push_str(&rest[..start]);
        let item = &rest[start + MARK.len()..];
        let mut depth = 0usize;
        let mut end = item.len();
        for (k, ch) in item.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' if depth == 1 => {
                    end = k + 1;
                    break;
                }
                '}' => depth = depth.saturating_sub(1),
                ';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        out.extend(item[..end].chars().filter(|&ch| ch == '\n'));
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}
