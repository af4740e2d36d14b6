//! Text that may not fit in one Telegram message. Telegram refuses a message whose text, once
//! its HTML is parsed, is longer than 4096 UTF-16 code units, and refuses HTML cut inside a tag
//! or an entity; the outbox stores at most 4096 characters of markup. So long text is never cut
//! blindly: lists are packed line by line into pages ([`paginate`]), long messages are split
//! between lines with the tags still open closed and reopened around the split ([`split`]), and
//! a single line too long for any message is shortened between tags and entities, its open tags
//! closed ([`shorten`]).
//!
//! Input is HTML loket wrote itself (values escaped, tags balanced); nothing here validates it.
use std::ops::{Add, Range};

use super::TELEGRAM_MAX_CHARS;

mod split;

pub use split::split;

/// How much room a piece of HTML takes, in both of the measures a message must respect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Size {
    /// Characters of markup, tags and entities included: what the outbox stores.
    pub markup: usize,
    /// UTF-16 code units a reader sees, tags removed and entities decoded: what Telegram counts.
    pub shown: usize,
}

impl Size {
    /// One message.
    pub const MESSAGE: Size = Size {
        markup: TELEGRAM_MAX_CHARS,
        shown: TELEGRAM_MAX_CHARS,
    };

    /// One photo's caption: Telegram allows 1024, and the outbox holds as many characters of
    /// markup.
    pub const CAPTION: Size = Size {
        markup: 1024,
        shown: 1024,
    };

    pub fn of(html: &str) -> Size {
        tokens(html).fold(Size::default(), |size, t| size + t.size())
    }

    pub fn fits(self, room: Size) -> bool {
        self.markup <= room.markup && self.shown <= room.shown
    }

    /// What is left of `self` once `used` is taken.
    pub fn less(self, used: Size) -> Size {
        Size {
            markup: self.markup.saturating_sub(used.markup),
            shown: self.shown.saturating_sub(used.shown),
        }
    }
}

impl Add for Size {
    type Output = Size;
    fn add(self, other: Size) -> Size {
        Size {
            markup: self.markup + other.markup,
            shown: self.shown + other.shown,
        }
    }
}

/// What is left of a message once `taken` (header, footer …) is in it.
pub fn room_besides(taken: &[&str]) -> Size {
    taken
        .iter()
        .fold(Size::MESSAGE, |room, html| room.less(Size::of(html)))
}

const ELLIPSIS: Size = Size {
    markup: 1,
    shown: 1,
};
const NEWLINE: Size = Size {
    markup: 1,
    shown: 1,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind<'a> {
    /// `<name …>`, kept whole so a split can open it again with its attributes.
    Start(&'a str),
    End(&'a str),
    Entity,
    Text,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    raw: &'a str,
    kind: Kind<'a>,
}

impl<'a> Token<'a> {
    fn new(raw: &'a str) -> Self {
        let kind = if let Some(rest) = raw.strip_prefix("</") {
            Kind::End(tag_name(rest))
        } else if let Some(rest) = raw.strip_prefix('<') {
            Kind::Start(tag_name(rest))
        } else if raw.len() > 1 && raw.starts_with('&') {
            Kind::Entity
        } else {
            Kind::Text
        };
        Token { raw, kind }
    }

    fn size(&self) -> Size {
        let markup = self.raw.chars().count();
        let shown = match self.kind {
            Kind::Start(_) | Kind::End(_) => 0,
            Kind::Entity => decode(self.raw).len_utf16(),
            Kind::Text => self.raw.chars().map(char::len_utf16).sum(),
        };
        Size { markup, shown }
    }
}

fn tag_name(after_bracket: &str) -> &str {
    let len = after_bracket
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(after_bracket.len());
    &after_bracket[..len]
}

/// The character an entity stands for (`&amp;`, `&#60;`, `&#x3c;` …).
fn decode(entity: &str) -> char {
    let name = entity.trim_start_matches('&').trim_end_matches(';');
    match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => name
            .strip_prefix('#')
            .and_then(|n| match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            })
            .and_then(char::from_u32)
            .unwrap_or('?'),
    }
}

/// Tags, entities and single characters, in order; concatenated they are `html` again.
fn tokens(html: &str) -> impl Iterator<Item = Token<'_>> {
    let mut rest = html;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let len = match first {
            '<' => rest.find('>').map_or(rest.len(), |i| i + 1),
            // Telegram's entities are short; a `&` without a `;` close by is a character.
            '&' => rest
                .char_indices()
                .take(12)
                .find(|(_, c)| *c == ';')
                .map_or(1, |(i, _)| i + 1),
            c => c.len_utf8(),
        };
        let (raw, tail) = rest.split_at(len);
        rest = tail;
        Some(Token::new(raw))
    })
}

/// What a reader sees of `html`: tags removed, entities decoded.
pub fn plain(html: &str) -> String {
    tokens(html)
        .filter_map(|t| match t.kind {
            Kind::Start(_) | Kind::End(_) => None,
            Kind::Entity => Some(decode(t.raw).to_string()),
            Kind::Text => Some(t.raw.to_owned()),
        })
        .collect()
}

/// Tags open after `token`, given those open before it (each as its whole start tag).
fn track<'a>(open: &mut Vec<&'a str>, token: &Token<'a>) {
    match token.kind {
        Kind::Start(_) => open.push(token.raw),
        Kind::End(name)
            if open
                .last()
                .is_some_and(|last| tag_name(&last[1..]).eq_ignore_ascii_case(name)) =>
        {
            open.pop();
        }
        _ => {}
    }
}

/// The end tags that close `open`, innermost first.
fn closing(open: &[&str]) -> String {
    open.iter()
        .rev()
        .map(|start| format!("</{}>", tag_name(&start[1..])))
        .collect()
}

/// `html` cut to fit in `room`, never inside a tag or an entity: what fits, `…`, and end tags
/// for whatever is still open. `html` itself when it fits.
pub fn shorten(html: &str, room: Size) -> String {
    if Size::of(html).fits(room) {
        return html.to_owned();
    }
    let mut out = String::new();
    let mut used = Size::default();
    let mut open: Vec<&str> = Vec::new();
    for token in tokens(html) {
        let mut after = open.clone();
        track(&mut after, &token);
        let with = used + token.size();
        if !(with + ELLIPSIS + Size::of(&closing(&after))).fits(room) {
            break;
        }
        out.push_str(token.raw);
        used = with;
        open = after;
    }
    out.push('…');
    out.push_str(&closing(&open));
    out
}

/// Pages of `lines` (each whole HTML, shown one per line): each page at most `max_lines` lines
/// that together, newlines included, fit in `room`. A line that fits on no page is shortened.
/// Returns the lines, possibly shortened, and the range of them on each page, in order.
pub fn paginate(
    mut lines: Vec<String>,
    room: Size,
    max_lines: usize,
) -> (Vec<String>, Vec<Range<usize>>) {
    let mut pages = Vec::new();
    let (mut start, mut used) = (0, Size::default());
    for (i, line) in lines.iter_mut().enumerate() {
        if !Size::of(line).fits(room) {
            *line = shorten(line, room);
        }
        let size = Size::of(line);
        let grown = if i == start {
            size
        } else {
            used + NEWLINE + size
        };
        if i > start && (i - start >= max_lines.max(1) || !grown.fits(room)) {
            pages.push(start..i);
            (start, used) = (i, size);
        } else {
            used = grown;
        }
    }
    if start < lines.len() {
        pages.push(start..lines.len());
    }
    (lines, pages)
}

#[cfg(test)]
mod tests;
