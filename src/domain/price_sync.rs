//! A supplier's price list against the routes' steps: what `/produk sync` previews and ✅
//! applies (R46), as plain data so that `text` needs nothing above this module.
use chrono::NaiveTime;

/// The one supplier with a price list to read.
pub const PRICE_LIST_SUPPLIER: &str = "digiflazz";

/// How many new SKUs a preview names; the rest are counted.
pub const NEW_SHOWN: usize = 5;

/// At most one price-list ask per this many minutes, whatever came of the last one.
pub const SYNC_EVERY_MINUTES: i32 = 5;

/// A preview older than this is not applied: the list may have moved since.
pub const SYNC_PREVIEW_MINUTES: i32 = 10;

/// Why a step is taken out of its route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Held {
    /// Missing from the list, or switched off by us or by the seller.
    NotSold,
    /// Its cost reaches the product's price at some level.
    BelowCost,
}

impl Held {
    pub fn as_str(self) -> &'static str {
        match self {
            Held::NotSold => "not_sold",
            Held::BelowCost => "below_cost",
        }
    }

    pub fn from_column(s: Option<&str>) -> Option<Self> {
        match s? {
            "not_sold" => Some(Held::NotSold),
            "below_cost" => Some(Held::BelowCost),
            _ => None,
        }
    }
}

/// A daily cut-off as a price list gives it (WIB, start and end), `None` when there is none.
pub type CutOff = Option<(NaiveTime, NaiveTime)>;

/// One route step as ✅ writes it: found by product, supplier and SKU (a step changed by
/// `/rute` since the preview no longer matches, and is left alone).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StepWrite {
    pub product_id: i64,
    pub code: String,
    pub sku: String,
    /// The list's price; `None` keeps the step's cost (a SKU the list no longer has).
    pub cost: Option<i64>,
    /// Start and end as `HH:MM` (WIB); `None` when there is none.
    pub cut_off: Option<(String, String)>,
    pub held: Option<Held>,
}

/// A cut-off as [`StepWrite`] keeps it.
pub fn cut_off_text(c: CutOff) -> Option<(String, String)> {
    c.map(|(s, e)| (s.format("%H:%M").to_string(), e.format("%H:%M").to_string()))
}

/// A step whose cost or cut-off the list changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostChange {
    pub code: String,
    pub sku: String,
    pub old: Option<i64>,
    pub new: i64,
    /// Before and after, when the cut-off changed.
    pub cut_off: Option<(CutOff, CutOff)>,
}

/// Why a step is not sold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gone {
    /// The list has no such SKU.
    Missing,
    /// We switched it off at the supplier (buyer_product_status).
    OffForUs,
    /// The seller does not sell it now (seller_product_status).
    OffBySeller,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfStock {
    pub code: String,
    pub sku: String,
    pub why: Gone,
}

/// A step whose new cost reaches the product's price at `level`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BelowCostStep {
    pub code: String,
    pub sku: String,
    pub cost: i64,
    pub level: String,
    pub price: i64,
}

/// A SKU the list sells that no route names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSku {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub brand: String,
    pub price: i64,
}

/// What applying a price list would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncPreview {
    pub supplier: String,
    pub changed: Vec<CostChange>,
    pub out_of_stock: Vec<OutOfStock>,
    pub below_cost: Vec<BelowCostStep>,
    /// Steps a sync had held that the list sells again at a cost under every price.
    pub back: Vec<(String, String)>,
    /// Steps the list leaves as they are.
    pub unchanged: usize,
    /// How many SKUs are new, and the first few.
    pub new_count: usize,
    pub new: Vec<NewSku>,
    /// What ✅ writes.
    pub writes: Vec<StepWrite>,
}

impl SyncPreview {
    pub fn changes_something(&self) -> bool {
        !self.writes.is_empty()
    }
}

/// A question answered: applied (with how many steps it changed) or cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncDecided {
    Applied { changed: i64 },
    Cancelled,
}

/// Why a price list was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncRefusal {
    /// No such supplier; the known ones.
    UnknownSupplier { known: Vec<String> },
    /// A supplier with no price list to read (only Digiflazz has one).
    NoPriceList { supplier: String },
    /// Digiflazz is not configured on this server.
    NotConfigured,
    /// Asked less than [`SYNC_EVERY_MINUTES`] ago: try again in this many minutes.
    TooSoon { minutes: i64 },
    /// The supplier's own limit (Digiflazz rc 83).
    Limited,
    /// Our account refused (a bad signature, an IP not whitelisted).
    Account,
    /// Not reached, or its answer could not be read.
    Unreachable,
    /// Refused for another reason, with its rc and words.
    Refused { rc: String, message: String },
}
