//! The deposit commands' arguments: `/deposit`, `/tiket`, `/batal`, `/tolak`, `/rekening`.
use super::parse::outbox_id as positive_id;
use super::{BankAccountCommand, Command};
use crate::domain::Money;
use crate::text::errors as why;

const MAX_REASON_CHARS: usize = 300;

/// `Err(None)` means the arguments do not fit the command's pattern; `Err(Some(problem))` says
/// what is wrong with one of them.
pub(super) fn parse(name: &str, words: &[&str]) -> Result<Command, Option<String>> {
    let rest = |i: usize| words.get(i..).map(|w| w.join(" ")).unwrap_or_default();
    let ticket = |w: &str| positive_id(w).ok_or_else(|| Some(why::TICKET_ID.to_owned()));
    Ok(match (name, words) {
        ("deposit", []) => Command::Deposit { nominal: None },
        ("deposit", [amount]) => Command::Deposit {
            nominal: Some(Money::parse_amount(amount).map_err(|e| Some(why::money(&e).into()))?),
        },
        ("tiket", []) => Command::Tickets,
        ("batal", [id]) => Command::CancelTicket {
            ticket_id: ticket(id)?,
        },
        ("tolak", [_]) => return Err(Some(why::REASON_REQUIRED.into())),
        ("tolak", [id, ..]) => {
            let reason = rest(1);
            if reason.chars().count() > MAX_REASON_CHARS {
                return Err(Some(why::reason_too_long(MAX_REASON_CHARS)));
            }
            Command::RejectTicket {
                ticket_id: ticket(id)?,
                reason,
            }
        }
        ("rekening", []) => Command::BankAccounts(BankAccountCommand::List),
        ("rekening", [verb, bank, number, _, ..]) if verb.eq_ignore_ascii_case("tambah") => {
            Command::BankAccounts(BankAccountCommand::Add {
                bank: (*bank).to_owned(),
                number: number.replace(['-', '.'], ""),
                holder: rest(3),
            })
        }
        ("rekening", [verb, id]) if verb.eq_ignore_ascii_case("hapus") => {
            Command::BankAccounts(BankAccountCommand::Remove {
                id: positive_id(id).ok_or_else(|| Some(why::BANK_ACCOUNT_ID.to_owned()))?,
            })
        }
        _ => return Err(None),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ok, problem};
    use super::*;

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
                Command::Deposit {
                    nominal: Some(Money::from_rupiah(100_000))
                },
                "{text}"
            );
        }
        assert_eq!(ok("/deposit"), Command::Deposit { nominal: None });
        assert!(problem("/deposit seratus").is_some());
        assert_eq!(problem("/deposit 1 2"), None);
    }

    #[test]
    fn ticket_commands_read_their_numbers_and_reasons() {
        assert_eq!(ok("/batal #12"), Command::CancelTicket { ticket_id: 12 });
        assert_eq!(
            ok("/tolak 12 dana  belum masuk"),
            Command::RejectTicket {
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
            Command::BankAccounts(BankAccountCommand::List)
        );
        assert_eq!(
            ok("/rekening tambah BCA 123-456-7890 Toko Maju Jaya"),
            Command::BankAccounts(BankAccountCommand::Add {
                bank: "BCA".into(),
                number: "1234567890".into(),
                holder: "Toko Maju Jaya".into()
            })
        );
        assert_eq!(
            ok("/rekening hapus 3"),
            Command::BankAccounts(BankAccountCommand::Remove { id: 3 })
        );
        assert_eq!(problem("/rekening tambah BCA 123"), None);
        assert_eq!(
            problem("/rekening hapus x"),
            Some(why::BANK_ACCOUNT_ID.into())
        );
    }
}
