//! The deposit commands' arguments: `/deposit`, `/tiket`, `/batal`, `/tolak`, `/rekening`.
use crate::bot::commands::args::{Parsed, count, invalid, positive_id, rest_from};
use crate::bot::commands::{AdminCommand, BankAccountCommand, ResellerCommand};
use crate::domain::Money;
use crate::text::errors as why;

const MAX_REASON_CHARS: usize = 300;

pub(in crate::bot) fn deposit(words: &[&str]) -> Parsed<ResellerCommand> {
    Ok(match words {
        [] => ResellerCommand::Deposit { nominal: None },
        [amount] => ResellerCommand::Deposit {
            nominal: Some(Money::parse_amount(amount).map_err(|e| invalid(why::money(&e)))?),
        },
        _ => return Err(None),
    })
}

pub(in crate::bot) fn tickets(words: &[&str]) -> Parsed<ResellerCommand> {
    count(words, 0)?;
    Ok(ResellerCommand::Tickets)
}

pub(in crate::bot) fn cancel_ticket(words: &[&str]) -> Parsed<ResellerCommand> {
    let [id] = words else {
        return Err(None);
    };
    Ok(ResellerCommand::CancelTicket {
        ticket_id: positive_id(id).ok_or_else(|| invalid(why::TICKET_ID))?,
    })
}

pub(in crate::bot) fn reject_ticket(words: &[&str]) -> Parsed<AdminCommand> {
    let id = match words {
        [] => return Err(None),
        [_] => return Err(invalid(why::REASON_REQUIRED)),
        [id, ..] => id,
    };
    let reason = rest_from(words, 1);
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(invalid(why::reason_too_long(MAX_REASON_CHARS)));
    }
    Ok(AdminCommand::RejectTicket {
        ticket_id: positive_id(id).ok_or_else(|| invalid(why::TICKET_ID))?,
        reason,
    })
}

pub(in crate::bot) fn bank_accounts(words: &[&str]) -> Parsed<AdminCommand> {
    let command = match words {
        [] => BankAccountCommand::List,
        [verb, bank, number, _, ..] if verb.eq_ignore_ascii_case("tambah") => {
            BankAccountCommand::Add {
                bank: (*bank).to_owned(),
                number: number.replace(['-', '.'], ""),
                holder: rest_from(words, 3),
            }
        }
        [verb, id] if verb.eq_ignore_ascii_case("hapus") => BankAccountCommand::Remove {
            id: positive_id(id).ok_or_else(|| invalid(why::BANK_ACCOUNT_ID))?,
        },
        _ => return Err(None),
    };
    Ok(AdminCommand::BankAccounts(command))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::commands::tests::{ok, problem};

    #[test]
    fn deposit_takes_any_way_of_writing_an_amount() {
        for text in [
            "/deposit 100rb",
            "/deposit 100.000",
            "/deposit 100000",
            "/DEPOSIT 100k",
        ] {
            assert_eq!(
                ok(text),
                ResellerCommand::Deposit {
                    nominal: Some(Money::from_rupiah(100_000))
                },
                "{text}"
            );
        }
        assert_eq!(ok("/deposit"), ResellerCommand::Deposit { nominal: None });
        assert!(problem("/deposit seratus").is_some());
        assert_eq!(problem("/deposit 1 2"), None);
    }

    #[test]
    fn ticket_commands_read_their_numbers_and_reasons() {
        assert_eq!(
            ok("/batal #12"),
            ResellerCommand::CancelTicket { ticket_id: 12 }
        );
        assert_eq!(
            ok("/tolak 12 dana  belum masuk"),
            AdminCommand::RejectTicket {
                ticket_id: 12,
                reason: "dana belum masuk".into()
            }
        );
        assert_eq!(problem("/tolak 12"), Some(why::REASON_REQUIRED.into()));
        assert_eq!(problem("/batal dua"), Some(why::TICKET_ID.into()));
        let long = format!("/tolak 1 {}", "x".repeat(301));
        assert!(problem(&long).unwrap().contains("300"));
    }

    #[test]
    fn rekening_lists_adds_and_removes() {
        assert_eq!(
            ok("/rekening"),
            AdminCommand::BankAccounts(BankAccountCommand::List)
        );
        assert_eq!(
            ok("/rekening tambah BCA 123-456-7890 Toko Maju Jaya"),
            AdminCommand::BankAccounts(BankAccountCommand::Add {
                bank: "BCA".into(),
                number: "1234567890".into(),
                holder: "Toko Maju Jaya".into()
            })
        );
        assert_eq!(
            ok("/rekening hapus 3"),
            AdminCommand::BankAccounts(BankAccountCommand::Remove { id: 3 })
        );
        assert_eq!(problem("/rekening tambah BCA 123"), None);
        assert_eq!(
            problem("/rekening hapus x"),
            Some(why::BANK_ACCOUNT_ID.into())
        );
    }
}
