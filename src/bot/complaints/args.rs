//! The arguments of `/komplain`, `/balas` and `/tolakkomplain`. Each parser is named in its row
//! of the command table.
use crate::bot::commands::args::{Parsed, invalid, positive_id, rest_from};
use crate::bot::commands::{AdminCommand, ResellerCommand};
use crate::domain::TrxId;
use crate::text::complaints as say;
use crate::text::errors as why;

/// `/komplain` alone lists; `/komplain <trxid> <keterangan…>` files one.
pub(in crate::bot) fn complain(words: &[&str]) -> Parsed<ResellerCommand> {
    let Some(first) = words.first() else {
        return Ok(ResellerCommand::Complaints);
    };
    let trxid = TrxId::parse(first).ok_or_else(|| invalid(why::TRXID))?;
    let text = rest_from(words, 1);
    if text.trim().is_empty() {
        return Err(invalid(say::EMPTY));
    }
    Ok(ResellerCommand::Complain {
        trxid,
        text,
        photo: None,
    })
}

/// `/balas <no> <pesan…>`.
pub(in crate::bot) fn reply(words: &[&str]) -> Parsed<AdminCommand> {
    let (no, text) = numbered(words)?;
    Ok(AdminCommand::ReplyComplaint { no, text })
}

/// `/tolakkomplain <no> <alasan…>`.
pub(in crate::bot) fn reject(words: &[&str]) -> Parsed<AdminCommand> {
    let (no, reason) = numbered(words)?;
    Ok(AdminCommand::RejectComplaint { no, reason })
}

fn numbered(words: &[&str]) -> Result<(i64, String), Option<String>> {
    if words.len() < 2 {
        return Err(None);
    }
    let no = positive_id(words[0]).ok_or_else(|| invalid(why::COMPLAINT_NUMBER))?;
    Ok((no, rest_from(words, 1)))
}

#[cfg(test)]
mod tests {
    use crate::bot::commands::tests::{ok, problem};
    use crate::bot::commands::{AdminCommand, ResellerCommand};
    use crate::domain::TrxId;
    use crate::text::complaints as say;
    use crate::text::errors as why;

    #[test]
    fn komplain_lists_alone_and_files_with_a_trxid_and_words() {
        assert_eq!(ok("/komplain"), ResellerCommand::Complaints);
        let trxid = TrxId::parse("26120500000000000001").unwrap();
        assert_eq!(
            ok("/komplain 26120500000000000001 pulsa  belum\nmasuk"),
            ResellerCommand::Complain {
                trxid,
                text: "pulsa belum masuk".into(),
                photo: None
            }
        );
        assert_eq!(
            problem("/komplain 26120500000000000001"),
            Some(say::EMPTY.into())
        );
        assert_eq!(problem("/komplain 2612 belum"), Some(why::TRXID.into()));
    }

    #[test]
    fn balas_and_tolakkomplain_need_a_number_and_words() {
        assert_eq!(
            ok("/balas #4 sudah kami cek"),
            AdminCommand::ReplyComplaint {
                no: 4,
                text: "sudah kami cek".into()
            }
        );
        assert_eq!(
            ok("/tolakkomplain 4 SN valid"),
            AdminCommand::RejectComplaint {
                no: 4,
                reason: "SN valid".into()
            }
        );
        assert_eq!(problem("/balas x halo"), Some(why::COMPLAINT_NUMBER.into()));
        assert_eq!(problem("/tolakkomplain 4"), None);
    }
}
