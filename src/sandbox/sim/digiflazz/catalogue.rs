//! The simulator's fixed catalogue, and `cek-saldo`, `price-list` and `inquiry-pln`.
use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::SimDigiflazz;
use super::outcome::{Outcome, outcome_for};
use super::transaction::{answer, fail_or_value, refusal};
use crate::biller::Sign;
use crate::digiflazz::sign;
use crate::digiflazz::wire::{CommandRequest, InquiryPlnRequest};

/// A product the simulator sells: sku, name, category, brand, price, whether the seller is
/// selling it, and its cut-off (`HH:MM` WIB, start and end).
pub struct SimProduct {
    pub sku: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub brand: &'static str,
    pub price: i64,
    pub seller_active: bool,
    pub cut_off: (&'static str, &'static str),
}

pub const CATALOGUE: &[SimProduct] = &[
    SimProduct {
        sku: "tsel5",
        name: "Telkomsel 5.000",
        category: "Pulsa",
        brand: "TELKOMSEL",
        price: 5_250,
        seller_active: true,
        cut_off: ("00:00", "00:00"),
    },
    SimProduct {
        sku: "tsel10",
        name: "Telkomsel 10.000",
        category: "Pulsa",
        brand: "TELKOMSEL",
        price: 10_250,
        seller_active: true,
        cut_off: ("00:00", "00:00"),
    },
    SimProduct {
        sku: "isat10",
        name: "Indosat 10.000",
        category: "Pulsa",
        brand: "INDOSAT",
        price: 10_800,
        seller_active: false,
        cut_off: ("00:00", "00:00"),
    },
    SimProduct {
        sku: "xld10",
        name: "XL Data 10 GB 30 Hari",
        category: "Data",
        brand: "XL",
        price: 51_500,
        seller_active: true,
        cut_off: ("23:45", "00:15"),
    },
    SimProduct {
        sku: "pln20",
        name: "PLN 20.000",
        category: "PLN",
        brand: "PLN",
        price: 20_350,
        seller_active: true,
        cut_off: ("23:00", "01:00"),
    },
];

impl SimDigiflazz {
    /// What `sku` costs now, knobs applied.
    pub(super) fn price_of(&self, sku: &str) -> Option<i64> {
        self.listed(sku).map(|(price, _)| price)
    }
}

/// A signed command's refusal (rc 41, or 45 while the IP knob is on), if any.
fn refused(sim: &SimDigiflazz, username: &str, expected: &Sign, given: &str) -> Option<Response> {
    if username != sim.inner.config.username || !expected.matches(given) {
        return Some(refusal(
            StatusCode::BAD_REQUEST,
            "41",
            "Signature Anda salah",
        ));
    }
    if sim.inner.refuse_ip.load(Ordering::SeqCst) {
        return Some(refusal(
            StatusCode::BAD_REQUEST,
            "45",
            "IP Anda tidak kami kenali",
        ));
    }
    None
}

pub(super) async fn cek_saldo(
    State(sim): State<SimDigiflazz>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(req) = serde_json::from_slice::<CommandRequest<String>>(&body) else {
        return refusal(StatusCode::BAD_REQUEST, "40", "Payload Error");
    };
    let c = &sim.inner.config;
    if let Some(no) = refused(
        &sim,
        &req.username,
        &sign::balance(&c.username, &c.api_key),
        &req.sign,
    ) {
        return no;
    }
    fail_or_value(&sim, json!({"deposit": sim.balance()})).await
}

pub(super) async fn price_list(
    State(sim): State<SimDigiflazz>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(req) = serde_json::from_slice::<CommandRequest<String>>(&body) else {
        return refusal(StatusCode::BAD_REQUEST, "40", "Payload Error");
    };
    sim.record(|j| j.price_lists += 1);
    let c = &sim.inner.config;
    if let Some(no) = refused(
        &sim,
        &req.username,
        &sign::price_list(&c.username, &c.api_key),
        &req.sign,
    ) {
        return no;
    }
    if sim.inner.limit_price_list.load(Ordering::SeqCst) {
        let data = json!({"rc": "83", "message": "Anda sudah melakukan pengecekan harga, \
            silakan coba lagi dalam 5 menit"});
        return answer(StatusCode::OK, data);
    }
    let rows: Vec<Value> = CATALOGUE
        .iter()
        .map(|p| {
            let (price, selling) = sim.listed(p.sku).unwrap_or((p.price, p.seller_active));
            json!({
                "product_name": p.name, "category": p.category, "brand": p.brand, "type": "Umum",
                "seller_name": "SIMULATOR", "price": price, "buyer_sku_code": p.sku,
                "buyer_product_status": true, "seller_product_status": selling,
                "unlimited_stock": true, "stock": 0, "multi": true,
                "start_cut_off": p.cut_off.0, "end_cut_off": p.cut_off.1, "desc": "-",
            })
        })
        .collect();
    fail_or_value(&sim, Value::Array(rows)).await
}

/// A meter ending in 7 is unknown (rc 54, as for a transaction); any other is Budi's. While
/// PLN checks are limited, every one is refused with rc 86.
pub(super) async fn inquiry_pln(
    State(sim): State<SimDigiflazz>,
    body: axum::body::Bytes,
) -> Response {
    let Ok(req) = serde_json::from_slice::<InquiryPlnRequest<String>>(&body) else {
        return refusal(StatusCode::BAD_REQUEST, "40", "Payload Error");
    };
    let c = &sim.inner.config;
    let expected = sign::inquiry_pln(&c.username, &c.api_key, &req.customer_no);
    if let Some(no) = refused(&sim, &req.username, &expected, &req.sign) {
        return no;
    }
    if sim.inner.limit_pln_checks.load(Ordering::SeqCst) {
        let data = json!({"message": "Limitasi pengecekan nomor PLN tercapai", "status": "Gagal",
            "rc": "86", "customer_no": req.customer_no});
        return answer(StatusCode::OK, data);
    }
    if outcome_for(&req.customer_no) == Outcome::GagalCustomer {
        let data = json!({"message": "Nomor Tujuan Salah", "status": "Gagal", "rc": "54",
            "customer_no": req.customer_no});
        return answer(StatusCode::OK, data);
    }
    let data = json!({
        "message": "Transaksi Sukses", "status": "Sukses", "rc": "00",
        "customer_no": req.customer_no, "meter_no": req.customer_no,
        "subscriber_id": "523300817840", "name": "BUDI SANTOSO", "segment_power": "R1 /000001300",
    });
    fail_or_value(&sim, data).await
}
