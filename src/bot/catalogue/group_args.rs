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
