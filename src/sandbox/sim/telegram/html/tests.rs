//! Markup Telegram accepts and refuses, and the words of its refusals.
use super::*;

#[test]
fn accepts_what_telegram_accepts() {
    let cases = [
        ("<b>bold</b>", "bold"),
        ("&lt;script&gt;", "<script>"),
        ("a > b", "a > b"),
        ("<a href=\"https://x\">l</a>", "l"),
        ("<pre><code class=\"language-rust\">x</code></pre>", "x"),
        ("<b>x</b> &amp;", "x &"),
        ("<B>upper</B>", "upper"),
        (
            "<strong>s</strong><em>e</em><ins>i</ins><strike>s</strike><del>d</del>",
            "seisd",
        ),
        (
            "<span class=\"tg-spoiler\">hid</span><tg-spoiler>den</tg-spoiler>",
            "hidden",
        ),
        ("<blockquote expandable>long</blockquote>", "long"),
        (
            "<tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>",
            "👍",
        ),
        ("<a href='https://x?a=1&amp;b=2'>q</a>", "q"),
        ("&#65;&#x42;&quot;", "AB\""),
        (
            "<b>bold <i>both</i></b> <code>1 &lt; 2</code>",
            "bold both 1 < 2",
        ),
        ("Rp 10.000 — 😀 ✓", "Rp 10.000 — 😀 ✓"),
        ("<b >spaced</b >", "spaced"),
        ("", ""),
    ];
    for (html, plain) in cases {
        assert_eq!(validate_html(html).as_deref(), Ok(plain), "{html}");
    }
}

#[test]
fn rejects_what_telegram_rejects() {
    let cases = [
        "a < b",
        "<script>",
        "<b>unclosed",
        "<b><i>x</b></i>",
        "AT&T",
        "&foo;",
        "</b>",
        "<br/>",
        "<b/>",
        "<a>no href</a>",
        "<span>no class</span>",
        "<tg-emoji>no id</tg-emoji>",
        "<b x=\"unterminated>",
        "<b",
        "x</b",
        "<code><b>x</b></code>",
        "<blockquote><blockquote>x</blockquote></blockquote>",
        "&#;",
        "&#xZZ;",
        "&#0;",
        "1 <3 you",
    ];
    for html in cases {
        assert!(validate_html(html).is_err(), "accepted {html:?}");
    }
}

#[test]
fn errors_read_like_telegrams() {
    let message = |html| validate_html(html).unwrap_err().to_string();
    assert_eq!(
        message("a < b"),
        "Unsupported start tag \"\" at byte offset 2"
    );
    assert_eq!(
        message("<script>"),
        "Unsupported start tag \"script\" at byte offset 0"
    );
    assert_eq!(
        message("<b>x"),
        "Can't find end tag corresponding to start tag \"b\""
    );
    assert_eq!(
        message("<b><i>x</b></i>"),
        "Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\""
    );
    assert_eq!(message("AT&T"), "Unsupported HTML entity at byte offset 2");
}
