//! A product's route as admins write it (`utama:s5,digiflazz:xld5:5150`), and the vocabulary
//! of what `/rute` shows and refuses, so that `text` needs nothing above this module.
use super::cutoff::Cutoff;
use super::{Money, MoneyError};

/// The most steps a route holds: more would only be tried after minutes of failures.
pub const MAX_STEPS: usize = 5;

/// The longest supplier SKU accepted (the column allows as much).
pub const MAX_SKU_CHARS: usize = 40;

/// The supplier loket bought from before routes existed, and still buys from by default.
pub const DEFAULT_SUPPLIER: &str = "utama";

/// One step as typed: a supplier, its code for the product, and what it charges when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepInput {
    pub supplier: String,
    pub sku: String,
    pub cost: Option<Money>,
}

/// Why a route as typed is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepsError {
    /// No step at all.
    Empty,
    /// A step that is not `supplier:sku` or `supplier:sku:cost`, as typed.
    Malformed(String),
    /// A step whose SKU is empty or has characters a supplier's code never has.
    BadSku {
        supplier: String,
        sku: String,
    },
    /// A step whose cost is not an amount.
    BadCost {
        supplier: String,
        error: MoneyError,
    },
    TooMany {
        steps: usize,
    },
    /// The same supplier in two steps: the second could only repeat the first.
    Twice {
        supplier: String,
    },
}

/// Reads `utama:s5,digiflazz:xld5:5150`: steps separated by commas (spaces around them are
/// ignored), each a supplier, its SKU and optionally its cost, checked by [`check_steps`].
pub fn parse_steps(input: &str) -> Result<Vec<StepInput>, StepsError> {
    let steps = input
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(parse_step)
        .collect::<Result<Vec<_>, _>>()?;
    check_steps(&steps)?;
    Ok(steps)
}

fn parse_step(step: &str) -> Result<StepInput, StepsError> {
    let malformed = || StepsError::Malformed(step.to_owned());
    let mut parts = step.split(':');
    let supplier = parts.next().unwrap_or_default().trim().to_lowercase();
    let sku = parts.next().ok_or_else(malformed)?.trim().to_owned();
    let cost = parts.next().map(str::trim);
    if parts.next().is_some() || supplier.is_empty() {
        return Err(malformed());
    }
    let cost = match cost {
        None => None,
        Some(c) => Some(Money::parse_amount(c).map_err(|error| StepsError::BadCost {
            supplier: supplier.clone(),
            error,
        })?),
    };
    Ok(StepInput {
        supplier,
        sku,
        cost,
    })
}

/// A route's shape, whoever built it: 1 to [`MAX_STEPS`] steps, each supplier once, each SKU
/// of the supplier's charset (letters, digits, `-`, `_`, `.`; 1 to [`MAX_SKU_CHARS`]).
pub fn check_steps(steps: &[StepInput]) -> Result<(), StepsError> {
    if steps.is_empty() {
        return Err(StepsError::Empty);
    }
    if steps.len() > MAX_STEPS {
        return Err(StepsError::TooMany { steps: steps.len() });
    }
    for (i, step) in steps.iter().enumerate() {
        if !sku_ok(&step.sku) {
            return Err(StepsError::BadSku {
                supplier: step.supplier.clone(),
                sku: step.sku.clone(),
            });
        }
        if steps[..i].iter().any(|s| s.supplier == step.supplier) {
            return Err(StepsError::Twice {
                supplier: step.supplier.clone(),
            });
        }
    }
    Ok(())
}

fn sku_ok(sku: &str) -> bool {
    (1..=MAX_SKU_CHARS).contains(&sku.len())
        && sku
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A route in the form admins type it, for the audit trail: `utama:s5,digiflazz:xld5:5150`;
/// `default` for none.
pub fn steps_text<'a>(steps: impl IntoIterator<Item = (&'a str, &'a str, Option<i64>)>) -> String {
    let parts: Vec<String> = steps
        .into_iter()
        .map(|(supplier, sku, cost)| match cost {
            Some(cost) => format!("{supplier}:{sku}:{cost}"),
            None => format!("{supplier}:{sku}"),
        })
        .collect();
    if parts.is_empty() {
        "default".to_owned()
    } else {
        parts.join(",")
    }
}

/// A product's route as `/rute` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteView {
    pub code: String,
    pub name: String,
    pub price: i64,
    /// No route of its own: sold by `utama` under its own code at its own cost.
    pub default: bool,
    pub steps: Vec<ShownStep>,
}

/// One step of a shown route, with its supplier's standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownStep {
    pub supplier: String,
    pub sku: String,
    /// What it charges: the step's own cost, else (at `utama`) the product's.
    pub cost: Option<i64>,
    /// Why the supplier is paused, when it is.
    pub paused: Option<String>,
    /// The supplier's last reported balance.
    pub balance: Option<i64>,
    pub cut_off: Option<Cutoff>,
    /// Why a price list took the step out of the route (R46), when it did.
    pub held: Option<super::price_sync::Held>,
}

/// Why `/rute` changed nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    UnknownProduct,
    UnknownSupplier {
        supplier: String,
        known: Vec<String>,
    },
    Steps(StepsError),
    /// A step costing as much as, or more than, the product sells for at a level.
    NotBelowPrice {
        supplier: String,
        cost: i64,
        level: String,
        price: i64,
    },
}

/// What became of `/rute`'s change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteChange {
    /// Saved (or already so); before and after in the typed form.
    Done {
        before: String,
        after: String,
    },
    Refused(Refusal),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(supplier: &str, sku: &str, cost: Option<i64>) -> StepInput {
        StepInput {
            supplier: supplier.into(),
            sku: sku.into(),
            cost: cost.map(Money::from_rupiah),
        }
    }

    #[test]
    fn steps_read_with_and_without_costs() {
        assert_eq!(
            parse_steps("Utama:s5, digiflazz:xld5:5.150"),
            Ok(vec![
                step("utama", "s5", None),
                step("digiflazz", "xld5", Some(5150))
            ])
        );
        assert_eq!(
            parse_steps("digiflazz:a-b_c.9:5150"),
            Ok(vec![step("digiflazz", "a-b_c.9", Some(5150))])
        );
    }

    #[test]
    fn malformed_routes_are_each_told() {
        assert_eq!(parse_steps(" , "), Err(StepsError::Empty));
        assert_eq!(
            parse_steps("utama"),
            Err(StepsError::Malformed("utama".into()))
        );
        assert_eq!(
            parse_steps("utama:s5:1:2"),
            Err(StepsError::Malformed("utama:s5:1:2".into()))
        );
        assert_eq!(parse_steps(":s5"), Err(StepsError::Malformed(":s5".into())));
        for sku in ["", "s 5", "s/5", "ß5", &"x".repeat(41)] {
            assert!(
                matches!(
                    parse_steps(&format!("utama:{sku}")),
                    Err(StepsError::BadSku { .. })
                ),
                "{sku:?}"
            );
        }
        assert!(matches!(
            parse_steps("utama:s5:0"),
            Err(StepsError::BadCost { .. })
        ));
        assert_eq!(
            parse_steps("a:1,b:1,c:1,d:1,e:1,f:1"),
            Err(StepsError::TooMany { steps: 6 })
        );
        assert_eq!(
            parse_steps("utama:s5,UTAMA:s6"),
            Err(StepsError::Twice {
                supplier: "utama".into()
            })
        );
    }

    #[test]
    fn a_route_is_written_back_as_typed() {
        assert_eq!(steps_text([]), "default");
        assert_eq!(
            steps_text([("utama", "s5", None), ("digiflazz", "xld5", Some(5150))]),
            "utama:s5,digiflazz:xld5:5150"
        );
    }
}
