//! A page of products (a brand's in a category, or a number menu's) and the product chosen.
use sqlx::PgConnection;

use super::{Frame, Screen, back_and_close, categories, category_name};
use crate::catalogue::{self, Entry};
use crate::domain::Money;
use crate::menus::{self, Shown, Step, View};
use crate::telegram::buttons::menu::Action;
use crate::text::browse as say;

/// Products on one page of a menu.
pub const PER_PAGE: usize = 8;

/// What a page of products is headed by.
enum Heading<'a> {
    Operator(&'a str),
    /// Category and brand names; no brand when the category has none to choose between.
    Brand(String, Option<String>),
}

/// The names over a brand's products: its category's and its own ("Lainnya" for the products of
/// no brand, unless the category has no brands to tell them from).
async fn brand_heading(
    conn: &mut PgConnection,
    category: i64,
    brand: i64,
) -> Result<Heading<'static>, sqlx::Error> {
    let category_name = category_name(conn, category).await?;
    let brands = catalogue::brands(conn, Some(category)).await?;
    let brand_name = if brand != catalogue::OTHERS {
        let found = brands.into_iter().find(|b| b.brand_id == brand);
        Some(found.map(|b| b.name).unwrap_or_default())
    } else {
        (!brands.is_empty()).then(|| say::OTHERS.to_owned())
    };
    Ok(Heading::Brand(category_name, brand_name))
}

/// A page of products: a brand's in a category, or (in a number menu) an operator's.
pub async fn products(
    conn: &mut PgConnection,
    frame: &Frame<'_>,
    category: Option<i64>,
    brand: Option<i64>,
    page: i32,
) -> Result<Screen, sqlx::Error> {
    let (entries, heading) = match (frame.operator, category, brand) {
        (Some(operator), _, _) => (
            catalogue::products_for_operator(conn, frame.user_id, operator).await?,
            Heading::Operator(operator),
        ),
        (None, Some(category), Some(brand)) => (
            catalogue::products_in(conn, frame.user_id, category, brand).await?,
            brand_heading(conn, category, brand).await?,
        ),
        _ => return categories(conn, frame.destination).await,
    };
    let pages = entries.len().div_ceil(PER_PAGE).max(1);
    let page = usize::try_from(page).unwrap_or(1).clamp(1, pages);
    let on_page: Vec<Entry> = entries
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let mut text = match &heading {
        Heading::Operator(operator) => say::operator_products(
            operator,
            frame.destination.unwrap_or_default(),
            (page, pages),
        ),
        Heading::Brand(category, brand) => {
            say::products(category, brand.as_deref(), frame.destination, (page, pages))
        }
    };
    if on_page.is_empty() {
        text = format!("{text}\n{}", say::NOTHING_HERE);
    }
    let mut rows: Vec<Vec<(String, Action)>> = on_page
        .iter()
        .zip(0u8..)
        .map(|(e, at)| {
            let label =
                say::product_label(&e.code, &e.name, Money::from_rupiah(e.price), e.disrupted);
            vec![(label, Action::Product(at))]
        })
        .collect();
    let mut nav = Vec::new();
    let to_page = |p: usize| Action::Page(u16::try_from(p).unwrap_or(u16::MAX));
    if page > 1 {
        nav.push((say::PREVIOUS.to_owned(), to_page(page - 1)));
    }
    if page < pages {
        nav.push((say::NEXT.to_owned(), to_page(page + 1)));
    }
    if !nav.is_empty() {
        rows.push(nav);
    }
    // A number menu starts at its products: there is nothing to go back to.
    if frame.operator.is_some() {
        rows.push(vec![(say::CLOSE.into(), Action::Close)]);
    } else {
        rows.push(back_and_close());
    }
    let shown = on_page
        .into_iter()
        .map(|e| Shown {
            code: e.code,
            price: e.price,
        })
        .collect();
    Ok(Screen {
        text,
        rows,
        view: View {
            step: Step::Products,
            category_id: category,
            brand_id: brand,
            page: i32::try_from(page).unwrap_or(1),
            shown,
            chosen: None,
        },
    })
}

/// A product chosen: the menu waits for its destination. `view` keeps the page it came from.
pub fn destination(view: View, name: &str) -> Screen {
    let chosen = view.chosen.clone().unwrap_or(Shown {
        code: String::new(),
        price: 0,
    });
    Screen {
        text: say::ask_destination(
            &chosen.code,
            name,
            Money::from_rupiah(chosen.price),
            menus::EXPIRES_MINUTES,
        ),
        rows: vec![back_and_close()],
        view: View {
            step: Step::Destination,
            ..view
        },
    }
}
