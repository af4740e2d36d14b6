//! Why something a person typed was refused, said so they can fix it. The domain types refuse
//! with typed errors; this is how those errors read. Each message names the limit the code
//! enforces, and the tests below keep the two in step.
use crate::domain::{DestinationError, MoneyError, ProductCodeError};

pub fn destination(e: &DestinationError) -> &'static str {
    match e {
        DestinationError::Empty => "nomor tujuan kosong",
        DestinationError::NotDigits => "nomor tujuan hanya boleh berisi angka 0-9",
        DestinationError::TooShort => "nomor tujuan terlalu pendek (minimal 6 angka)",
        DestinationError::TooLong => "nomor tujuan terlalu panjang (maksimal 20 angka)",
    }
}

pub fn product_code(e: &ProductCodeError) -> &'static str {
    match e {
        ProductCodeError::Empty => "kode produk kosong",
        ProductCodeError::TooLong => "kode produk terlalu panjang (maksimal 20 karakter)",
        ProductCodeError::BadCharacter => {
            "kode produk hanya boleh berisi huruf, angka, '_' atau '-'"
        }
    }
}

pub fn money(e: &MoneyError) -> &'static str {
    match e {
        MoneyError::Empty => "jumlah kosong",
        MoneyError::NotANumber => "jumlah harus berupa angka 0-9, contoh: 50000, 50.000 atau 50rb",
        MoneyError::NotPositive => "jumlah harus lebih dari nol",
        MoneyError::TooLarge => "jumlah terlalu besar (maksimal Rp1.000.000.000.000)",
    }
}

/// Arguments longer than any command needs.
pub fn command_too_long(max_chars: usize) -> String {
    format!("teks perintah terlalu panjang (maksimal {max_chars} karakter)")
}

pub fn product_name_too_long(max_chars: usize) -> String {
    format!("nama produk maksimal {max_chars} karakter")
}

pub fn sn_too_long(max_chars: usize) -> String {
    format!("SN maksimal {max_chars} karakter")
}

pub const GROUP_NAME: &str = "nama kategori, brand atau operator satu kata: huruf, angka, titik, - atau _, maksimal 24; contoh: E-Money";
pub const CUTOFF: &str = "jam tutup ditulis JAM:MENIT-JAM:MENIT (WIB), contoh: 23:30-00:30";

pub const PAGE_NOT_A_NUMBER: &str = "halaman harus nomor, contoh: /pending 2";
pub const SN_REQUIRED: &str = "SN wajib diisi untuk sukses";
pub const SUCCESS_OR_FAILED: &str = "pilih sukses atau gagal";
pub const USER_ID: &str = "user_id harus angka ID Telegram (lihat /pengguna)";
pub const ONE_USER_ID: &str = "tulis satu user_id saja";
pub const STATEMENT_WORDS: &str =
    "yang bisa ditulis hanya user_id dan xlsx, contoh: /mutasi 123456 xlsx";
pub const OUTBOX_ID: &str = "id harus angka dari /gagalkirim";
pub const TICKET_ID: &str = "nomor tiket harus angka, lihat /tiket";
pub const REASON_REQUIRED: &str = "tulis alasannya, contoh: /tolak 12 dana belum masuk";
pub fn reason_too_long(max_chars: usize) -> String {
    format!("alasan maksimal {max_chars} karakter")
}
pub const BANK_ACCOUNT_ID: &str = "no rekening harus angka dari daftar /rekening";
pub const TRXID: &str = "trxid harus 20 angka 0-9, lihat /riwayat";
pub const REFUND_AMOUNT: &str = "tulis penuh, atau jumlah dari Rp1 sampai harga transaksi";
pub const REFUND_REASON: &str =
    "tulis alasannya, contoh: /refund 26120512345678901234 penuh salah nominal";

pub const COMPLAINT_NUMBER: &str = "nomor komplain harus angka, lihat /komplain";

/// `/struk`'s price for the customer that is not an amount.
pub fn selling_price(e: &MoneyError) -> String {
    format!("harga jual untuk pelanggan: {}", money(e))
}

pub const LEVEL_NAME: &str = "nama level hanya huruf kecil, angka, - atau _, maksimal 20, dan bukan angka saja; contoh: agen";
pub const MARKUP: &str = "markup berupa rupiah (contoh 500 atau 1rb) atau persen (contoh 2% atau 2,5%), atau - untuk harga jual biasa";

pub fn price_below_cost(price: crate::domain::Money, cost: crate::domain::Money) -> String {
    format!(
        "harga jual {price} di bawah modal {cost}; urutannya /produk <kode> <modal> <harga> <nama>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Destination, Money, ProductCode};

    #[test]
    fn the_limit_named_in_the_message_is_the_limit() {
        let shown = Money::MAX_INPUT.to_string();
        assert!(money(&MoneyError::TooLarge).contains(&shown), "{shown}");
        let min = format!("minimal {} angka", Destination::MIN_DIGITS);
        assert!(destination(&DestinationError::TooShort).contains(&min));
        let max = format!("maksimal {} angka", Destination::MAX_DIGITS);
        assert!(destination(&DestinationError::TooLong).contains(&max));
        let max = format!("maksimal {} karakter", ProductCode::MAX_LEN);
        assert!(product_code(&ProductCodeError::TooLong).contains(&max));
    }
}
