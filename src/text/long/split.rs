//! Splitting one long message into several, between its lines.
use super::{NEWLINE, Size, closing, plain, shorten, tokens, track};

/// One line of a message (without its newline) and the tags open around it.
struct Line<'a> {
    raw: &'a str,
    size: Size,
    before: Vec<&'a str>,
    after: Vec<&'a str>,
}

fn lines(html: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let (mut start, mut at) = (0, 0);
    let mut line = Line {
        raw: "",
        size: Size::default(),
        before: Vec::new(),
        after: Vec::new(),
    };
    for token in tokens(html) {
        if token.raw == "\n" {
            line.raw = &html[start..at];
            line.after = open.clone();
            out.push(line);
            line = Line {
                raw: "",
                size: Size::default(),
                before: open.clone(),
                after: Vec::new(),
            };
            start = at + 1;
        } else {
            track(&mut open, &token);
            line.size = line.size + token.size();
        }
        at += token.raw.len();
    }
    line.raw = &html[start..];
    line.after = open;
    out.push(line);
    out
}

/// A message being filled line by line.
#[derive(Default)]
struct Part<'a> {
    html: String,
    size: Size,
    lines: usize,
    open: Vec<&'a str>,
}

impl<'a> Part<'a> {
    /// The part with `line` added, if that still fits in `room` once its tags are closed.
    fn with(&self, line: &Line<'a>, room: Size) -> Option<Part<'a>> {
        let (mut html, mut size) = if self.lines == 0 {
            let reopen = line.before.concat();
            let size = Size::of(&reopen);
            (reopen, size)
        } else {
            (self.html.clone() + "\n", self.size + NEWLINE)
        };
        html.push_str(line.raw);
        size = size + line.size;
        (size + Size::of(&closing(&line.after)))
            .fits(room)
            .then(|| Part {
                html,
                size,
                lines: self.lines + 1,
                open: line.after.clone(),
            })
    }

    fn finish(self, parts: &mut Vec<String>) {
        let html = self.html + &closing(&self.open);
        // Telegram refuses a message with nothing to read.
        if !plain(&html).trim().is_empty() {
            parts.push(html);
        }
    }
}

/// `html` as messages that each fit in `room`, split only between lines. Tags open across a
/// split are closed at the end of one part and opened again at the start of the next, so a
/// `<pre>` block stays a `<pre>` block in every part; a line that fits in no message on its own
/// is shortened. `html` itself when it fits.
pub fn split(html: &str, room: Size) -> Vec<String> {
    if Size::of(html).fits(room) {
        return vec![html.to_owned()];
    }
    let mut parts = Vec::new();
    let mut part = Part::default();
    for line in lines(html) {
        if let Some(grown) = part.with(&line, room) {
            part = grown;
            continue;
        }
        if part.lines > 0 {
            std::mem::take(&mut part).finish(&mut parts);
            if let Some(fresh) = part.with(&line, room) {
                part = fresh;
                continue;
            }
        }
        let whole = format!(
            "{}{}{}",
            line.before.concat(),
            line.raw,
            closing(&line.after)
        );
        Part {
            html: shorten(&whole, room),
            ..Part::default()
        }
        .finish(&mut parts);
    }
    part.finish(&mut parts);
    parts
}
