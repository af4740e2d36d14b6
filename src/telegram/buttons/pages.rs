//! The ◀ ▶ buttons under a paged list, each naming the page it shows:
//! - `hg:<owner>:<page>` or `hg:<owner>:<page>:<search>` under `/harga`: whose list it is (a
//!   press by anyone else is refused; the list is priced at the presser's level anyway), and
//!   the search typed, which the pages keep. The search rides in the data only when every
//!   button's data fits Telegram's 64 bytes (a search of up to 38 bytes always does); a longer
//!   one gets no buttons, and the page names the typed command for each page instead.
//! - `pd:<page>` under `/pending`, an admin's list: any admin's press acts, anyone else's is
//!   refused before it is read.
//!
//! A page is 1 to 999 in plain decimal, as `/harga 2` types it.
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

const PRICES: &str = "hg:";
const PENDING: &str = "pd:";
/// Telegram's limit on a button's callback data, in bytes.
const MAX_DATA: usize = 64;
const MAX_PAGE: usize = 999;

/// Which list a button pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum List {
    /// `/harga` of the reseller `owner`, with what they searched for.
    Prices { owner: i64, search: Option<String> },
    /// `/pending`.
    Pending,
}

/// A press on ◀ or ▶: the list and the page it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePress {
    pub list: List,
    pub page: usize,
}

pub fn encode(list: &List, page: usize) -> String {
    match list {
        List::Prices {
            owner,
            search: None,
        } => format!("{PRICES}{owner}:{page}"),
        List::Prices {
            owner,
            search: Some(search),
        } => format!("{PRICES}{owner}:{page}:{search}"),
        List::Pending => format!("{PENDING}{page}"),
    }
}

/// Whether `list`'s buttons fit Telegram's data for every page it can have: when they do, every
/// page of more than one gets its ◀ ▶, and the text need not name the next page's command.
pub fn fits(list: &List) -> bool {
    encode(list, MAX_PAGE).len() <= MAX_DATA
}

/// ◀ to the page before `page` (none on the first) and ▶ to the one after (none on the last),
/// labelled `labels`; `None` when there is one page, or when the data would not fit.
pub fn keyboard(
    list: &List,
    page: usize,
    pages: usize,
    labels: [&str; 2],
) -> Option<InlineKeyboardMarkup> {
    if pages <= 1 || pages > MAX_PAGE || page == 0 || page > pages || !fits(list) {
        return None;
    }
    let mut row = Vec::new();
    if page > 1 {
        row.push((labels[0], encode(list, page - 1)));
    }
    if page < pages {
        row.push((labels[1], encode(list, page + 1)));
    }
    let row = row
        .into_iter()
        .map(|(label, data)| InlineKeyboardButton::callback(label, data));
    Some(InlineKeyboardMarkup::new([row.collect::<Vec<_>>()]))
}

/// Whether callback data is meant for a list's button at all (its format may still be wrong).
pub fn is_page(data: &str) -> bool {
    data.starts_with(PRICES) || data.starts_with(PENDING)
}

/// Whether it is a button only admins are given (`/pending`'s).
pub fn for_admins(data: &str) -> bool {
    data.starts_with(PENDING)
}

/// Reads callback data back; anything malformed is `None`.
pub fn parse(data: &str) -> Option<PagePress> {
    if let Some(page) = data.strip_prefix(PENDING) {
        return Some(PagePress {
            list: List::Pending,
            page: page_number(page)?,
        });
    }
    let mut parts = data.strip_prefix(PRICES)?.splitn(3, ':');
    let owner = parts.next()?;
    let owner = owner
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| owner.parse::<i64>().ok())
        .flatten()
        .filter(|o| *o > 0)?;
    let page = page_number(parts.next()?)?;
    let search = match parts.next() {
        None => None,
        Some(s) if s.trim().is_empty() => return None,
        Some(s) => Some(s.to_owned()),
    };
    Some(PagePress {
        list: List::Prices { owner, search },
        page,
    })
}

fn page_number(s: &str) -> Option<usize> {
    let plain = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
    plain
        .then(|| s.parse().ok())
        .flatten()
        .filter(|p| (1..=MAX_PAGE).contains(p))
}

#[cfg(test)]
mod tests {
    use super::super::data_of;
    use super::*;

    #[test]
    fn every_button_reads_back_as_the_page_it_was_made_for() {
        let search = "tsel:5 🙂".to_owned();
        let lists = [
            List::Pending,
            List::Prices {
                owner: 1,
                search: None,
            },
            List::Prices {
                owner: (1 << 52) - 1,
                search: Some("x".repeat(38)),
            },
            List::Prices {
                owner: 42,
                search: Some(search),
            },
        ];
        for list in lists {
            let middle = keyboard(&list, 500, 999, ["◀", "▶"]).unwrap();
            let data = data_of(&middle);
            assert_eq!(data.len(), 2);
            for (d, page) in data.iter().zip([499, 501]) {
                assert!(d.len() <= MAX_DATA && is_page(d), "{d}");
                let want = PagePress {
                    list: list.clone(),
                    page,
                };
                assert_eq!(parse(d), Some(want));
            }
            assert_eq!(
                data_of(&keyboard(&list, 1, 3, ["◀", "▶"]).unwrap()).len(),
                1
            );
            assert_eq!(
                data_of(&keyboard(&list, 3, 3, ["◀", "▶"]).unwrap()).len(),
                1
            );
            assert!(keyboard(&list, 1, 1, ["◀", "▶"]).is_none());
        }
    }

    #[test]
    fn a_search_too_long_for_the_data_gets_no_buttons() {
        let list = List::Prices {
            owner: 1 << 40,
            search: Some("y".repeat(60)),
        };
        assert!(keyboard(&list, 1, 2, ["◀", "▶"]).is_none());
        assert!(!fits(&list));
        // One rule for every page: a search that would fit page 2's data but not page 999's
        // gets no buttons on any page, so the text always knows whether they are there.
        let (owner, search) = (1 << 40, Some("y".repeat(44)));
        let edge = List::Prices { owner, search };
        assert!(encode(&edge, 2).len() <= MAX_DATA && !fits(&edge));
        assert!(keyboard(&edge, 1, 2, ["◀", "▶"]).is_none());
        assert!(fits(&List::Pending));
    }

    #[test]
    fn made_up_data_is_no_press() {
        for data in [
            "",
            "hg:",
            "hg:1",
            "hg:1:",
            "hg:0:1",
            "hg:-1:1",
            "hg:1:0",
            "hg:1:01",
            "hg:1:1000",
            "hg:x:1",
            "hg:1:1: ",
            "hg:+1:1",
            "pd:",
            "pd:0",
            "pd:1:2",
            "pd:x",
            "mn:1:1:k",
        ] {
            assert_eq!(parse(data), None, "{data:?}");
        }
    }
}
