//! What the argument parsers share: the words of a command, and how a parser says they do not
//! fit.
/// `Err(None)`: the arguments do not fit the command's pattern, and its usage line says how
/// they should; `Err(Some(problem))`: one of them is wrong, and `problem` says what.
pub type Parsed<T> = Result<T, Option<String>>;

/// A usage error that says what is wrong.
pub(in crate::bot) fn invalid(problem: impl Into<String>) -> Option<String> {
    Some(problem.into())
}

/// Exactly `n` words, or the usage line.
pub(in crate::bot) fn count(words: &[&str], n: usize) -> Result<(), Option<String>> {
    if words.len() == n { Ok(()) } else { Err(None) }
}

/// The words from the `i`th on, as one text.
pub(in crate::bot) fn rest_from(words: &[&str], i: usize) -> String {
    words.get(i..).map(|w| w.join(" ")).unwrap_or_default()
}

/// A page number: 1 to 999, written plainly. `0812` or `10000` are words to search for (part
/// of a number or a nominal), not pages.
pub(in crate::bot) fn page_number(s: &str) -> Option<usize> {
    let plain =
        (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
    plain.then(|| s.parse().ok()).flatten()
}

pub(in crate::bot) fn user_id(s: &str) -> Option<i64> {
    s.parse::<i64>().ok().filter(|id| *id > 0)
}

/// A ticket, outbox message or bank account number, with or without its `#`.
pub(in crate::bot) fn positive_id(s: &str) -> Option<i64> {
    s.trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
}
