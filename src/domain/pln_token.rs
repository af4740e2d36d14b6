//! A PLN prepaid token as suppliers write it in an order's SN: the 20-digit token, then the
//! customer's name, the tariff, the power and the kWh bought, separated by `/` (or `-`, or `|`),
//! any of the last four missing: `12345678901234567890/NAMA PELANGGAN/R1/1300VA/12.5`,
//! `1234-5678-9012-3456-7890-NAMA-R1M-900-32,1`, `Token: 1234 5678 9012 3456 7890/R1/1300 VA`.
//! Receipts and the SUKSES message lay it out in parts, as PPOB receipts do.
//!
//! Strict on purpose: an SN is read as a token only when a tariff, a power or a kWh follows
//! the number, and every part is one of those or the name before them. A pulsa SN is a long
//! number too (sometimes with an operator's word after it), and calling it a token would show
//! the reseller parts that are not there; an SN that does not parse is shown as it is.

/// Digits a token may have: PLN's are 20, some suppliers drop or add a check digit.
const TOKEN_DIGITS: std::ops::RangeInclusive<usize> = 16..=24;
/// Where a token written in groups ends: a group after this many digits belongs to what follows.
const GROUPED_DIGITS: usize = 20;
/// Longer SNs are not read at all (the longest real one is well under this).
const MAX_SN_CHARS: usize = 200;
const MAX_NAME_CHARS: usize = 64;
const SMALLEST_VA: u32 = 450;
/// Labels a supplier may put before the token.
const TOKEN_LABELS: [&str; 5] = ["token", "sn", "stroom", "no token", "kode token"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlnToken {
    /// The token's digits, nothing else.
    digits: String,
    pub name: Option<String>,
    /// Upper case, as on the bill: `R1`, `R1M`, `B2`.
    pub tariff: Option<String>,
    pub power_va: Option<u32>,
    /// The number as the supplier wrote it (`12.5` or `12,5`), without its unit.
    pub kwh: Option<String>,
}

impl PlnToken {
    /// The token and its parts, or `None` when `sn` is not a PLN token's SN.
    pub fn parse(sn: &str) -> Option<Self> {
        let sn = sn.trim();
        if sn.chars().count() > MAX_SN_CHARS {
            return None;
        }
        let (digits, rest) = take_token(strip_label(sn))?;
        let mut token = Self {
            digits,
            name: None,
            tariff: None,
            power_va: None,
            kwh: None,
        };
        for part in parts(rest) {
            token.take(part)?;
        }
        let laid_out = token.tariff.is_some() || token.power_va.is_some() || token.kwh.is_some();
        laid_out.then_some(token)
    }

    /// The token in groups of four digits: `1234-5678-9012-3456-7890`.
    pub fn token(&self) -> String {
        let groups: Vec<&str> = self
            .digits
            .as_bytes()
            .chunks(4)
            .map(|g| std::str::from_utf8(g).unwrap_or_default())
            .collect();
        groups.join("-")
    }

    /// Tariff and power as PLN writes them: `R1/1300VA`, or whichever of the two is known.
    pub fn tariff_power(&self) -> Option<String> {
        let power = self.power_va.map(|va| format!("{va}VA"));
        match (&self.tariff, power) {
            (Some(t), Some(p)) => Some(format!("{t}/{p}")),
            (Some(t), None) => Some(t.clone()),
            (None, p) => p,
        }
    }

    /// Files one part where it belongs, in the order suppliers write them (name, tariff,
    /// power, kWh); `None` when it fits nowhere, so the whole SN is shown as it is.
    fn take(&mut self, part: &str) -> Option<()> {
        let before_tariff = self.tariff.is_none() && self.power_va.is_none() && self.kwh.is_none();
        if before_tariff && let Some((tariff, power)) = tariff_and_power(part) {
            (self.tariff, self.power_va) = (Some(tariff), Some(power));
            return Some(());
        }
        if before_tariff && let Some(tariff) = tariff(part) {
            self.tariff = Some(tariff);
            return Some(());
        }
        if self.power_va.is_none()
            && self.kwh.is_none()
            && let Some(va) = power(part, self.tariff.is_some())
        {
            self.power_va = Some(va);
            return Some(());
        }
        if self.kwh.is_none()
            && (!before_tariff || has_kwh_unit(part))
            && let Some(kwh) = kwh(part)
        {
            self.kwh = Some(kwh);
            return Some(());
        }
        if before_tariff && self.name.is_none() {
            self.name = Some(name(part)?);
            return Some(());
        }
        None
    }
}

/// `Token: 1234…` → `1234…`; only the labels suppliers use, so a name is never taken for one.
fn strip_label(sn: &str) -> &str {
    let Some(at) = sn.find(|c: char| c.is_ascii_digit()) else {
        return sn;
    };
    let label = sn[..at].trim_end_matches([' ', ':', '=', '#', '.']);
    let known = TOKEN_LABELS.iter().any(|l| label.eq_ignore_ascii_case(l));
    if known { &sn[at..] } else { sn }
}

/// The token's digits at the start of `s` (written plain, or in groups split by `-` or a
/// space), and what follows them.
fn take_token(s: &str) -> Option<(String, &str)> {
    let bytes = s.as_bytes();
    let (mut digits, mut i) = (String::new(), 0);
    loop {
        while let Some(b) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
            digits.push(char::from(*b));
            i += 1;
        }
        let separator = matches!(bytes.get(i), Some(b'-' | b' '));
        let digit_next = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if separator && digit_next && digits.len() < GROUPED_DIGITS {
            i += 1;
        } else {
            break;
        }
    }
    TOKEN_DIGITS
        .contains(&digits.len())
        .then(|| (digits, &s[i..]))
}

/// The parts after the token, empty ones (a missing name) left out. `/` separates them when
/// it is there at all (a name may hold `-`), else `|`, else `-`.
fn parts(rest: &str) -> Vec<&str> {
    let rest = rest.trim();
    let separator = ['/', '|', '-']
        .into_iter()
        .find(|s| rest.contains(*s))
        .unwrap_or('/');
    rest.split(separator)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// `R1`, `R1M`, `B2`, `S3`, `I4`, `P1`, `L1` (case as written; kept upper case), after an
/// optional `Tarif` label.
fn tariff(part: &str) -> Option<String> {
    let part = unlabel(part, "tarif").to_ascii_uppercase();
    let b = part.as_bytes();
    let class = matches!(b.first(), Some(b'R' | b'B' | b'P' | b'S' | b'I' | b'L'));
    let level = b.get(1).is_some_and(|d| (b'1'..=b'4').contains(d));
    let suffix = match b.get(2) {
        None => b.len() == 2,
        Some(b'M' | b'T') => b.len() == 3,
        Some(_) => false,
    };
    (class && level && suffix).then_some(part)
}

/// `R1 1300VA`, `R1M 900 VA`: tariff and power in one part.
fn tariff_and_power(part: &str) -> Option<(String, u32)> {
    let (first, rest) = part.split_once(char::is_whitespace)?;
    Some((tariff(first)?, power(rest.trim(), true)?))
}

/// `1300VA`, `1300 VA`, `Daya: 1300`; a bare number only right after the tariff and from 450
/// up (`R1/1300`, and `000001300`, zero-padded, as some suppliers send it).
fn power(part: &str, after_tariff: bool) -> Option<u32> {
    let part = unlabel(part, "daya");
    let lower = part.to_ascii_lowercase();
    let (number, least) = match lower.strip_suffix("va") {
        Some(n) => (n.trim_end(), 1),
        // The smallest connection PLN sells: `R1/20` is 20 kWh, not 20 VA.
        None if after_tariff => (lower.as_str(), SMALLEST_VA),
        None => return None,
    };
    let plain = (1..=9).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
    let va: u32 = number.parse().ok().filter(|_| plain)?;
    (va >= least).then_some(va)
}

fn has_kwh_unit(part: &str) -> bool {
    part.to_ascii_lowercase().contains("kwh")
}

/// `12.5`, `12,5`, `12.5 kWh`, `kWh: 12,5`: the number, as written.
fn kwh(part: &str) -> Option<String> {
    let lower = part.to_ascii_lowercase();
    let number = lower
        .strip_prefix("jml")
        .unwrap_or(&lower)
        .trim_start()
        .trim_start_matches("kwh")
        .trim_end_matches("kwh")
        .trim_matches([' ', ':', '='])
        .to_owned();
    let (whole, fraction) = number
        .split_once(['.', ','])
        .map_or((number.as_str(), None), |(w, f)| (w, Some(f)));
    let digits =
        |s: &str, max: usize| (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    (digits(whole, 7) && fraction.is_none_or(|f| digits(f, 4))).then_some(number)
}

/// A person's name: letters, with digits, spaces and `.`, `'`, `,`, `&`, `(`, `)`, `-` between;
/// after an optional `Nama` label, inner spaces collapsed.
fn name(part: &str) -> Option<String> {
    let part = unlabel(part, "nama");
    let allowed = |c: char| c.is_alphanumeric() || " .',&()-".contains(c);
    let fits = part.chars().count() <= MAX_NAME_CHARS
        && part.chars().any(char::is_alphabetic)
        && part.chars().all(allowed);
    fits.then(|| part.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// `part` without a leading `label:` (any case, spaces around the colon allowed). Only with
/// the colon: `NAMA PELANGGAN` is a name, not the label `Nama`.
fn unlabel<'a>(part: &'a str, label: &str) -> &'a str {
    part.get(..label.len())
        .filter(|head| head.eq_ignore_ascii_case(label))
        .and_then(|_| part[label.len()..].trim_start().strip_prefix(':'))
        .map_or(part, str::trim_start)
}

#[cfg(test)]
mod tests;
