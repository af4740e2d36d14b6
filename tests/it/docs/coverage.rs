//! The operator's and the shop's documents are complete: every setting, every command.
use std::collections::BTreeSet;
use std::path::Path;

use regex::Regex;

use super::comments::files_under;
use super::root;

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
