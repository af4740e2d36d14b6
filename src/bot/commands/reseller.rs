//! The commands anyone may run. Their argument parsers live with the flows that run them, each
//! named in its row of the command table; `/start` and `/help` take none, and theirs are here.
use super::args::Parsed;
use crate::domain::{Destination, Money, PlnNumber, ProductCode, TrxId};

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
    /// `/mutasi`: the caller's latest movements; `/mutasi <user_id> [xlsx]`, for admins, that
    /// reseller's (all of them, as an .xlsx file, with `xlsx`).
    Statement {
        of: Option<i64>,
        xlsx: bool,
    },
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
    /// `/komplain <trxid> <keterangan>`; `photo` when it was a photo's caption.
    Complain {
        trxid: TrxId,
        text: String,
        photo: Option<String>,
    },
    /// `/komplain` alone: a reseller's own complaints; an admin's, every open one.
    Complaints,
    /// `/struk`: a SUKSES order's receipt, with the price the customer pays if given.
    Receipt {
        trxid: TrxId,
        selling_price: Option<Money>,
    },
    /// `/cekpln`: who a PLN meter or customer id belongs to.
    CheckPln {
        number: PlnNumber,
    },
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
            C::Statement { .. } => "mutasi",
            C::Deposit { .. } => "deposit",
            C::Tickets => "tiket",
            C::CancelTicket { .. } => "batal",
            C::RepeatLast => "ulang",
            C::Complain { .. } | C::Complaints => "komplain",
            C::Receipt { .. } => "struk",
            C::CheckPln { .. } => "cekpln",
        }
    }
}

/// `/start` and `/help` ignore any words typed after them.
pub(in crate::bot) fn start(_: &[&str]) -> Parsed<C> {
    Ok(C::Start)
}

pub(in crate::bot) fn help(_: &[&str]) -> Parsed<C> {
    Ok(C::Help)
}
