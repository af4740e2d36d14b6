//! The arguments of the admins' commands about resellers and the business: `/topup`, `/tarik`,
//! `/pengguna`, `/blokir`, `/buka`, `/gagalkirim`, `/kirimulang`, `/audit`, `/saldoserver`,
//! `/depositserver`. Each parser is named in its row of the command table.
use crate::bot::commands::AdminCommand as C;
use crate::bot::commands::args::{
    Parsed, count, invalid, page_number, positive_id, rest_from, user_id,
};
use crate::domain::Money;
use crate::text::errors as why;

/// `/topup` and `/tarik`: a reseller, an amount and an optional note.
fn balance_move(words: &[&str]) -> Result<(i64, Money, String), Option<String>> {
    if words.len() < 2 {
        return Err(None);
    }
    let user_id = user_id(words[0]).ok_or_else(|| invalid(why::USER_ID))?;
    let amount = Money::parse_amount(words[1]).map_err(|e| invalid(why::money(&e)))?;
    Ok((user_id, amount, rest_from(words, 2)))
}

pub(in crate::bot) fn top_up(words: &[&str]) -> Parsed<C> {
    let (user_id, amount, note) = balance_move(words)?;
    Ok(C::TopUp {
        user_id,
        amount,
        note,
    })
}

pub(in crate::bot) fn deduct(words: &[&str]) -> Parsed<C> {
    let (user_id, amount, note) = balance_move(words)?;
    Ok(C::Deduct {
        user_id,
        amount,
        note,
    })
}

fn one_user(words: &[&str]) -> Result<i64, Option<String>> {
    count(words, 1)?;
    user_id(words[0]).ok_or_else(|| invalid(why::USER_ID))
}

pub(in crate::bot) fn users(words: &[&str]) -> Parsed<C> {
    match words {
        [w] if w.eq_ignore_ascii_case("xlsx") => Ok(C::UsersXlsx),
        // Any other words were ignored before the file existed; they still are.
        _ => Ok(C::Users),
    }
}

pub(in crate::bot) fn block(words: &[&str]) -> Parsed<C> {
    Ok(C::Block {
        user_id: one_user(words)?,
    })
}

pub(in crate::bot) fn unblock(words: &[&str]) -> Parsed<C> {
    Ok(C::Unblock {
        user_id: one_user(words)?,
    })
}

pub(in crate::bot) fn undelivered(_: &[&str]) -> Parsed<C> {
    Ok(C::Undelivered)
}

pub(in crate::bot) fn resend(words: &[&str]) -> Parsed<C> {
    count(words, 1)?;
    Ok(C::Resend {
        outbox_id: positive_id(words[0]).ok_or_else(|| invalid(why::OUTBOX_ID))?,
    })
}

/// `/audit`, `/audit <halaman>` or `/audit csv`.
pub(in crate::bot) fn audit(words: &[&str]) -> Parsed<C> {
    Ok(match words {
        [] => C::Audit { page: 1 },
        [w] if w.eq_ignore_ascii_case("csv") => C::AuditCsv,
        [w] => C::Audit {
            page: page_number(w).ok_or_else(|| invalid(why::PAGE_NOT_A_NUMBER))?,
        },
        _ => return Err(None),
    })
}

/// A supplier's code as typed; whether there is one is the registry's to say.
fn supplier_code(word: &str) -> String {
    word.to_lowercase()
}

/// `/saldoserver [kode] [sesuaikan]`: without a code, `utama`.
pub(in crate::bot) fn supplier_balance(words: &[&str]) -> Parsed<C> {
    let accept = |w: &str| w.eq_ignore_ascii_case("sesuaikan");
    let (supplier, accept) = match words {
        [] => (None, false),
        [w] if accept(w) => (None, true),
        [code] => (Some(supplier_code(code)), false),
        [code, w] if accept(w) => (Some(supplier_code(code)), true),
        _ => return Err(None),
    };
    Ok(C::SupplierBalance { supplier, accept })
}

/// `/depositserver <nominal> [kode]`: without a code, `utama`.
pub(in crate::bot) fn supplier_deposit(words: &[&str]) -> Parsed<C> {
    let (amount, supplier) = match words {
        [amount] => (amount, None),
        [amount, code] => (amount, Some(supplier_code(code))),
        _ => return Err(None),
    };
    Ok(C::SupplierDeposit {
        amount: Money::parse_amount(amount).map_err(|e| invalid(why::money(&e)))?,
        supplier,
    })
}
