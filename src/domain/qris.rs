//! QRIS payloads: the merchant's static code checked once, and a dynamic one for an exact
//! amount made from it.
//!
//! QRIS is EMVCo's merchant-presented QR: fields of a 2-digit tag, a 2-digit length and the
//! value, ending in field 63, a CRC16-CCITT-FALSE of everything before its 4 hex digits. A
//! banking app reading a dynamic code fills in field 54 as the amount to pay and does not let
//! the payer change it, so a deposit ticket's exact amount (nominal plus kode unik) arrives as
//! asked.

/// Why a string is not a merchant's static QRIS. Each says what is wrong in words an operator
/// who copied the payload can act on; they read after the variable's name in a config error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrisError {
    #[error("is empty; set it to the text encoded in the merchant's QRIS sticker")]
    Empty,
    #[error(
        "is not a QRIS payload: at character {at} a field should start with a 2-digit tag and \
         a 2-digit length"
    )]
    NotTlv { at: usize },
    #[error(
        "is cut short: field {tag} at character {at} declares {declared} characters but only \
         {left} follow"
    )]
    Truncated {
        tag: String,
        at: usize,
        declared: usize,
        left: usize,
    },
    #[error("does not start with 000201 (the payload format indicator every QRIS begins with)")]
    NoFormatIndicator,
    #[error("does not end with the CRC field 63 (6304 followed by 4 hex digits)")]
    MissingCrc,
    #[error("has a CRC field that is not 4 hex digits: {0:?}")]
    CrcNotHex(String),
    #[error(
        "fails its checksum (the CRC says {stated}, the payload gives {computed}): it was \
         changed or copied incompletely"
    )]
    BadCrc { stated: String, computed: String },
    #[error("has no field 01 (point of initiation method, 11 for a static QRIS)")]
    NoInitiationMethod,
    #[error("has field 01 = {0:?}; a QRIS has 11 (static) or 12 (dynamic) there")]
    BadInitiationMethod(String),
    #[error(
        "already carries an amount (field 54 = {0:?}); use the merchant's static QRIS, which \
         has none"
    )]
    HasAmount(String),
}

/// A merchant's QRIS whose structure and checksum were verified, without an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticQris(String);

/// One top-level field: its tag and the exact text it occupies, header included.
struct Field<'a> {
    tag: &'a str,
    value: &'a str,
    whole: &'a str,
}

impl StaticQris {
    pub fn parse(payload: &str) -> Result<StaticQris, QrisError> {
        let payload = payload.trim();
        if payload.is_empty() {
            return Err(QrisError::Empty);
        }
        let fields = fields(payload).collect::<Result<Vec<_>, _>>()?;
        if !payload.starts_with("000201") {
            return Err(QrisError::NoFormatIndicator);
        }
        let crc = match fields.last() {
            Some(last) if last.tag == "63" && last.value.len() == 4 => last.value,
            _ => return Err(QrisError::MissingCrc),
        };
        let stated = u16::from_str_radix(crc, 16)
            .ok()
            .filter(|_| crc.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| QrisError::CrcNotHex(crc.to_owned()))?;
        let signed = &payload[..payload.len() - 4];
        let computed = crc16(signed.as_bytes());
        if stated != computed {
            return Err(QrisError::BadCrc {
                stated: crc.to_ascii_uppercase(),
                computed: format!("{computed:04X}"),
            });
        }
        let method = fields
            .iter()
            .find(|f| f.tag == "01")
            .ok_or(QrisError::NoInitiationMethod)?;
        if !matches!(method.value, "11" | "12") {
            return Err(QrisError::BadInitiationMethod(method.value.to_owned()));
        }
        if let Some(amount) = fields.iter().find(|f| f.tag == "54") {
            return Err(QrisError::HasAmount(amount.value.to_owned()));
        }
        Ok(StaticQris(payload.to_owned()))
    }

    /// The payload as the merchant's sticker encodes it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The dynamic QRIS asking exactly `rupiah` (positive, as a ticket's amount always is):
    /// field 01 becomes 12, field 54 holds the amount in plain digits, placed in tag order, and
    /// the CRC is recomputed. Every other field is kept byte for byte.
    pub fn for_amount(&self, rupiah: i64) -> String {
        let amount = rupiah.to_string();
        let amount_field = format!("54{:02}{amount}", amount.len());
        let mut out = String::with_capacity(self.0.len() + amount_field.len());
        let mut placed = false;
        // `parse` accepted only payloads whose every field reads, so none is skipped here.
        for field in fields(&self.0).filter_map(Result::ok) {
            if field.tag == "63" {
                continue;
            }
            if !placed && field.tag > "54" {
                out.push_str(&amount_field);
                placed = true;
            }
            match field.tag {
                "01" => out.push_str("010212"),
                _ => out.push_str(field.whole),
            }
        }
        if !placed {
            out.push_str(&amount_field);
        }
        out.push_str("6304");
        let crc = crc16(out.as_bytes());
        out.push_str(&format!("{crc:04X}"));
        out
    }
}

/// CRC16-CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final xor.
pub fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// The top-level fields in order; an error ends the walk where the structure breaks.
fn fields(payload: &str) -> impl Iterator<Item = Result<Field<'_>, QrisError>> {
    let mut at = 0;
    let mut broken = false;
    std::iter::from_fn(move || {
        if broken || at >= payload.len() {
            return None;
        }
        let field = field_at(payload, at);
        match &field {
            Ok(field) => at += field.whole.len(),
            Err(_) => broken = true,
        }
        Some(field)
    })
}

fn field_at(payload: &str, at: usize) -> Result<Field<'_>, QrisError> {
    let header = payload
        .get(at..at + 4)
        .filter(|h| h.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(QrisError::NotTlv { at })?;
    let (tag, declared) = header.split_at(2);
    let declared: usize = declared.parse().map_err(|_| QrisError::NotTlv { at })?;
    let start = at + 4;
    let left = payload.len() - start;
    // A length that ends inside a multi-byte character is as broken as one past the end.
    let value = payload
        .get(start..start + declared)
        .ok_or_else(|| QrisError::Truncated {
            tag: tag.to_owned(),
            at,
            declared,
            left,
        })?;
    Ok(Field {
        tag,
        value,
        whole: &payload[at..start + declared],
    })
}

#[cfg(test)]
pub(crate) mod tests;
