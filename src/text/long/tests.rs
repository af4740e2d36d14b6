//! The splitter checked against the fake Telegram's own HTML parser: every part must be
//! accepted as Telegram would accept it, and nothing a reader would see may go missing.
use proptest::prelude::*;

use super::*;
use crate::sandbox::sim::telegram::validate_html;
use crate::text::escape;

/// Accepted by Telegram, and within `room` by both measures.
fn assert_fits(part: &str, room: Size) {
    let shown = validate_html(part).unwrap_or_else(|e| panic!("{e}: {part:?}"));
    assert!(
        shown.encode_utf16().count() <= room.shown,
        "{} units: {part:?}",
        shown.encode_utf16().count()
    );
    assert!(part.chars().count() <= room.markup, "{part:?}");
    assert!(!shown.trim().is_empty(), "empty part");
    assert_eq!(Size::of(part).shown, shown.encode_utf16().count());
}

#[test]
fn measures_what_telegram_counts() {
    assert_eq!(
        Size::of("<b>a</b> &amp; 🙂"),
        Size {
            markup: 16,
            shown: 6
        }
    );
    assert_eq!(Size::of("&#x1F642;&#60;").shown, 3);
    assert_eq!(Size::of("AT&T").shown, 4);
    assert_eq!(plain("<code>1 &lt; 2</code>"), "1 < 2");
}

#[test]
fn shortening_never_cuts_a_tag_or_entity_and_closes_what_is_open() {
    let room = Size {
        markup: 40,
        shown: 12,
    };
    let cut = shorten("<pre>&lt;&lt;&lt; 12345678901234567890</pre>", room);
    assert_eq!(cut, "<pre>&lt;&lt;&lt; 1234567…</pre>");
    assert_fits(&cut, room);
    let cut = shorten("<b>🙂🙂🙂🙂🙂🙂🙂</b>", room);
    assert_eq!(cut, "<b>🙂🙂🙂🙂🙂…</b>");
    assert_eq!(shorten("<i>short</i>", room), "<i>short</i>");
}

#[test]
fn a_long_pre_block_is_split_into_pre_blocks() {
    let details: String = (0..60)
        .map(|i| format!("check {i}: account {i} <balance> & more\n"))
        .collect();
    let html = format!("🚨 <b>Gagal.</b>\n<pre>{}</pre>", escape(&details));
    let parts = split(
        &html,
        Size::MESSAGE.less(Size {
            markup: 3000,
            shown: 3000,
        }),
    );
    assert!(parts.len() > 2, "{}", parts.len());
    assert!(parts[0].starts_with("🚨 <b>Gagal.</b>\n<pre>check 0"));
    for part in &parts[1..] {
        assert!(
            part.starts_with("<pre>") && part.ends_with("</pre>"),
            "{part}"
        );
    }
    let seen: Vec<String> = parts.iter().map(|p| plain(p)).collect();
    assert_eq!(seen.join("\n").trim_end(), plain(&html).trim_end());
}

#[test]
fn a_line_longer_than_a_message_is_shortened_not_dropped() {
    let html = format!("a\n<code>{}</code>\nb", "x&amp;".repeat(3000));
    let parts = split(&html, Size::MESSAGE);
    assert_eq!(parts.len(), 3);
    assert_eq!((parts[0].as_str(), parts[2].as_str()), ("a", "b"));
    assert!(parts[1].ends_with("…</code>"));
    assert_fits(&parts[1], Size::MESSAGE);
}

/// Lines of the kinds loket writes: escaped text with emoji and entities, in inline tags.
fn line() -> impl Strategy<Value = String> {
    let text = "[a-z <>&🙂é]{0,30}".prop_map(|s| escape(&s));
    (
        text.clone(),
        text,
        prop::sample::select(vec!["", "b", "code", "i"]),
    )
        .prop_map(|(a, b, tag)| match tag {
            "" => format!("{a}{b}"),
            tag => format!("{a}<{tag}>{b}</{tag}>"),
        })
}

fn room() -> impl Strategy<Value = Size> {
    (60usize..400, 40usize..300).prop_map(|(markup, shown)| Size { markup, shown })
}

proptest! {
    #[test]
    fn every_part_fits_and_together_they_read_as_the_whole(
        lines in prop::collection::vec(line(), 1..60),
        wrapped in any::<bool>(),
        room in room(),
    ) {
        let body = lines.join("\n");
        let html = if wrapped { format!("<pre>{}</pre>", plain_escaped(&body)) } else { body };
        prop_assume!(!plain(&html).trim().is_empty());
        let parts = split(&html, room);
        for part in &parts {
            assert_fits(part, room);
        }
        // Unless a line had to be shortened, the parts hold exactly the original's lines (a
        // part with nothing to read is left out, so blank lines are not compared).
        let reopened = Size { markup: 22, shown: 1 };
        if html.split('\n').all(|l| (Size::of(l) + reopened).fits(room)) {
            let read: Vec<String> = parts.iter().map(|p| plain(p)).collect();
            let read = read.join("\n");
            let whole = plain(&html);
            let unblank = |s: &str| -> Vec<String> {
                s.split('\n').filter(|l| !l.trim().is_empty()).map(str::to_owned).collect()
            };
            prop_assert_eq!(unblank(&read), unblank(&whole));
        }
    }

    #[test]
    fn shortened_html_is_accepted_and_fits(line in line(), room in room()) {
        let html = line.repeat(20);
        let cut = shorten(&html, room);
        prop_assert!(validate_html(&cut).is_ok(), "{}", cut);
        prop_assert!(Size::of(&cut).fits(room));
    }

    #[test]
    fn pages_hold_every_line_once_in_order(
        lines in prop::collection::vec(line(), 0..80),
        room in room(),
        max_lines in 1usize..15,
    ) {
        let count = lines.len();
        let (lines, pages) = paginate(lines, room, max_lines);
        prop_assert_eq!(lines.len(), count);
        let mut next = 0;
        for page in &pages {
            prop_assert_eq!(page.start, next);
            prop_assert!(!page.is_empty() && page.len() <= max_lines);
            let html = lines[page.clone()].join("\n");
            prop_assert!(Size::of(&html).fits(room), "{}", html);
            prop_assert!(validate_html(&html).is_ok());
            next = page.end;
        }
        prop_assert_eq!(next, count);
    }
}

/// Inside `<pre>` only text is allowed: the lines' tags dropped, their text kept escaped.
fn plain_escaped(html: &str) -> String {
    escape(&plain(html))
}
