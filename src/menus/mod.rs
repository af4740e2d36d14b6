//! The state of the buying menus (`/beli` alone, a number alone), one row per menu keyed by
//! the reseller's message that opened it. Every step bumps the row's version, and every change
//! is guarded by the version the pressed button was drawn for: a second press of the same
//! button, a press on an older menu or one handled by the other instance finds the version
//! moved on and changes nothing.

/// How long a menu stays usable after its last step, the wait for a destination included.
pub const EXPIRES_MINUTES: i32 = 10;
/// Rows this much older than their last step are deleted when a new menu opens.
const KEEP_HOURS: i32 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Categories,
    Brands,
    Products,
    /// A product is chosen; the reseller's next message is its destination.
    Destination,
    Closed,
    /// Bought through: by a press (a number menu) or by the destination message.
    Used,
}

impl Step {
    fn as_str(self) -> &'static str {
        match self {
            Step::Categories => "categories",
            Step::Brands => "brands",
            Step::Products => "products",
            Step::Destination => "destination",
            Step::Closed => "closed",
            Step::Used => "used",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [
            Step::Categories,
            Step::Brands,
            Step::Products,
            Step::Destination,
            Step::Closed,
            Step::Used,
        ]
        .into_iter()
        .find(|step| step.as_str() == s)
    }
}

/// A menu: the reseller's message that opened it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuKey {
    pub chat_id: i64,
    pub message_id: i64,
}

/// A product on the page shown, at the price shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub code: String,
    pub price: i64,
}

/// Where a step leaves the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub step: Step,
    pub category_id: Option<i64>,
    pub brand_id: Option<i64>,
    pub page: i32,
    pub shown: Vec<Shown>,
    /// The product chosen (and its price shown), while the destination is awaited.
    pub chosen: Option<Shown>,
}

impl View {
    pub fn at(step: Step) -> Self {
        Self {
            step,
            category_id: None,
            brand_id: None,
            page: 1,
            shown: Vec::new(),
            chosen: None,
        }
    }
}

/// A menu as stored.
#[derive(Debug, Clone)]
pub struct Menu {
    pub key: MenuKey,
    pub user_id: i64,
    pub version: i32,
    pub view: View,
    /// The destination a number menu buys for.
    pub destination: Option<String>,
    /// The operator whose products a number menu lists.
    pub operator: Option<String>,
    pub menu_message_id: Option<i64>,
    pub used_update_id: Option<i64>,
    /// No step for longer than [`EXPIRES_MINUTES`].
    pub expired: bool,
}

impl Menu {
    /// Whether a press drawn for `version` may still act on this menu.
    pub fn current(&self, version: i32) -> bool {
        self.version == version
            && !self.expired
            && !matches!(self.view.step, Step::Closed | Step::Used)
    }
}

/// A row as read, before its step and shown products are put together.
struct MenuRow {
    chat_id: i64,
    message_id: i64,
    user_id: i64,
    version: i32,
    step: String,
    destination: Option<String>,
    operator: Option<String>,
    category_id: Option<i64>,
    brand_id: Option<i64>,
    page: i32,
    shown_codes: Vec<String>,
    shown_prices: Vec<i64>,
    product_code: Option<String>,
    price: Option<i64>,
    menu_message_id: Option<i64>,
    used_update_id: Option<i64>,
    expired: bool,
}

from_row!(MenuRow {
    chat_id,
    message_id,
    user_id,
    version,
    step,
    destination,
    operator,
    category_id,
    brand_id,
    page,
    shown_codes,
    shown_prices,
    product_code,
    price,
    menu_message_id,
    used_update_id,
    expired,
});

/// The columns of [`MenuRow`]; `$3` is [`EXPIRES_MINUTES`] in every query using them.
macro_rules! menu_columns {
    () => {
        "select chat_id, message_id, user_id, version, step, destination, operator,
                category_id, brand_id, page, shown_codes, shown_prices, product_code, price,
                menu_message_id, used_update_id,
                updated_at < now() - make_interval(mins => $3) as expired
           from menus "
    };
}

fn menu(row: MenuRow) -> Result<Menu, sqlx::Error> {
    let step = Step::parse(&row.step).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: "step".into(),
        source: format!("unknown step {:?}", row.step).into(),
    })?;
    let shown = row
        .shown_codes
        .into_iter()
        .zip(row.shown_prices)
        .map(|(code, price)| Shown { code, price })
        .collect();
    Ok(Menu {
        key: MenuKey {
            chat_id: row.chat_id,
            message_id: row.message_id,
        },
        user_id: row.user_id,
        version: row.version,
        view: View {
            step,
            category_id: row.category_id,
            brand_id: row.brand_id,
            page: row.page,
            shown,
            chosen: row
                .product_code
                .zip(row.price)
                .map(|(code, price)| Shown { code, price }),
        },
        destination: row.destination,
        operator: row.operator,
        menu_message_id: row.menu_message_id,
        used_update_id: row.used_update_id,
        expired: row.expired,
    })
}

/// Splits the shown products into the two arrays the table keeps.
fn columns(shown: &[Shown]) -> (Vec<String>, Vec<i64>) {
    shown.iter().map(|s| (s.code.clone(), s.price)).unzip()
}

mod store;

pub use store::*;
