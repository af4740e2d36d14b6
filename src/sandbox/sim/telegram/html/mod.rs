//! Telegram's HTML parse mode, checked the way the server does before it accepts a message.
//!
//! Deliberately a little stricter than Telegram in one place: a `&` that starts no entity is
//! refused (Telegram lets some through), so text from people must always be escaped.

/// Why Telegram would answer "can't parse entities"; the wording follows Telegram's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HtmlError {
    #[error("Unsupported start tag \"{tag}\" at byte offset {offset}")]
    UnsupportedTag { tag: String, offset: usize },
    #[error("Unclosed start tag at byte offset {offset}")]
    UnclosedStartTag { offset: usize },
    #[error("Unclosed end tag at byte offset {offset}")]
    UnclosedEndTag { offset: usize },
    #[error("Unexpected end tag at byte offset {offset}")]
    UnexpectedEndTag { offset: usize },
    #[error(
        "Unmatched end tag at byte offset {offset}, expected \"</{expected}>\", found \"</{found}>\""
    )]
    UnmatchedEndTag {
        offset: usize,
        expected: String,
        found: String,
    },
    #[error("Can't find end tag corresponding to start tag \"{tag}\"")]
    MissingEndTag { tag: String },
    #[error("Tag \"{tag}\" must have attribute \"{attribute}\" at byte offset {offset}")]
    MissingAttribute {
        tag: String,
        attribute: &'static str,
        offset: usize,
    },
    #[error("Tag \"{tag}\" can't be nested in \"{parent}\" at byte offset {offset}")]
    Nested {
        tag: String,
        parent: String,
        offset: usize,
    },
    #[error("Unsupported HTML entity at byte offset {offset}")]
    BadEntity { offset: usize },
}

const TAGS: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
];

/// Checks `text` as Telegram's HTML and returns what a reader sees: tags removed, entities
/// decoded.
pub fn validate_html(text: &str) -> Result<String, HtmlError> {
    let bytes = text.as_bytes();
    let mut plain = String::with_capacity(text.len());
    let mut open: Vec<String> = Vec::new();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                plain.push_str(&text[run..i]);
                i = if bytes.get(i + 1) == Some(&b'/') {
                    end_tag(bytes, i, &mut open)?
                } else {
                    start_tag(text, i, &mut open)?
                };
                run = i;
            }
            b'&' => {
                plain.push_str(&text[run..i]);
                let (decoded, next) = entity(text, i).ok_or(HtmlError::BadEntity { offset: i })?;
                plain.push(decoded);
                i = next;
                run = i;
            }
            _ => i += 1,
        }
    }
    plain.push_str(&text[run..]);
    match open.pop() {
        Some(tag) => Err(HtmlError::MissingEndTag { tag }),
        None => Ok(plain),
    }
}

fn name_len(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
        .count()
}

fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// Parses `</name>` at `offset`; returns the index after it.
fn end_tag(bytes: &[u8], offset: usize, open: &mut Vec<String>) -> Result<usize, HtmlError> {
    let start = offset + 2;
    let len = name_len(bytes, start);
    let found = String::from_utf8_lossy(&bytes[start..start + len]).to_ascii_lowercase();
    let close = skip_spaces(bytes, start + len);
    if bytes.get(close) != Some(&b'>') {
        return Err(HtmlError::UnclosedEndTag { offset });
    }
    match open.pop() {
        None => Err(HtmlError::UnexpectedEndTag { offset }),
        Some(expected) if expected != found => Err(HtmlError::UnmatchedEndTag {
            offset,
            expected,
            found,
        }),
        Some(_) => Ok(close + 1),
    }
}

/// Parses `<name attr="value" …>` at `offset`; returns the index after it.
fn start_tag(text: &str, offset: usize, open: &mut Vec<String>) -> Result<usize, HtmlError> {
    let bytes = text.as_bytes();
    let len = name_len(bytes, offset + 1);
    let tag = text[offset + 1..offset + 1 + len].to_ascii_lowercase();
    if !TAGS.contains(&tag.as_str()) {
        return Err(HtmlError::UnsupportedTag { tag, offset });
    }
    let mut attributes: Vec<(String, String)> = Vec::new();
    let mut i = offset + 1 + len;
    loop {
        let before = i;
        i = skip_spaces(bytes, i);
        match bytes.get(i) {
            None => return Err(HtmlError::UnclosedStartTag { offset }),
            Some(b'>') => break,
            // Attributes need a space before them, and there is no self-closing form.
            Some(_) if i == before => return Err(HtmlError::UnclosedStartTag { offset }),
            Some(_) => {}
        }
        let name_len = name_len(bytes, i);
        if name_len == 0 {
            return Err(HtmlError::UnclosedStartTag { offset });
        }
        let name = text[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut value = String::new();
        let after_name = skip_spaces(bytes, i);
        if bytes.get(after_name) == Some(&b'=') {
            i = skip_spaces(bytes, after_name + 1);
            let (raw, next) =
                attribute_value(text, i).ok_or(HtmlError::UnclosedStartTag { offset })?;
            value = raw;
            i = next;
        }
        attributes.push((name, value));
    }
    check_attributes(&tag, &attributes, offset)?;
    if let Some(parent) = open.last() {
        let allowed = match (parent.as_str(), tag.as_str()) {
            // The one nesting Telegram reads inside preformatted text: a language marker.
            ("pre", "code") => true,
            ("pre" | "code", _) => false,
            ("a", "a") | ("blockquote", "blockquote") => false,
            _ => true,
        };
        if !allowed {
            return Err(HtmlError::Nested {
                tag,
                parent: parent.clone(),
                offset,
            });
        }
    }
    open.push(tag);
    Ok(i + 1)
}

fn attribute_value(text: &str, i: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    match bytes.get(i)? {
        quote @ (b'"' | b'\'') => {
            let len = bytes[i + 1..].iter().position(|b| b == quote)?;
            Some((text[i + 1..i + 1 + len].to_owned(), i + len + 2))
        }
        _ => {
            let len = bytes[i..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && **b != b'>')
                .count();
            (len > 0).then(|| (text[i..i + len].to_owned(), i + len))
        }
    }
}

fn check_attributes(
    tag: &str,
    attributes: &[(String, String)],
    offset: usize,
) -> Result<(), HtmlError> {
    let has = |name: &str, wanted: Option<&str>| {
        attributes
            .iter()
            .any(|(n, v)| n == name && wanted.is_none_or(|w| v == w) && !v.is_empty())
    };
    let missing = |attribute| HtmlError::MissingAttribute {
        tag: tag.to_owned(),
        attribute,
        offset,
    };
    match tag {
        "a" if !has("href", None) => Err(missing("href")),
        "span" if !has("class", Some("tg-spoiler")) => Err(missing("class=\"tg-spoiler\"")),
        "tg-emoji" if !has("emoji-id", None) => Err(missing("emoji-id")),
        _ => Ok(()),
    }
}

/// Decodes the entity at `offset` (`&lt;`, `&#60;`, `&#x3c;` …): the character and the index
/// after the `;`.
fn entity(text: &str, offset: usize) -> Option<(char, usize)> {
    let rest = &text[offset + 1..];
    let end = rest.find(';').filter(|end| *end <= 10)?;
    let name = &rest[..end];
    let decoded = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()?
                }
                Some(_) => return None,
                None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
                    number.parse().ok()?
                }
                None => return None,
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    };
    Some((decoded, offset + 1 + end + 1))
}

#[cfg(test)]
mod tests;
