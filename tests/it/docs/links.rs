//! Links between the documents reach their sections.
use std::path::Path;

use regex::Regex;

use super::comments::files_under;
use super::root;

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
