//! A price list against the steps that name its supplier: what changes, what is no longer
//! sold, what would sell below a price, and what no route names yet. Pure: the caller reads
//! the steps and the levels' below-cost findings.
use std::collections::{HashMap, HashSet};

use chrono::NaiveTime;

use crate::digiflazz::Product;
use crate::domain::levels::BelowCost;
use crate::domain::price_sync::{
    BelowCostStep, CostChange, CutOff, Gone, Held, NEW_SHOWN, NewSku, OutOfStock, StepWrite,
    SyncPreview, cut_off_text,
};

/// A step at the supplier as the route holds it.
#[derive(Debug, Clone)]
pub struct RouteStep {
    pub product_id: i64,
    pub code: String,
    pub sku: String,
    pub cost: Option<i64>,
    pub cut_off: CutOff,
    pub held: Option<Held>,
}

/// `HH:MM` to `HH:MM` as a cut-off; equal ends (or unreadable ones) are none.
pub fn cut_off(start: &str, end: &str) -> CutOff {
    let clock = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
    match (clock(start), clock(end)) {
        (Some(s), Some(e)) if s != e => Some((s, e)),
        _ => None,
    }
}

/// The list by SKU (case aside, as suppliers treat codes).
pub fn by_sku(list: &[Product]) -> HashMap<String, &Product> {
    list.iter()
        .map(|p| (p.buyer_sku_code.to_lowercase(), p))
        .collect()
}

/// Whether a listed product is sold, and if not why.
fn gone(p: Option<&&Product>) -> Option<Gone> {
    match p {
        None => Some(Gone::Missing),
        Some(p) if !p.buyer_product_status => Some(Gone::OffForUs),
        Some(p) if !p.seller_product_status => Some(Gone::OffBySeller),
        Some(_) => None,
    }
}

/// The steps whose SKU the list sells, with the list's price: what the levels' below-cost
/// check is asked about.
pub fn sold_costs(steps: &[RouteStep], list: &[Product]) -> (Vec<String>, Vec<i64>) {
    let skus = by_sku(list);
    steps
        .iter()
        .filter_map(|s| {
            let p = skus.get(&s.sku.to_lowercase());
            let price = p.map(|p| p.price)?;
            gone(p).is_none().then(|| (s.code.clone(), price))
        })
        .unzip()
}

/// The preview of `list` against `steps`; `below` holds the levels priced at or under a
/// step's new cost, as `levels::below_cost` finds them for each cost plus a rupiah.
pub fn compare(
    supplier: &str,
    steps: &[RouteStep],
    list: &[Product],
    below: &[BelowCost],
) -> SyncPreview {
    let skus = by_sku(list);
    let mut p = SyncPreview {
        supplier: supplier.to_owned(),
        ..SyncPreview::default()
    };
    for step in steps {
        let listed = skus.get(&step.sku.to_lowercase());
        let write = match (gone(listed), listed) {
            (Some(why), _) => {
                p.out_of_stock.push(OutOfStock {
                    code: step.code.clone(),
                    sku: step.sku.clone(),
                    why,
                });
                let cost = listed.map(|l| l.price);
                let cut =
                    listed.map_or(step.cut_off, |l| cut_off(&l.start_cut_off, &l.end_cut_off));
                (cost, cut, Some(Held::NotSold))
            }
            (None, Some(l)) => sold(&mut p, step, l, below),
            (None, None) => continue,
        };
        let (cost, cut, held) = write;
        // A SKU the list no longer has keeps the step's cost.
        if (cost.or(step.cost), cut, held) == (step.cost, step.cut_off, step.held) {
            p.unchanged += 1;
            continue;
        }
        p.writes.push(StepWrite {
            product_id: step.product_id,
            code: step.code.clone(),
            sku: step.sku.clone(),
            cost,
            cut_off: cut_off_text(cut),
            held,
        });
    }
    new_skus(&mut p, steps, list);
    p
}

/// A step the list sells: its new cost and cut-off, held when it reaches a price.
fn sold(
    p: &mut SyncPreview,
    step: &RouteStep,
    l: &Product,
    below: &[BelowCost],
) -> (Option<i64>, CutOff, Option<Held>) {
    let cut = cut_off(&l.start_cut_off, &l.end_cut_off);
    let reached = below
        .iter()
        .find(|b| b.code.eq_ignore_ascii_case(&step.code) && b.cost == l.price.saturating_add(1));
    if let Some(b) = reached {
        p.below_cost.push(BelowCostStep {
            code: step.code.clone(),
            sku: step.sku.clone(),
            cost: l.price,
            level: b.level.clone(),
            price: b.price,
        });
        return (Some(l.price), cut, Some(Held::BelowCost));
    }
    if step.held.is_some() {
        p.back.push((step.code.clone(), step.sku.clone()));
    }
    if step.cost != Some(l.price) || step.cut_off != cut {
        p.changed.push(CostChange {
            code: step.code.clone(),
            sku: step.sku.clone(),
            old: step.cost,
            new: l.price,
            cut_off: (step.cut_off != cut).then_some((step.cut_off, cut)),
        });
    }
    (Some(l.price), cut, None)
}

/// The SKUs the list sells that no step names.
fn new_skus(p: &mut SyncPreview, steps: &[RouteStep], list: &[Product]) {
    let named: HashSet<String> = steps.iter().map(|s| s.sku.to_lowercase()).collect();
    let new: Vec<&Product> = list
        .iter()
        .filter(|l| l.buyer_product_status && l.seller_product_status)
        .filter(|l| !named.contains(&l.buyer_sku_code.to_lowercase()))
        .collect();
    p.new_count = new.len();
    p.new = new
        .into_iter()
        .take(NEW_SHOWN)
        .map(|l| NewSku {
            sku: l.buyer_sku_code.clone(),
            name: l.product_name.clone(),
            category: l.category.clone(),
            brand: l.brand.clone(),
            price: l.price,
        })
        .collect();
}
