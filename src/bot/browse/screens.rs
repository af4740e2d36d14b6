//! What a menu shows at each step: the text, the buttons (as actions, before they are given the
//! menu and version they belong to) and the view stored for it.
use sqlx::PgConnection;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::data::{Action, MenuPress, encode};
use crate::catalogue::{self, Entry};
use crate::domain::Money;
use crate::menus::{self, Shown, Step, View};
use crate::text::browse as say;

/// Products on one page of a menu.
pub const PER_PAGE: usize = 8;

/// A step as it will be shown.
pub struct Screen {
    pub text: String,
    pub rows: Vec<Vec<(String, Action)>>,
    pub view: View,
}

/// The menu a screen belongs to, as far as drawing it goes.
pub struct Frame<'a> {
    pub user_id: i64,
    /// Known from the start for a number menu.
    pub destination: Option<&'a str>,
    /// A number menu lists this operator's products, and has no steps before them.
    pub operator: Option<&'a str>,
}

/// The buttons of `rows`, each carrying `menu` and `version`.
pub fn keyboard(menu: i64, version: i32, rows: &[Vec<(String, Action)>]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.iter().map(|row| {
        row.iter()
            .map(|(label, action)| {
                let press = MenuPress {
                    menu,
                    version,
                    action: *action,
                };
                InlineKeyboardButton::callback(label.clone(), encode(press))
            })
            .collect::<Vec<_>>()
    }))
}

/// The screen of `view`, read afresh.
pub async fn draw(
    conn: &mut PgConnection,
    frame: &Frame<'_>,
    view: View,
) -> Result<Screen, sqlx::Error> {
    match (view.step, view.category_id, view.brand_id) {
        (Step::Brands, Some(category), _) => brands(conn, category).await,
        (Step::Products, _, _) if frame.operator.is_some() => {
            products(conn, frame, view.category_id, view.brand_id, view.page).await
        }
        (Step::Products, Some(category), Some(brand)) => {
            products(conn, frame, Some(category), Some(brand), view.page).await
        }
        (Step::Destination, _, _) => match &view.chosen {
            Some(chosen) => {
                let name = menus::offer(conn, frame.user_id, &chosen.code)
                    .await?
                    .map(|o| o.name)
                    .unwrap_or_default();
                Ok(destination(view.clone(), &name))
            }
            None => categories(conn, frame.destination).await,
        },
        _ => categories(conn, frame.destination).await,
    }
}

/// The first screen of `/beli`: categories with active products, two to a row.
pub async fn categories(
    conn: &mut PgConnection,
    destination: Option<&str>,
) -> Result<Screen, sqlx::Error> {
    let found = catalogue::categories(conn).await?;
    let buttons: Vec<(String, Action)> = found
        .into_iter()
        .filter(|c| c.products > 0)
        .map(|c| {
            (
                say::group_label(&c.name, c.products),
                Action::Category(c.category_id),
            )
        })
        .collect();
    let text = if buttons.is_empty() {
        say::EMPTY.to_owned()
    } else {
        say::categories(destination)
    };
    let mut rows: Vec<Vec<_>> = buttons.chunks(2).map(<[_]>::to_vec).collect();
    rows.push(vec![(say::CLOSE.into(), Action::Close)]);
    Ok(Screen {
        text,
        rows,
        view: View::at(Step::Categories),
    })
}

/// Whether any category has products a menu can show.
pub fn is_empty(screen: &Screen) -> bool {
    screen.rows.len() <= 1
}

async fn category_name(conn: &mut PgConnection, category: i64) -> Result<String, sqlx::Error> {
    Ok(catalogue::categories(conn)
        .await?
        .into_iter()
        .find(|c| c.category_id == category)
        .map(|c| c.name)
        .unwrap_or_default())
}

async fn brands(conn: &mut PgConnection, category: i64) -> Result<Screen, sqlx::Error> {
    let name = category_name(conn, category).await?;
    let found = catalogue::brands(conn, Some(category)).await?;
    let buttons: Vec<(String, Action)> = found
        .into_iter()
        .map(|b| {
            (
                say::group_label(&b.name, b.products),
                Action::Brand(b.brand_id),
            )
        })
        .collect();
    let text = if buttons.is_empty() {
        format!("{}\n{}", say::brands(&name), say::NOTHING_HERE)
    } else {
        say::brands(&name)
    };
    let mut rows: Vec<Vec<_>> = buttons.chunks(2).map(<[_]>::to_vec).collect();
    rows.push(back_and_close());
    Ok(Screen {
        text,
        rows,
        view: View {
            category_id: Some(category),
            ..View::at(Step::Brands)
        },
    })
}

fn back_and_close() -> Vec<(String, Action)> {
    vec![
        (say::BACK.into(), Action::Back),
        (say::CLOSE.into(), Action::Close),
    ]
}

/// What a page of products is headed by.
enum Heading<'a> {
    Operator(&'a str),
    /// Category and brand names.
    Brand(String, String),
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
        (None, Some(category), Some(brand)) => {
            let entries = catalogue::products_in(conn, frame.user_id, category, brand).await?;
            let category_name = category_name(conn, category).await?;
            let brand_name = catalogue::brands(conn, Some(category))
                .await?
                .into_iter()
                .find(|b| b.brand_id == brand)
                .map(|b| b.name)
                .unwrap_or_default();
            (entries, Heading::Brand(category_name, brand_name))
        }
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
            say::products(category, brand, frame.destination, (page, pages))
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
