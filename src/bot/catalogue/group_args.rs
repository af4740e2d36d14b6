//! `/kategori`, `/brand`, `/kelompok`, `/gangguan` and `/normal`: the catalogue's admin verbs.
use crate::bot::commands::args::Parsed;
use crate::bot::commands::{AdminCommand, GroupCommand};
use crate::catalogue::{Cutoff, Group, group_name};
use crate::domain::ProductCode;
use crate::text::errors as why;

/// The longest gangguan reason kept; resellers read it in one line.
const MAX_REASON_CHARS: usize = 200;

fn name(w: &str) -> Result<String, Option<String>> {
    group_name(w).ok_or_else(|| Some(why::GROUP_NAME.to_owned()))
}

fn code(w: &str) -> Result<ProductCode, Option<String>> {
    ProductCode::parse(w).map_err(|e| Some(why::product_code(&e).into()))
}

fn parse_group(group: Group, words: &[&str]) -> Parsed<AdminCommand> {
    let verb = words.first().map(|w| w.to_lowercase());
    let command = match (group, verb.as_deref(), words) {
        (_, None, _) => GroupCommand::List,
        (_, Some("tambah"), [_, n]) => GroupCommand::Add { name: name(n)? },
        (Group::Brand, Some("tambah"), [_, n, op]) => GroupCommand::AddBrand {
            name: name(n)?,
            operator: Some(name(op)?),
        },
        (_, Some("ganti"), [_, from, to]) => GroupCommand::Rename {
            from: name(from)?,
            to: name(to)?,
        },
        (_, Some("hapus"), [_, n]) => GroupCommand::Remove { name: name(n)? },
        (Group::Category, Some("jam"), [_, n, hours]) => GroupCommand::Hours {
            name: name(n)?,
            cutoff: match hours.to_lowercase().as_str() {
                "hapus" | "-" => None,
                h => Some(Cutoff::parse(h).ok_or_else(|| Some(why::CUTOFF.to_owned()))?),
            },
        },
        (Group::Brand, Some("operator"), [_, n, op]) => GroupCommand::Operator {
            name: name(n)?,
            operator: match *op {
                "-" => None,
                op => Some(name(op)?),
            },
        },
        _ => return Err(None),
    };
    Ok(match group {
        Group::Category => AdminCommand::Categories(command),
        Group::Brand => AdminCommand::Brands(command),
    })
}

/// `/kelompok <kode> <kategori> <brand>`.
pub(in crate::bot) fn classify(words: &[&str]) -> Parsed<AdminCommand> {
    let [c, category, brand] = words else {
        return Err(None);
    };
    Ok(AdminCommand::Classify {
        code: code(c)?,
        category: name(category)?,
        brand: name(brand)?,
    })
}

/// `/gangguan <kode> [alasan…]` and `/normal <kode>`.
fn parse_disruption(disrupt: bool, words: &[&str]) -> Parsed<AdminCommand> {
    let Some((c, reason)) = words.split_first() else {
        return Err(None);
    };
    let code = code(c)?;
    if !disrupt {
        return if reason.is_empty() {
            Ok(AdminCommand::Restore { code })
        } else {
            Err(None)
        };
    }
    let reason = reason.join(" ");
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(Some(why::reason_too_long(MAX_REASON_CHARS)));
    }
    Ok(AdminCommand::Disrupt { code, reason })
}

pub(in crate::bot) fn categories(words: &[&str]) -> Parsed<AdminCommand> {
    parse_group(Group::Category, words)
}

pub(in crate::bot) fn brands(words: &[&str]) -> Parsed<AdminCommand> {
    parse_group(Group::Brand, words)
}

pub(in crate::bot) fn disrupt(words: &[&str]) -> Parsed<AdminCommand> {
    parse_disruption(true, words)
}

pub(in crate::bot) fn restore(words: &[&str]) -> Parsed<AdminCommand> {
    parse_disruption(false, words)
}

#[cfg(test)]
mod tests {
    use crate::bot::commands::tests::{ok, problem};
    use crate::bot::commands::{AdminCommand, GroupCommand};

    #[test]
    fn catalogue_verbs_read_their_arguments_or_name_the_problem() {
        use crate::catalogue::Cutoff;
        assert_eq!(
            ok("/kategori jam PLN 23:30-00:30"),
            AdminCommand::Categories(GroupCommand::Hours {
                name: "PLN".into(),
                cutoff: Cutoff::parse("23:30-00:30"),
            })
        );
        assert_eq!(
            ok("/kategori jam PLN hapus"),
            AdminCommand::Categories(GroupCommand::Hours {
                name: "PLN".into(),
                cutoff: None,
            })
        );
        assert_eq!(
            ok("/brand tambah Im3 Indosat"),
            AdminCommand::Brands(GroupCommand::AddBrand {
                name: "Im3".into(),
                operator: Some("Indosat".into()),
            })
        );
        assert_eq!(
            ok("/gangguan s5 server operator sibuk"),
            AdminCommand::Disrupt {
                code: crate::domain::ProductCode::parse("s5").unwrap(),
                reason: "server operator sibuk".into(),
            }
        );
        use crate::text::errors as why;
        for (text, expected) in [
            ("/kategori jam PLN 25:00-01:00", Some(why::CUTOFF)),
            ("/kategori tambah Voucher Game", None),
            ("/kategori tambah a/b", Some(why::GROUP_NAME)),
            ("/brand jam Telkomsel 23:00-00:00", None),
            ("/kategori operator Pulsa Telkomsel", None),
            ("/kelompok s5 Pulsa", None),
            ("/normal s5 sudah", None),
            ("/gangguan", None),
        ] {
            assert_eq!(problem(text).as_deref(), expected, "{text}");
        }
    }
}
