//! `/level` and its verbs, and `/produk` with or without a cost price.
use crate::bot::commands::args::Parsed;
use crate::bot::commands::{AdminCommand, LevelCommand};
use crate::domain::{Money, ProductCode};
use crate::levels::{Markup, level_name};
use crate::text::errors as why;

use crate::catalogue::import::MAX_NAME_CHARS as MAX_PRODUCT_NAME_CHARS;

pub(in crate::bot) fn level(words: &[&str]) -> Parsed<AdminCommand> {
    let name = |w: &str| level_name(w).ok_or_else(|| Some(why::LEVEL_NAME.to_owned()));
    // `-` takes the markup away: the level pays list prices.
    let markup = |w: &str| match w {
        "-" => Ok(None),
        w => Markup::parse(w)
            .map(Some)
            .map_err(|_| Some(why::MARKUP.to_owned())),
    };
    let verb = words.first().map(|w| w.to_lowercase());
    let command = match (verb.as_deref(), words) {
        (None, _) => LevelCommand::List,
        (Some("tambah"), [_, n]) => LevelCommand::Add {
            name: name(n)?,
            markup: None,
        },
        (Some("tambah"), [_, n, m]) => LevelCommand::Add {
            name: name(n)?,
            markup: markup(m)?,
        },
        (Some("markup"), [_, n, m]) => LevelCommand::SetMarkup {
            name: name(n)?,
            markup: markup(m)?,
        },
        (Some("ganti"), [_, from, to]) => LevelCommand::Rename {
            from: name(from)?,
            to: name(to)?,
        },
        (Some("utama"), [_, n]) => LevelCommand::MakeDefault { name: name(n)? },
        (Some("harga"), [_, n, code, price]) => LevelCommand::ProductPrice {
            name: name(n)?,
            code: ProductCode::parse(code).map_err(|e| Some(why::product_code(&e).into()))?,
            price: if price.eq_ignore_ascii_case("hapus") {
                None
            } else {
                Some(Money::parse_amount(price).map_err(|e| Some(why::money(&e).into()))?)
            },
        },
        (Some(_), [id, n]) if id.bytes().all(|b| b.is_ascii_digit()) => LevelCommand::Assign {
            user_id: id
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(|| Some(why::USER_ID.to_owned()))?,
            name: name(n)?,
        },
        _ => return Err(None),
    };
    Ok(AdminCommand::Levels(command))
}

/// `/produk csv` (the catalogue as a file), `/produk sync <supplier>` (its price list into the
/// routes), `/produk <kode> <harga> <nama…>`, or with the cost
/// price first:
/// `/produk <kode> <modal> <harga> <nama…>`. A third word that reads as an amount, with a name
/// after it, makes the second form.
pub(in crate::bot) fn product(words: &[&str]) -> Parsed<AdminCommand> {
    if let [word] = words
        && word.eq_ignore_ascii_case("csv")
    {
        return Ok(AdminCommand::ExportProducts);
    }
    // `sync` is a product code too: only with at most one word after it is it the sync.
    if let [word, rest @ ..] = words
        && word.eq_ignore_ascii_case("sync")
        && rest.len() <= 1
    {
        let Some(supplier) = rest.first() else {
            return Err(Some(crate::text::price_sync::WHICH.to_owned()));
        };
        return Ok(AdminCommand::SyncPriceList {
            supplier: supplier.to_lowercase(),
        });
    }
    if words.len() < 3 {
        return Err(None);
    }
    let code = ProductCode::parse(words[0]).map_err(|e| Some(why::product_code(&e).into()))?;
    let amount = |w: &str| Money::parse_amount(w).map_err(|e| Some(why::money(&e).into()));
    let second_amount = words.get(2).and_then(|w| Money::parse_amount(w).ok());
    let (cost, price, name_from) = match second_amount {
        Some(price) if words.len() >= 4 => (Some(amount(words[1])?), price, 3),
        _ => (None, amount(words[1])?, 2),
    };
    if let Some(cost) = cost
        && price < cost
    {
        return Err(Some(why::price_below_cost(price, cost)));
    }
    let name = words[name_from..].join(" ");
    if name.chars().count() > MAX_PRODUCT_NAME_CHARS {
        return Err(Some(why::product_name_too_long(MAX_PRODUCT_NAME_CHARS)));
    }
    Ok(AdminCommand::SetProduct {
        code,
        cost,
        price,
        name,
    })
}

fn one_code(words: &[&str]) -> Result<ProductCode, Option<String>> {
    crate::bot::commands::args::count(words, 1)?;
    ProductCode::parse(words[0]).map_err(|e| Some(why::product_code(&e).into()))
}

pub(in crate::bot) fn deactivate(words: &[&str]) -> Parsed<AdminCommand> {
    Ok(AdminCommand::Deactivate {
        code: one_code(words)?,
    })
}

pub(in crate::bot) fn activate(words: &[&str]) -> Parsed<AdminCommand> {
    Ok(AdminCommand::Activate {
        code: one_code(words)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::commands::Command;
    use crate::bot::commands::tests::{ok, problem};

    fn level(text: &str) -> LevelCommand {
        match ok(text) {
            Command::Admin(AdminCommand::Levels(c)) => c,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn level_verbs() {
        assert_eq!(level("/level"), LevelCommand::List);
        assert_eq!(
            level("/level tambah Agen 2,5%"),
            LevelCommand::Add {
                name: "agen".into(),
                markup: Some(Markup::Percent(250))
            }
        );
        assert_eq!(
            level("/level tambah vip"),
            LevelCommand::Add {
                name: "vip".into(),
                markup: None
            }
        );
        assert_eq!(
            level("/LEVEL markup agen 150"),
            LevelCommand::SetMarkup {
                name: "agen".into(),
                markup: Some(Markup::Rupiah(150))
            }
        );
        assert_eq!(
            level("/level markup agen -"),
            LevelCommand::SetMarkup {
                name: "agen".into(),
                markup: None
            }
        );
        assert_eq!(
            level("/level ganti agen master"),
            LevelCommand::Rename {
                from: "agen".into(),
                to: "master".into()
            }
        );
        assert_eq!(
            level("/level utama agen"),
            LevelCommand::MakeDefault {
                name: "agen".into()
            }
        );
        assert_eq!(
            level("/level harga agen S5 5.200"),
            LevelCommand::ProductPrice {
                name: "agen".into(),
                code: ProductCode::parse("S5").unwrap(),
                price: Some(Money::from_rupiah(5_200))
            }
        );
        assert_eq!(
            level("/level harga agen s5 hapus"),
            LevelCommand::ProductPrice {
                name: "agen".into(),
                code: ProductCode::parse("s5").unwrap(),
                price: None
            }
        );
        assert_eq!(
            level("/level 700100 agen"),
            LevelCommand::Assign {
                user_id: 700100,
                name: "agen".into()
            }
        );
    }

    #[test]
    fn level_refusals_say_what_is_wrong() {
        assert_eq!(problem("/level tambah ag@n"), Some(why::LEVEL_NAME.into()));
        assert_eq!(problem("/level tambah 123"), Some(why::LEVEL_NAME.into()));
        assert_eq!(problem("/level tambah agen x%"), Some(why::MARKUP.into()));
        assert_eq!(problem("/level 0 agen"), Some(why::USER_ID.into()));
        assert_eq!(problem("/level terbang agen"), None);
        assert!(problem("/level harga agen s5 -5").is_some());
    }

    #[test]
    fn product_with_and_without_cost() {
        assert_eq!(
            ok("/produk s5 6000 Pulsa 5rb"),
            AdminCommand::SetProduct {
                code: ProductCode::parse("s5").unwrap(),
                cost: None,
                price: Money::from_rupiah(6_000),
                name: "Pulsa 5rb".into()
            }
        );
        assert_eq!(
            ok("/produk s5 5.150 6rb Pulsa 5rb"),
            AdminCommand::SetProduct {
                code: ProductCode::parse("s5").unwrap(),
                cost: Some(Money::from_rupiah(5_150)),
                price: Money::from_rupiah(6_000),
                name: "Pulsa 5rb".into()
            }
        );
        // A name that is only an amount is a name.
        assert!(matches!(
            ok("/produk s5 6000 5000"),
            Command::Admin(AdminCommand::SetProduct { cost: None, .. })
        ));
        assert_eq!(
            problem("/produk s5 6000 5rb pulsa"),
            Some(why::price_below_cost(
                Money::from_rupiah(5_000),
                Money::from_rupiah(6_000)
            ))
        );
    }
}
