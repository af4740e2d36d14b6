//! The demo's catalogue: about ninety products over six categories and sixteen brands, as a
//! reseller's server carries. Costs are what the sandbox's supplier charges (the number in the
//! code, in thousands, plus Rp150), so no sale alerts the cost guard.
use sqlx::PgConnection;

use crate::catalogue;
use crate::domain::{Money, ProductCode};
use crate::products;

/// One product: code, name, category, brand, list price. Its cost follows from the code.
struct Item {
    code: String,
    name: String,
    category: &'static str,
    brand: &'static str,
    price: i64,
}

/// Pulsa: code prefix and brand, for every nominal (in thousands).
const PULSA: &[(&str, &str)] = &[
    ("s", "Telkomsel"),
    ("i", "Indosat"),
    ("x", "XL"),
    ("ax", "Axis"),
    ("t", "Tri"),
    ("sm", "Smartfren"),
    ("byu", "by.U"),
];
const PULSA_NOMINALS: &[i64] = &[5, 10, 20, 25, 50, 100];

/// Data: code prefix and brand, for every size in GB, at a price per size.
const DATA: &[(&str, &str)] = &[
    ("d", "Telkomsel"),
    ("di", "Indosat"),
    ("dx", "XL"),
    ("dt", "Tri"),
];
const DATA_SIZES: &[(i64, i64)] = &[
    (1, 15_000),
    (2, 25_000),
    (3, 35_000),
    (5, 55_000),
    (10, 95_000),
];

/// E-money: code prefix and brand, for every nominal (in thousands).
const EMONEY: &[(&str, &str, &[i64])] = &[
    ("dana", "DANA", &[10, 25, 50, 100]),
    ("ovo", "OVO", &[10, 25, 50, 100]),
    ("gopay", "GoPay", &[10, 25, 50]),
    ("spay", "ShopeePay", &[10, 25, 50]),
];

fn thousands(n: i64) -> String {
    crate::domain::Money::from_rupiah(n * 1000)
        .to_string()
        .trim_start_matches("Rp")
        .to_owned()
}

fn items() -> Vec<Item> {
    let mut items = Vec::new();
    let mut push = |code: String, name: String, category, brand, price| {
        items.push(Item {
            code,
            name,
            category,
            brand,
            price,
        })
    };
    for (prefix, brand) in PULSA {
        for n in PULSA_NOMINALS {
            let price = n * 1000 + if *n <= 10 { 350 } else { 600 };
            push(
                format!("{prefix}{n}"),
                format!("{brand} {}", thousands(*n)),
                "Pulsa",
                brand,
                price,
            );
        }
    }
    for (prefix, brand) in DATA {
        for (gb, price) in DATA_SIZES {
            push(
                format!("{prefix}{gb}"),
                format!("Data {brand} {gb} GB"),
                "Data",
                brand,
                *price,
            );
        }
    }
    for n in [20, 50, 100, 200, 500] {
        push(
            format!("pln{n}"),
            format!("Token PLN {}", thousands(n)),
            "PLN",
            "PLN",
            n * 1000 + 500,
        );
    }
    for (prefix, brand, nominals) in EMONEY {
        for n in *nominals {
            push(
                format!("{prefix}{n}"),
                format!("{brand} {}", thousands(*n)),
                "E-Money",
                brand,
                n * 1000 + 1000,
            );
        }
    }
    for (n, diamonds) in [(5, 28), (10, 56), (20, 112)] {
        let name = format!("Mobile Legends {diamonds} Diamond");
        push(
            format!("ml{n}"),
            name,
            "Game",
            "MobileLegends",
            n * 1000 + 700,
        );
    }
    for (n, diamonds) in [(5, 50), (10, 100), (20, 210)] {
        let name = format!("Free Fire {diamonds} Diamond");
        push(format!("ff{n}"), name, "Game", "FreeFire", n * 1000 + 700);
    }
    for n in [20, 50, 100] {
        let name = format!("Voucher Google Play {}", thousands(n));
        push(
            format!("gp{n}"),
            name,
            "Voucher",
            "GooglePlay",
            n * 1000 + 1000,
        );
    }
    items
}

/// What the sandbox's supplier charges for `code`: the number in it, in thousands, plus Rp150.
fn cost_of(code: &str) -> i64 {
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    digits.parse::<i64>().unwrap_or(5) * 1000 + 150
}

/// Adds the catalogue; products already there (by code) keep their price and name, and are only
/// put in their category and brand.
pub async fn seed(conn: &mut PgConnection) -> anyhow::Result<usize> {
    let items = items();
    for item in &items {
        let code = ProductCode::parse(&item.code).map_err(|e| anyhow::anyhow!("{e}"))?;
        let known: bool = sqlx::query_scalar(
            "select exists(select 1 from products where lower(code) = lower($1))",
        )
        .bind(code.as_str())
        .fetch_one(&mut *conn)
        .await?;
        if !known {
            let (cost, price) = (
                Money::from_rupiah(cost_of(&item.code)),
                Money::from_rupiah(item.price),
            );
            products::upsert(&mut *conn, &code, Some(cost), price, &item.name).await?;
        }
        if let Err(missing) = catalogue::classify(
            &mut *conn,
            super::seed::DEMO_USER,
            &code,
            item.category,
            item.brand,
        )
        .await?
        {
            anyhow::bail!("demo catalogue: {missing:?} missing for {}", item.code);
        }
    }
    Ok(items.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_carries_a_real_catalogue_with_unique_codes() {
        let items = super::items();
        assert!(items.len() >= 60, "{}", items.len());
        let mut codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), items.len());
        assert!(items.iter().all(|i| i.price >= super::cost_of(&i.code)));
    }
}
