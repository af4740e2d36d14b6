//! The arguments of `/supplier`: the list, `jeda <kode> <alasan>`, `aktif <kode>`.
use crate::bot::commands::AdminCommand;
use crate::bot::commands::args::{Parsed, rest_from};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SupplierCommand {
    List,
    /// `reason` as typed; the registry refuses an empty or overlong one.
    Pause {
        code: String,
        reason: String,
    },
    Resume {
        code: String,
    },
}

pub(in crate::bot) fn supplier(words: &[&str]) -> Parsed<AdminCommand> {
    let command = match words {
        [] => SupplierCommand::List,
        [verb, code, ..] if verb.eq_ignore_ascii_case("jeda") => SupplierCommand::Pause {
            code: code.to_lowercase(),
            reason: rest_from(words, 2),
        },
        [verb, code] if verb.eq_ignore_ascii_case("aktif") => SupplierCommand::Resume {
            code: code.to_lowercase(),
        },
        _ => return Err(None),
    };
    Ok(AdminCommand::Suppliers(command))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(words: &[&str]) -> Option<SupplierCommand> {
        match supplier(words) {
            Ok(AdminCommand::Suppliers(c)) => Some(c),
            _ => None,
        }
    }

    #[test]
    fn the_list_a_pause_with_its_reason_and_a_resume() {
        assert_eq!(parsed(&[]), Some(SupplierCommand::List));
        assert_eq!(
            parsed(&["JEDA", "Utama", "saldo", "habis"]),
            Some(SupplierCommand::Pause {
                code: "utama".into(),
                reason: "saldo habis".into()
            })
        );
        // No reason is the registry's refusal to give, with its own words.
        assert_eq!(
            parsed(&["jeda", "utama"]),
            Some(SupplierCommand::Pause {
                code: "utama".into(),
                reason: String::new()
            })
        );
        assert_eq!(
            parsed(&["aktif", "digiflazz"]),
            Some(SupplierCommand::Resume {
                code: "digiflazz".into()
            })
        );
        for wrong in [
            &["jeda"][..],
            &["aktif"],
            &["aktif", "a", "b"],
            &["hapus", "utama"],
        ] {
            assert_eq!(supplier(wrong), Err(None), "{wrong:?}");
        }
    }
}
