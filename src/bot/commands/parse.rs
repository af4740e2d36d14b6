//! Text to [`Command`], with a usage error naming the command when the arguments do not fit.
use super::{Command, ParseError, SPECS};
use crate::catalogue::Group;
use crate::domain::{Destination, Money, ProductCode, TrxId};
use crate::text::errors as why;

/// Longest argument text we look at; Telegram allows 4096 characters, none of our commands
/// needs more than a product name.
const MAX_ARGS_CHARS: usize = 512;
const MAX_SN_CHARS: usize = 200;

pub fn parse(text: &str, bot_username: &str) -> Result<Command, ParseError> {
    let text = text.trim();
    let Some(rest) = text.strip_prefix('/') else {
        return Err(ParseError::NotACommand);
    };
    let head_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (head, args) = rest.split_at(head_end);
    let (name, addressee) = head.split_once('@').unwrap_or((head, ""));
    // While our own name is unknown (Telegram not reached yet), an addressed command is taken
    // as ours: answering a stranger's command beats ignoring our own.
    if !addressee.is_empty()
        && !bot_username.is_empty()
        && !addressee.eq_ignore_ascii_case(bot_username)
    {
        return Err(ParseError::OtherBot);
    }
    let name = name.to_lowercase();
    let Some(spec) = SPECS.iter().find(|s| s.name == name) else {
        let shown: String = name.chars().take(32).collect();
        return Err(ParseError::Unknown(shown));
    };
    let usage = |problem: Option<String>| ParseError::Usage { spec, problem };
    if args.chars().count() > MAX_ARGS_CHARS {
        return Err(usage(Some(why::command_too_long(MAX_ARGS_CHARS))));
    }
    let words: Vec<&str> = args.split_whitespace().collect();
    let invalid = |problem: &str| usage(Some(problem.into()));
    let bad_destination = |e| invalid(why::destination(&e));
    let bad_code = |e| invalid(why::product_code(&e));
    let bad_amount = |e| invalid(why::money(&e));
    let count = |n: usize| {
        if words.len() == n {
            Ok(())
        } else {
            Err(usage(None))
        }
    };
    let rest_from = |i: usize| words.get(i..).map(|w| w.join(" ")).unwrap_or_default();
    let command = match spec.name {
        "start" => Command::Start,
        "help" => Command::Help,
        "saldo" => Command::Balance,
        "riwayat" => Command::History,
        "mutasi" => Command::Statement,
        "pengguna" => Command::Users,
        "pending" => match words.as_slice() {
            [] => Command::Pending { page: 1 },
            [w] => Command::Pending {
                page: page_number(w).ok_or_else(|| invalid(why::PAGE_NOT_A_NUMBER))?,
            },
            _ => return Err(usage(None)),
        },
        "gagalkirim" => Command::Undelivered,
        "kirimulang" => {
            count(1)?;
            Command::Resend {
                outbox_id: outbox_id(words[0]).ok_or_else(|| invalid(why::OUTBOX_ID))?,
            }
        }
        "harga" => {
            // A last word that is a page number picks the page; any other words are searched.
            let (search, page) = match words.split_last() {
                Some((last, search)) => match page_number(last) {
                    Some(page) => (search, page),
                    None => (words.as_slice(), 1),
                },
                None => (words.as_slice(), 1),
            };
            Command::Prices {
                filter: (!search.is_empty()).then(|| search.join(" ")),
                page,
            }
        }
        "beli" if words.is_empty() => Command::BuyMenu,
        "beli" => {
            count(2)?;
            Command::Buy {
                product: ProductCode::parse(words[0]).map_err(bad_code)?,
                destination: Destination::parse(words[1]).map_err(bad_destination)?,
            }
        }
        "cek" => {
            count(1)?;
            Command::Check {
                trxid: TrxId::parse(words[0]).ok_or_else(|| invalid(why::TRXID))?,
            }
        }
        "topup" | "tarik" => {
            if words.len() < 2 {
                return Err(usage(None));
            }
            let user_id = user_id(words[0]).ok_or_else(|| invalid(why::USER_ID))?;
            let amount = Money::parse_amount(words[1]).map_err(bad_amount)?;
            let note = rest_from(2);
            if spec.name == "topup" {
                Command::TopUp {
                    user_id,
                    amount,
                    note,
                }
            } else {
                Command::Deduct {
                    user_id,
                    amount,
                    note,
                }
            }
        }
        "produk" => super::levels::parse_product(&words).map_err(usage)?,
        "level" => super::levels::parse_level(&words).map_err(usage)?,
        "saldoserver" => match words.as_slice() {
            [] => Command::SupplierBalance { accept: false },
            [w] if w.eq_ignore_ascii_case("sesuaikan") => Command::SupplierBalance { accept: true },
            _ => return Err(usage(None)),
        },
        "depositserver" => {
            count(1)?;
            Command::SupplierDeposit {
                amount: Money::parse_amount(words[0]).map_err(bad_amount)?,
            }
        }
        "nonaktif" | "aktif" => {
            count(1)?;
            let code = ProductCode::parse(words[0]).map_err(bad_code)?;
            if spec.name == "aktif" {
                Command::Activate { code }
            } else {
                Command::Deactivate { code }
            }
        }
        "blokir" | "buka" => {
            count(1)?;
            let user_id = user_id(words[0]).ok_or_else(|| invalid(why::USER_ID))?;
            if spec.name == "blokir" {
                Command::Block { user_id }
            } else {
                Command::Unblock { user_id }
            }
        }
        "selesai" => {
            if words.len() < 2 {
                return Err(usage(None));
            }
            let trxid = TrxId::parse(words[0]).ok_or_else(|| invalid(why::TRXID))?;
            match words[1].to_lowercase().as_str() {
                "sukses" if words.len() >= 3 => {
                    let sn = rest_from(2);
                    if sn.chars().count() > MAX_SN_CHARS {
                        return Err(usage(Some(why::sn_too_long(MAX_SN_CHARS))));
                    }
                    Command::Settle {
                        trxid,
                        success_sn: Some(sn),
                        note: String::new(),
                    }
                }
                "sukses" => return Err(invalid(why::SN_REQUIRED)),
                "gagal" => Command::Settle {
                    trxid,
                    success_sn: None,
                    note: rest_from(2),
                },
                _ => return Err(invalid(why::SUCCESS_OR_FAILED)),
            }
        }
        "laporan" => {
            let is_csv = |w: &&str| w.eq_ignore_ascii_case("csv");
            let dates: Vec<&str> = words.iter().copied().filter(|w| !is_csv(w)).collect();
            let period = crate::reports::period::parse_args(&dates)
                .map_err(|e| invalid(&crate::text::reports::args_error(&e)))?;
            Command::Report {
                period,
                csv: words.iter().any(is_csv),
            }
        }
        "grafik" => {
            count(0)?;
            Command::Chart
        }
        "ulang" => {
            count(0)?;
            Command::RepeatLast
        }
        "kategori" => super::catalogue::parse_group(Group::Category, &words).map_err(usage)?,
        "brand" => super::catalogue::parse_group(Group::Brand, &words).map_err(usage)?,
        "kelompok" => super::catalogue::parse_classify(&words).map_err(usage)?,
        "gangguan" | "normal" => {
            super::catalogue::parse_disruption(spec.name == "gangguan", &words).map_err(usage)?
        }
        "deposit" | "tiket" | "batal" | "tolak" | "rekening" => {
            super::deposits::parse(spec.name, &words).map_err(usage)?
        }
        _ => unreachable!("every spec has a parser arm"),
    };
    Ok(command)
}

/// A page number: 1 to 999, written plainly. `0812` or `10000` are words to search for (part
/// of a number or a nominal), not pages.
fn page_number(s: &str) -> Option<usize> {
    let plain =
        (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
    plain.then(|| s.parse().ok()).flatten()
}

fn user_id(s: &str) -> Option<i64> {
    s.parse::<i64>().ok().filter(|id| *id > 0)
}

pub(super) fn outbox_id(s: &str) -> Option<i64> {
    s.trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
}
