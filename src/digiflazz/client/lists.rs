//! The price list and the PLN inquiry: what they read into.
use serde_json::Value;

use super::{DigiflazzClient, DigiflazzError, MAX_PRICE_LIST_BYTES};
use crate::digiflazz::sign;
use crate::digiflazz::wire::{
    CommandRequest, InquiryPlnData, PriceListItem, lenient_bool, lenient_rupiah, lenient_text,
};

/// One prepaid product as Digiflazz lists it to us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub buyer_sku_code: String,
    pub product_name: String,
    pub category: String,
    pub brand: String,
    /// Our cost, in whole rupiah.
    pub price: i64,
    /// Whether we have it switched on at Digiflazz.
    pub buyer_product_status: bool,
    /// Whether the seller behind it is selling it now.
    pub seller_product_status: bool,
    /// The daily cut-off, `HH:MM` WIB (equal when there is none).
    pub start_cut_off: String,
    pub end_cut_off: String,
}

/// The owner of a PLN meter, as `inquiry-pln` tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlnCustomer {
    pub customer_no: String,
    pub meter_no: String,
    pub subscriber_id: String,
    pub name: String,
    /// Tariff and power, e.g. `R1 /000001300`.
    pub segment_power: String,
}

impl PlnCustomer {
    pub(super) fn from_data(d: &InquiryPlnData) -> Result<Self, DigiflazzError> {
        let text = |v| lenient_text(v).unwrap_or_default();
        let status = text(&d.status);
        if !status.eq_ignore_ascii_case("Sukses") {
            return Err(DigiflazzError::refused(text(&d.rc), text(&d.message)));
        }
        Ok(Self {
            customer_no: text(&d.customer_no),
            meter_no: text(&d.meter_no),
            subscriber_id: text(&d.subscriber_id),
            name: text(&d.name),
            segment_power: text(&d.segment_power),
        })
    }
}

impl DigiflazzClient {
    /// The prepaid price list (`price-list`, `cmd: prepaid`). Digiflazz limits how often it
    /// may be asked (rc 83): keep it and refresh it now and then, not per purchase.
    pub async fn price_list(&self) -> Result<Vec<Product>, DigiflazzError> {
        let s = &self.settings;
        let body = CommandRequest {
            cmd: "prepaid".into(),
            username: s.username.clone(),
            sign: sign::price_list(&s.username, &s.api_key),
        };
        // A list when served, an object with `rc` and `message` when refused.
        let data: Value = self.post("price-list", &body, MAX_PRICE_LIST_BYTES).await?;
        let Value::Array(rows) = data else {
            let field = |k: &str| lenient_text(&data.get(k).cloned()).unwrap_or_default();
            return Err(DigiflazzError::refused(field("rc"), field("message")));
        };
        rows.into_iter()
            .map(|row| {
                let item: PriceListItem = serde_json::from_value(row)
                    .map_err(|e| DigiflazzError::Malformed(e.to_string()))?;
                product(&item)
            })
            .collect()
    }
}

fn product(item: &PriceListItem) -> Result<Product, DigiflazzError> {
    let text = |v| lenient_text(v).unwrap_or_default();
    let sku = text(&item.buyer_sku_code);
    let price = lenient_rupiah(&item.price)
        .ok_or_else(|| DigiflazzError::Malformed(format!("product `{sku}` has no price")))?;
    Ok(Product {
        product_name: text(&item.product_name),
        category: text(&item.category),
        brand: text(&item.brand),
        price,
        buyer_product_status: lenient_bool(&item.buyer_product_status).unwrap_or(false),
        seller_product_status: lenient_bool(&item.seller_product_status).unwrap_or(false),
        start_cut_off: text(&item.start_cut_off),
        end_cut_off: text(&item.end_cut_off),
        buyer_sku_code: sku,
    })
}
