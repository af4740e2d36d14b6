//! The commands only admins may run, and the argument parsers of those not in a file of their
//! own (catalogue, levels, deposits): each parser is named in its row of the command table.
use super::args::{Parsed, count, invalid, page_number, positive_id, rest_from, user_id};
use super::{BankAccountCommand, GroupCommand, LevelCommand};
use crate::domain::{Money, ProductCode, TrxId};
use crate::text::errors as why;

const MAX_SN_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminCommand {
    TopUp {
        user_id: i64,
        amount: Money,
        note: String,
    },
    Deduct {
        user_id: i64,
        amount: Money,
        note: String,
    },
    /// A product's list price and name, and its cost price (modal) when given.
    SetProduct {
        code: ProductCode,
        cost: Option<Money>,
        price: Money,
        name: String,
    },
    /// `/produk csv`: the whole catalogue as a CSV file in the import's format.
    ExportProducts,
    Deactivate {
        code: ProductCode,
    },
    Activate {
        code: ProductCode,
    },
    Users,
    Block {
        user_id: i64,
    },
    Unblock {
        user_id: i64,
    },
    Pending {
        page: usize,
    },
    Settle {
        trxid: TrxId,
        success_sn: Option<String>,
        note: String,
    },
    /// `/laporan`: the dates as typed (tied to today when it runs), and whether the orders
    /// come as a CSV file instead.
    Report {
        period: crate::reports::PeriodArgs,
        csv: bool,
    },
    /// `/grafik`: daily sales and profit over the last 30 days, as a picture.
    Chart,
    Undelivered,
    Resend {
        outbox_id: i64,
    },
    RejectTicket {
        ticket_id: i64,
        reason: String,
    },
    BankAccounts(BankAccountCommand),
    Levels(LevelCommand),
    /// `/saldoserver`, or with `sesuaikan`, accepting the reported balance as the book.
    SupplierBalance {
        accept: bool,
    },
    /// `/depositserver <nominal>`: money we sent to the supplier.
    SupplierDeposit {
        amount: Money,
    },
    Categories(GroupCommand),
    Brands(GroupCommand),
    /// `/kelompok`: a product's category and brand.
    Classify {
        code: ProductCode,
        category: String,
        brand: String,
    },
    /// `/gangguan`: a product out of order for now; `reason` may be empty.
    Disrupt {
        code: ProductCode,
        reason: String,
    },
    /// `/normal`: back in order.
    Restore {
        code: ProductCode,
    },
}

use AdminCommand as C;

impl AdminCommand {
    pub fn name(&self) -> &'static str {
        match self {
            C::TopUp { .. } => "topup",
            C::Deduct { .. } => "tarik",
            C::SetProduct { .. } | C::ExportProducts => "produk",
            C::Deactivate { .. } => "nonaktif",
            C::Activate { .. } => "aktif",
            C::Users => "pengguna",
            C::Block { .. } => "blokir",
            C::Unblock { .. } => "buka",
            C::Pending { .. } => "pending",
            C::Settle { .. } => "selesai",
            C::Report { .. } => "laporan",
            C::Chart => "grafik",
            C::Undelivered => "gagalkirim",
            C::Resend { .. } => "kirimulang",
            C::RejectTicket { .. } => "tolak",
            C::BankAccounts(_) => "rekening",
            C::Levels(_) => "level",
            C::SupplierBalance { .. } => "saldoserver",
            C::SupplierDeposit { .. } => "depositserver",
            C::Categories(_) => "kategori",
            C::Brands(_) => "brand",
            C::Classify { .. } => "kelompok",
            C::Disrupt { .. } => "gangguan",
            C::Restore { .. } => "normal",
        }
    }
}

/// `/topup` and `/tarik`: a reseller, an amount and an optional note.
fn balance_move(words: &[&str]) -> Result<(i64, Money, String), Option<String>> {
    if words.len() < 2 {
        return Err(None);
    }
    let user_id = user_id(words[0]).ok_or_else(|| invalid(why::USER_ID))?;
    let amount = Money::parse_amount(words[1]).map_err(|e| invalid(why::money(&e)))?;
    Ok((user_id, amount, rest_from(words, 2)))
}

pub(super) fn top_up(words: &[&str]) -> Parsed<C> {
    let (user_id, amount, note) = balance_move(words)?;
    Ok(C::TopUp {
        user_id,
        amount,
        note,
    })
}

pub(super) fn deduct(words: &[&str]) -> Parsed<C> {
    let (user_id, amount, note) = balance_move(words)?;
    Ok(C::Deduct {
        user_id,
        amount,
        note,
    })
}

fn one_code(words: &[&str]) -> Result<ProductCode, Option<String>> {
    count(words, 1)?;
    ProductCode::parse(words[0]).map_err(|e| invalid(why::product_code(&e)))
}

pub(super) fn deactivate(words: &[&str]) -> Parsed<C> {
    Ok(C::Deactivate {
        code: one_code(words)?,
    })
}

pub(super) fn activate(words: &[&str]) -> Parsed<C> {
    Ok(C::Activate {
        code: one_code(words)?,
    })
}

fn one_user(words: &[&str]) -> Result<i64, Option<String>> {
    count(words, 1)?;
    user_id(words[0]).ok_or_else(|| invalid(why::USER_ID))
}

pub(super) fn users(_: &[&str]) -> Parsed<C> {
    Ok(C::Users)
}

pub(super) fn block(words: &[&str]) -> Parsed<C> {
    Ok(C::Block {
        user_id: one_user(words)?,
    })
}

pub(super) fn unblock(words: &[&str]) -> Parsed<C> {
    Ok(C::Unblock {
        user_id: one_user(words)?,
    })
}

pub(super) fn pending(words: &[&str]) -> Parsed<C> {
    Ok(match words {
        [] => C::Pending { page: 1 },
        [w] => C::Pending {
            page: page_number(w).ok_or_else(|| invalid(why::PAGE_NOT_A_NUMBER))?,
        },
        _ => return Err(None),
    })
}

/// `/selesai <trxid> sukses <SN…>` or `/selesai <trxid> gagal [catatan…]`.
pub(super) fn settle(words: &[&str]) -> Parsed<C> {
    if words.len() < 2 {
        return Err(None);
    }
    let trxid = TrxId::parse(words[0]).ok_or_else(|| invalid(why::TRXID))?;
    match words[1].to_lowercase().as_str() {
        "sukses" if words.len() >= 3 => {
            let sn = rest_from(words, 2);
            if sn.chars().count() > MAX_SN_CHARS {
                return Err(invalid(why::sn_too_long(MAX_SN_CHARS)));
            }
            Ok(C::Settle {
                trxid,
                success_sn: Some(sn),
                note: String::new(),
            })
        }
        "sukses" => Err(invalid(why::SN_REQUIRED)),
        "gagal" => Ok(C::Settle {
            trxid,
            success_sn: None,
            note: rest_from(words, 2),
        }),
        _ => Err(invalid(why::SUCCESS_OR_FAILED)),
    }
}

pub(super) fn report(words: &[&str]) -> Parsed<C> {
    let is_csv = |w: &&str| w.eq_ignore_ascii_case("csv");
    let dates: Vec<&str> = words.iter().copied().filter(|w| !is_csv(w)).collect();
    let period = crate::reports::period::parse_args(&dates)
        .map_err(|e| invalid(crate::text::reports::args_error(&e)))?;
    Ok(C::Report {
        period,
        csv: words.iter().any(is_csv),
    })
}

pub(super) fn chart(words: &[&str]) -> Parsed<C> {
    count(words, 0)?;
    Ok(C::Chart)
}

pub(super) fn undelivered(_: &[&str]) -> Parsed<C> {
    Ok(C::Undelivered)
}

pub(super) fn resend(words: &[&str]) -> Parsed<C> {
    count(words, 1)?;
    Ok(C::Resend {
        outbox_id: positive_id(words[0]).ok_or_else(|| invalid(why::OUTBOX_ID))?,
    })
}

pub(super) fn supplier_balance(words: &[&str]) -> Parsed<C> {
    match words {
        [] => Ok(C::SupplierBalance { accept: false }),
        [w] if w.eq_ignore_ascii_case("sesuaikan") => Ok(C::SupplierBalance { accept: true }),
        _ => Err(None),
    }
}

pub(super) fn supplier_deposit(words: &[&str]) -> Parsed<C> {
    count(words, 1)?;
    Ok(C::SupplierDeposit {
        amount: Money::parse_amount(words[0]).map_err(|e| invalid(why::money(&e)))?,
    })
}
