//! The commands anyone may run, and their argument parsers: each parser is named in its row of
//! the command table.
use super::args::{Parsed, count, invalid, page_number};
use crate::domain::{Destination, Money, ProductCode, TrxId};
use crate::text::errors as why;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResellerCommand {
    Start,
    Help,
    Buy {
        product: ProductCode,
        destination: Destination,
    },
    /// `/beli` alone: the menu of categories, brands and products.
    BuyMenu,
    Balance,
    /// Page `page` (from 1) of the price list, or of the products matching `filter`.
    Prices {
        filter: Option<String>,
        page: usize,
    },
    History,
    Check {
        trxid: TrxId,
    },
    Statement,
    /// A reseller asks for a ticket; an admin without a nominal sees the open tickets.
    Deposit {
        nominal: Option<Money>,
    },
    Tickets,
    CancelTicket {
        ticket_id: i64,
    },
    /// `/ulang`: the reseller's last purchase again.
    RepeatLast,
}

use ResellerCommand as C;

impl ResellerCommand {
    pub fn name(&self) -> &'static str {
        match self {
            C::Start => "start",
            C::Help => "help",
            C::Buy { .. } | C::BuyMenu => "beli",
            C::Balance => "saldo",
            C::Prices { .. } => "harga",
            C::History => "riwayat",
            C::Check { .. } => "cek",
            C::Statement => "mutasi",
            C::Deposit { .. } => "deposit",
            C::Tickets => "tiket",
            C::CancelTicket { .. } => "batal",
            C::RepeatLast => "ulang",
        }
    }
}

/// Commands that take no arguments and ignore any typed after them.
pub(super) fn start(_: &[&str]) -> Parsed<C> {
    Ok(C::Start)
}

pub(super) fn help(_: &[&str]) -> Parsed<C> {
    Ok(C::Help)
}

pub(super) fn balance(_: &[&str]) -> Parsed<C> {
    Ok(C::Balance)
}

pub(super) fn history(_: &[&str]) -> Parsed<C> {
    Ok(C::History)
}

pub(super) fn statement(_: &[&str]) -> Parsed<C> {
    Ok(C::Statement)
}

/// `/beli` alone opens the menu; otherwise a code and a destination.
pub(super) fn buy(words: &[&str]) -> Parsed<C> {
    if words.is_empty() {
        return Ok(C::BuyMenu);
    }
    count(words, 2)?;
    Ok(C::Buy {
        product: ProductCode::parse(words[0]).map_err(|e| invalid(why::product_code(&e)))?,
        destination: Destination::parse(words[1]).map_err(|e| invalid(why::destination(&e)))?,
    })
}

/// A last word that is a page number picks the page; any other words are searched.
pub(super) fn prices(words: &[&str]) -> Parsed<C> {
    let (search, page) = match words.split_last() {
        Some((last, search)) => match page_number(last) {
            Some(page) => (search, page),
            None => (words, 1),
        },
        None => (words, 1),
    };
    Ok(C::Prices {
        filter: (!search.is_empty()).then(|| search.join(" ")),
        page,
    })
}

pub(super) fn check(words: &[&str]) -> Parsed<C> {
    count(words, 1)?;
    Ok(C::Check {
        trxid: TrxId::parse(words[0]).ok_or_else(|| invalid(why::TRXID))?,
    })
}

pub(super) fn repeat_last(words: &[&str]) -> Parsed<C> {
    count(words, 0)?;
    Ok(C::RepeatLast)
}
