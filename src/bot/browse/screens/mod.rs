//! What a menu shows at each step: the text, the buttons (as actions, before they are given the
//! menu and version they belong to) and the view stored for it.
use sqlx::PgConnection;
use teloxide_core::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::catalogue;
use crate::menus::{self, Step, View};
use crate::telegram::buttons::menu::{Action, MenuPress, encode};
use crate::text::browse as say;

mod products;

pub use products::{destination, products};

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
        // A brand still set on the way to the brands means « Kembali from its products.
        (Step::Brands, Some(category), came_from) => {
            brands(conn, frame, category, came_from.is_some()).await
        }
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

/// The first screen of `/beli`: categories with active products, two to a row, and last
/// "Lainnya" for the products of no category.
pub async fn categories(
    conn: &mut PgConnection,
    destination: Option<&str>,
) -> Result<Screen, sqlx::Error> {
    let found = catalogue::categories(conn).await?;
    let mut buttons: Vec<(String, Action)> = found
        .into_iter()
        .filter(|c| c.products > 0)
        .map(|c| {
            (
                say::group_label(&c.name, c.products),
                Action::Category(c.category_id),
            )
        })
        .collect();
    let others = catalogue::uncategorised(conn).await?;
    if others > 0 {
        let label = say::group_label(say::OTHERS, others);
        buttons.push((label, Action::Category(catalogue::OTHERS)));
    }
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

pub(super) async fn category_name(
    conn: &mut PgConnection,
    category: i64,
) -> Result<String, sqlx::Error> {
    if category == catalogue::OTHERS {
        return Ok(say::OTHERS.to_owned());
    }
    Ok(catalogue::categories(conn)
        .await?
        .into_iter()
        .find(|c| c.category_id == category)
        .map(|c| c.name)
        .unwrap_or_default())
}

/// A category's brands, and last "Lainnya" for its products of no brand. With no brand to
/// choose between, its products at once; `back` (« Kembali from them) goes to the categories.
async fn brands(
    conn: &mut PgConnection,
    frame: &Frame<'_>,
    category: i64,
    back: bool,
) -> Result<Screen, sqlx::Error> {
    let found = catalogue::brands(conn, Some(category)).await?;
    let unbranded = catalogue::unbranded(conn, category).await?;
    if found.is_empty() && unbranded > 0 {
        return if back {
            categories(conn, frame.destination).await
        } else {
            let (category, brand) = (Some(category), Some(catalogue::OTHERS));
            products(conn, frame, category, brand, 1).await
        };
    }
    let name = category_name(conn, category).await?;
    let mut buttons: Vec<(String, Action)> = found
        .into_iter()
        .map(|b| {
            (
                say::group_label(&b.name, b.products),
                Action::Brand(b.brand_id),
            )
        })
        .collect();
    if unbranded > 0 {
        let label = say::group_label(say::OTHERS, unbranded);
        buttons.push((label, Action::Brand(catalogue::OTHERS)));
    }
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

pub(super) fn back_and_close() -> Vec<(String, Action)> {
    vec![
        (say::BACK.into(), Action::Back),
        (say::CLOSE.into(), Action::Close),
    ]
}
