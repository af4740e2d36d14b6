//! `/cekpln` and the PLN menu's customer check: who a PLN meter belongs to, and why it could
//! not be told.
use super::escape;
use crate::domain::{PlnNumberError, pln_number};

pub const NOT_CONFIGURED: &str = "Cek nomor PLN belum tersedia di toko ini.";

pub fn number_error(e: &PlnNumberError) -> String {
    match e {
        PlnNumberError::NotDigits => {
            "nomor meter PLN hanya boleh berisi angka 0-9 (spasi dan tanda - boleh)".to_owned()
        }
        PlnNumberError::Length(n) => format!(
            "nomor meter PLN {} angka, ID pelanggan {} angka; yang ditulis {n} angka",
            pln_number::METER_DIGITS,
            pln_number::CUSTOMER_ID_DIGITS
        ),
    }
}

pub fn unknown(number: &str) -> String {
    format!(
        "❌ Nomor <code>{}</code> tidak dikenal PLN. Periksa lagi nomor meter atau ID pelanggan.",
        escape(number)
    )
}

pub const LIMITED: &str =
    "⏳ Batas cek nomor PLN sedang tercapai. Coba lagi nanti; pembelian tetap bisa dilakukan.";

pub const UNREACHABLE: &str =
    "⚠️ Cek nomor PLN tidak dapat dihubungi saat ini, coba lagi sebentar.";

/// Our account at Digiflazz was refused (signature, IP whitelist, …): the operator's to fix.
pub const UNAVAILABLE: &str =
    "⚠️ Cek nomor PLN sedang tidak dapat dipakai. Coba lagi nanti atau hubungi admin.";

/// The PLN menu's line when the name could not be checked; the purchase goes on.
pub const NAME_UNCHECKED: &str = "ℹ️ Nama pelanggan PLN tidak dapat dicek.";

/// A PLN customer as `inquiry-pln` tells it.
pub struct Customer<'a> {
    pub name: &'a str,
    pub meter_no: &'a str,
    pub customer_no: &'a str,
    pub subscriber_id: &'a str,
    /// As Digiflazz writes it, e.g. `R1 /000001300`.
    pub segment_power: &'a str,
}

/// `/cekpln`'s answer, and the head of the PLN menu's confirmation.
pub fn customer(c: &Customer<'_>) -> String {
    let meter = if c.meter_no.is_empty() {
        c.customer_no
    } else {
        c.meter_no
    };
    let mut text = format!(
        "⚡ <b>Pelanggan PLN</b>\nNama: <b>{}</b>\nNo. meter: <code>{}</code>",
        escape(c.name),
        escape(meter)
    );
    if !c.subscriber_id.is_empty() && c.subscriber_id != meter {
        text.push_str(&format!(
            "\nID pelanggan: <code>{}</code>",
            escape(c.subscriber_id)
        ));
    }
    text.push_str(&format!(
        "\nTarif/daya: {}",
        escape(&segment_power(c.segment_power))
    ));
    text
}

/// `R1 /000001300` → `R1/1300VA`; anything else as written.
pub fn segment_power(raw: &str) -> String {
    let Some((tariff, power)) = raw.split_once('/') else {
        return raw.trim().to_owned();
    };
    let power = power.trim().trim_end_matches("VA").trim();
    let Ok(va) = power.parse::<u32>() else {
        return raw.trim().to_owned();
    };
    format!("{}/{va}VA", tariff.trim())
}

/// The PLN menu's question, after the customer: buy `code` for `number`?
pub fn confirm(customer_text: &str, code: &str, name: &str, price: &str, number: &str) -> String {
    super::cap(format!(
        "{customer_text}\n\n🛒 Beli <b>{}</b> · {} · <b>{price}</b> ke <code>{}</code>?",
        escape(code),
        escape(name),
        escape(number)
    ))
}

/// The menu once the meter's owner is shown: the question waits below it.
pub fn asked(code: &str, name: &str, price: &str, number: &str) -> String {
    super::cap(format!(
        "⚡ <b>{}</b> · {} · <b>{price}</b> ke <code>{}</code>: periksa nama pelanggan di bawah, lalu tekan \"Ya, beli\".",
        escape(code),
        escape(name),
        escape(number)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn power_reads_as_on_the_bill() {
        assert_eq!(segment_power("R1 /000001300"), "R1/1300VA");
        assert_eq!(segment_power("R1M/900VA"), "R1M/900VA");
        assert_eq!(segment_power("B2"), "B2");
    }
}
