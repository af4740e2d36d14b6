//! The arguments of `/pending` and `/selesai`. Each parser is named in its row of the command
//! table.
use crate::bot::commands::AdminCommand as C;
use crate::bot::commands::args::{Parsed, invalid, page_number, rest_from};
use crate::domain::TrxId;
use crate::text::errors as why;

const MAX_SN_CHARS: usize = 200;

pub(in crate::bot) fn pending(words: &[&str]) -> Parsed<C> {
    Ok(match words {
        [] => C::Pending { page: 1 },
        [w] => C::Pending {
            page: page_number(w).ok_or_else(|| invalid(why::PAGE_NOT_A_NUMBER))?,
        },
        _ => return Err(None),
    })
}

/// `/selesai <trxid> sukses <SN…>` or `/selesai <trxid> gagal [catatan…]`.
pub(in crate::bot) fn settle(words: &[&str]) -> Parsed<C> {
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
