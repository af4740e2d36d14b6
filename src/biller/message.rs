//! What the supplier's human `message` says (SN, saldo, harga, tgl, which transaction, and
//! whether it calls it SUKSES or GAGAL), read leniently: anything unclear is dropped rather than
//! guessed. It never moves money by itself; it can only stop a callback that it contradicts.
//!
//! A small scanner rather than regexes: one pass over a message of at most 1,024 characters,
//! and no regex engine in the binary. Keywords match in any case and only at the start of a
//! word (`xsn:` is not an SN).

use super::callback::CallbackStatus;

/// What the supplier's message says, when it says it. These numbers never reach the ledger:
/// amounts come only from the order's own hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageDetails {
    pub sn: Option<String>,
    pub saldo: Option<i64>,
    pub harga: Option<i64>,
    pub tgl: Option<String>,
    /// `Transaksi s5.2222222222 …`: the product code and destination the message is about.
    pub subject: Option<Subject>,
    /// The first `SUKSES` or `GAGAL` the message says, as a word.
    pub verdict: Option<CallbackStatus>,
}

/// The `<code>.<dest>` that opens a supplier message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub code: String,
    pub dest: String,
}

pub fn parse_message(message: &str) -> MessageDetails {
    MessageDetails {
        subject: subject(message),
        verdict: verdict(message),
        sn: after_each(message, "sn").find_map(|end| sn(&message[end..])),
        saldo: after_each(message, "saldo")
            .find_map(|end| amount(&message[end..]))
            .and_then(parse_rupiah),
        harga: after_each(message, "harga")
            .find_map(|end| amount(&message[end..]))
            .and_then(parse_rupiah),
        tgl: after_each(message, "tgl").find_map(|end| date(&message[end..]).map(str::to_owned)),
    }
}

/// `Transaksi <code>.<dest>` at the start. The supplier's document wraps its example after the
/// dot (`s5. 2222222222`), so a destination in the next word is taken too.
fn subject(message: &str) -> Option<Subject> {
    let rest = message.trim_start();
    if !starts_with_word(rest, "transaksi") {
        return None;
    }
    let mut words = rest["transaksi".len()..]
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty());
    let (code, dest) = words.next()?.split_once('.')?;
    let dest = if dest.is_empty() { words.next()? } else { dest };
    let code_ok = !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (code_ok && dest.bytes().any(|b| b.is_ascii_digit())).then(|| Subject {
        code: code.to_owned(),
        dest: dest.to_owned(),
    })
}

/// The first `SUKSES` or `GAGAL` standing as a word, in any case.
fn verdict(message: &str) -> Option<CallbackStatus> {
    let first = |word: &'static str| {
        after_each(message, word).find(|&end| !message[end..].starts_with(is_word))
    };
    match (first("sukses"), first("gagal")) {
        (Some(s), Some(g)) if s < g => Some(CallbackStatus::Success),
        (Some(_), Some(_)) | (None, Some(_)) => Some(CallbackStatus::Failed),
        (Some(_), None) => Some(CallbackStatus::Success),
        (None, None) => None,
    }
}

/// Whether two ways of writing a destination are the same number: only digits count, and a
/// phone number's leading `62` is its leading `0` (`6281234…` is `081234…`).
pub fn same_number(a: &str, b: &str) -> bool {
    fn digits(s: &str) -> String {
        let d: String = s.chars().filter(char::is_ascii_digit).collect();
        match d.strip_prefix("62") {
            Some(rest) => format!("0{rest}"),
            None => d,
        }
    }
    let a = digits(a);
    !a.is_empty() && a == digits(b)
}

/// Fields that end an SN when a `,` or `;` introduces them.
const FIELDS_AFTER_SN: [&str; 7] = ["saldo", "harga", "tgl", "tanggal", "ket", "info", "ref"];

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Byte offsets just past each occurrence of the ASCII `keyword` that starts a word.
fn after_each<'a>(text: &'a str, keyword: &'static str) -> impl Iterator<Item = usize> + 'a {
    text.char_indices().filter_map(move |(i, _)| {
        let starts_word = text[..i].chars().next_back().is_none_or(|c| !is_word(c));
        let here = text.as_bytes().get(i..i + keyword.len())?;
        (starts_word && here.eq_ignore_ascii_case(keyword.as_bytes())).then_some(i + keyword.len())
    })
}

/// Whether `text` starts with the ASCII `keyword` as a whole word.
fn starts_with_word(text: &str, keyword: &str) -> bool {
    text.as_bytes()
        .get(..keyword.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(keyword.as_bytes()))
        && !text[keyword.len()..].starts_with(is_word)
}

/// After `SN`: `[:=]`, then the value up to the end of its line or to a `,`/`;` that starts
/// another known field. It may hold letters, spaces, `/` and `-` (PLN tokens:
/// `1234-5678-9012-3456-7890/NAMA/R1/900VA`).
fn sn(rest: &str) -> Option<String> {
    let rest = rest.trim_start().strip_prefix([':', '='])?;
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() && c != '\n');
    let mut end = rest.find(['\r', '\n']).unwrap_or(rest.len());
    for (i, c) in rest[..end].char_indices() {
        if (c == ',' || c == ';')
            && FIELDS_AFTER_SN
                .iter()
                .any(|field| starts_with_word(rest[i + 1..].trim_start(), field))
        {
            end = i;
            break;
        }
    }
    let value = rest[..end].trim().trim_end_matches([',', ';', '.']).trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// After `saldo` or `harga`: an optional `:`/`=` and `Rp`, then digits with `.` and `,`.
fn amount(rest: &str) -> Option<&str> {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix([':', '=']).unwrap_or(rest).trim_start();
    let rest = strip_rp(rest).unwrap_or(rest);
    let len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let number = &rest[..len];
    number
        .starts_with(|c: char| c.is_ascii_digit())
        .then_some(number)
}

/// `Rp`, `rp.` and the spaces after them, when a digit follows.
fn strip_rp(text: &str) -> Option<&str> {
    let rest = text
        .get(2..)
        .filter(|_| text.as_bytes()[..2].eq_ignore_ascii_case(b"rp"))?;
    let rest = rest.strip_prefix('.').unwrap_or(rest).trim_start();
    rest.starts_with(|c: char| c.is_ascii_digit())
        .then_some(rest)
}

/// After `tgl`: `d/m`, `d/m/yy` or `d/m/yyyy`, optionally followed by `h:mm` or `h:mm:ss`.
fn date(rest: &str) -> Option<&str> {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix([':', '=']).unwrap_or(rest).trim_start();
    let b = rest.as_bytes();
    let digits = |from: usize, most: usize| {
        b.get(from..).map_or(0, |tail| {
            tail.iter()
                .take(most)
                .take_while(|c| c.is_ascii_digit())
                .count()
        })
    };
    let day = digits(0, 2);
    if day == 0 || b.get(day) != Some(&b'/') {
        return None;
    }
    let month = digits(day + 1, 2);
    if month == 0 {
        return None;
    }
    let mut end = day + 1 + month;
    if b.get(end) == Some(&b'/') && digits(end + 1, 4) >= 2 {
        end += 1 + digits(end + 1, 4);
    }
    let gap = rest[end..].len() - rest[end..].trim_start().len();
    let time = end + gap;
    let hour = digits(time, 2);
    if gap > 0 && hour > 0 && b.get(time + hour) == Some(&b':') && digits(time + hour + 1, 2) == 2 {
        end = time + hour + 3;
        if b.get(end) == Some(&b':') && digits(end + 1, 2) == 2 {
            end += 3;
        }
    }
    Some(&rest[..end])
}

/// `99,999,999`, `99.999.999`, `201200` and `5.000,00` all read as whole rupiah; anything else
/// is dropped rather than guessed.
pub(crate) fn parse_rupiah(s: &str) -> Option<i64> {
    let s = s.trim_end_matches([',', '.']);
    // `split_at_checked`: only ASCII comes from the scanner, but a non-ASCII string must not
    // be able to split a character and panic.
    let whole = match s.len().checked_sub(3).and_then(|i| s.split_at_checked(i)) {
        Some((head, tail))
            if (tail.starts_with(',') || tail.starts_with('.'))
                && tail[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            head
        }
        _ => s,
    };
    let digits: String = if whole.contains(',') && whole.contains('.') {
        return None;
    } else if let Some(sep) = [',', '.'].into_iter().find(|c| whole.contains(*c)) {
        let groups: Vec<&str> = whole.split(sep).collect();
        let ok = (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        whole.to_owned()
    };
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    digits.parse().ok()
}
