//! `/struk`: what a receipt for the reseller's customer says, drawn as a picture by
//! `crate::receipts`; and an SN laid out in its parts, which the SUKSES message shares.
use chrono::{DateTime, Utc};

use super::{cap, escape};
use crate::domain::{Money, OrderStatus, PlnToken};

/// A receipt's heading when neither `SHOP_NAME` nor Telegram has given the shop a name yet.
pub const SHOP_FALLBACK: &str = "loket";
pub const TITLE: &str = "STRUK PEMBELIAN";
pub const FOOTER: [&str; 2] = [
    "Terima kasih atas pembelian Anda.",
    "Simpan struk ini sebagai bukti pembelian.",
];
pub const NO_PICTURE: &str =
    "Maaf, struk tidak dapat dibuat saat ini. Silakan coba lagi sebentar lagi.";

/// An SN as labelled rows: a PLN token's parts (the token in groups of four), or the SN as it
/// is when it is not one.
pub fn sn_rows(sn: &str) -> Vec<(&'static str, String)> {
    let Some(token) = PlnToken::parse(sn) else {
        return vec![("SN", sn.to_owned())];
    };
    let mut rows = vec![("Token", token.token())];
    rows.extend(token.name.clone().map(|n| ("Nama", n)));
    rows.extend(token.tariff_power().map(|t| ("Tarif/Daya", t)));
    rows.extend(token.kwh.clone().map(|k| ("kWh", k)));
    rows
}

/// The same rows as message lines; the SN or token in `<code>`, so that a tap copies it.
pub fn sn_lines(sn: &str) -> String {
    sn_rows(sn)
        .into_iter()
        .map(|(label, value)| match label {
            "SN" | "Token" => format!("{label}: <code>{}</code>", escape(&value)),
            _ => format!("{label}: {}", escape(&value)),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An SN in one line of a list (`/riwayat`): a PLN token by its grouped digits alone, any
/// other SN as it is.
pub fn sn_short(sn: &str) -> String {
    match PlnToken::parse(sn) {
        Some(token) => format!("Token <code>{}</code>", token.token()),
        None => format!("SN <code>{}</code>", escape(sn)),
    }
}

/// What a receipt shows. Never the reseller's own price: only the selling price they give.
pub struct ReceiptFacts<'a> {
    pub shop: &'a str,
    pub at: DateTime<Utc>,
    pub product_name: &'a str,
    pub destination: &'a str,
    pub sn: Option<&'a str>,
    pub trxid: &'a str,
    pub selling_price: Option<Money>,
}

/// A receipt as lines of plain text, top to bottom, for the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptText {
    pub shop: String,
    pub title: &'static str,
    pub rows: Vec<(&'static str, String)>,
    /// The selling price, large, when the reseller gave one.
    pub total: Option<(&'static str, String)>,
    pub footer: [&'static str; 2],
}

pub fn receipt(f: &ReceiptFacts) -> ReceiptText {
    let at = (f.at + chrono::Duration::hours(7)).format("%d/%m/%Y %H:%M WIB");
    let mut rows = vec![
        ("Tanggal", at.to_string()),
        ("Produk", f.product_name.to_owned()),
        ("Tujuan", f.destination.to_owned()),
    ];
    match f.sn {
        Some(sn) => rows.extend(sn_rows(sn)),
        None => rows.push(("SN", "-".to_owned())),
    }
    rows.push(("ID Transaksi", f.trxid.to_owned()));
    rows.push(("Status", "SUKSES".to_owned()));
    ReceiptText {
        shop: f.shop.to_owned(),
        title: TITLE,
        rows,
        total: f.selling_price.map(|p| ("TOTAL BAYAR", p.to_string())),
        footer: FOOTER,
    }
}

/// Under the picture, for the reseller: what it is, and the token to copy.
pub fn caption(f: &ReceiptFacts) -> String {
    let mut out = format!(
        "🧾 Struk <b>{}</b> ke <code>{}</code>\nID transaksi: <code>{}</code>",
        escape(f.product_name),
        escape(f.destination),
        f.trxid,
    );
    if let Some(token) = f.sn.and_then(PlnToken::parse) {
        out.push_str(&format!("\nToken: <code>{}</code>", token.token()));
    }
    match f.selling_price {
        Some(price) => out.push_str(&format!("\nHarga jual: {price}")),
        None => out.push_str(&format!(
            "\nTanpa harga. Dengan harga jual: /struk {} 25rb",
            f.trxid
        )),
    }
    out.push_str("\nTeruskan gambar ini ke pelanggan Anda.");
    cap(out)
}

/// An order not (or no longer) delivered has no receipt.
pub fn not_success(trxid: &str, status: OrderStatus) -> String {
    format!(
        "Struk hanya untuk transaksi SUKSES. Transaksi <code>{trxid}</code> berstatus {}.",
        super::bot::status_label(status)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(sn: Option<&str>, price: Option<Money>) -> ReceiptFacts<'_> {
        ReceiptFacts {
            shop: "Toko Maju",
            at: DateTime::from_timestamp(1_796_464_800, 0).unwrap(),
            product_name: "Token PLN 20.000",
            destination: "532100012340",
            sn,
            trxid: "26120514000000000001",
            selling_price: price,
        }
    }

    #[test]
    fn a_pln_receipt_shows_the_token_in_groups_and_its_parts() {
        let sn = "12345678901234567890/NAMA PELANGGAN/R1/1300VA/12.5";
        let text = receipt(&facts(Some(sn), Some(Money::from_rupiah(25_000))));
        let rows: Vec<(&str, &str)> = text.rows.iter().map(|(l, v)| (*l, v.as_str())).collect();
        assert_eq!(
            rows,
            [
                ("Tanggal", "05/12/2026 17:00 WIB"),
                ("Produk", "Token PLN 20.000"),
                ("Tujuan", "532100012340"),
                ("Token", "1234-5678-9012-3456-7890"),
                ("Nama", "NAMA PELANGGAN"),
                ("Tarif/Daya", "R1/1300VA"),
                ("kWh", "12.5"),
                ("ID Transaksi", "26120514000000000001"),
                ("Status", "SUKSES"),
            ]
        );
        assert_eq!(text.total, Some(("TOTAL BAYAR", "Rp25.000".to_owned())));
    }

    #[test]
    fn without_a_selling_price_there_is_no_price_at_all() {
        let text = receipt(&facts(Some("0041002345678901"), None));
        assert_eq!(text.total, None);
        assert!(text.rows.iter().all(|(_, v)| !v.contains("Rp")), "{text:?}");
        assert!(text.rows.contains(&("SN", "0041002345678901".to_owned())));
    }

    #[test]
    fn an_sn_that_is_not_a_token_is_one_line_as_it_is() {
        assert_eq!(sn_lines("0041<002>"), "SN: <code>0041&lt;002&gt;</code>");
        assert_eq!(
            sn_lines("1234-5678-9012-3456-7890/SIM PELANGGAN/R1/900VA"),
            "Token: <code>1234-5678-9012-3456-7890</code>\nNama: SIM PELANGGAN\nTarif/Daya: R1/900VA"
        );
    }
}
