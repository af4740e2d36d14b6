//! The one table classifying Digiflazz's `(status, rc)` into a verdict, after Digiflazz's
//! "Response Code" page (developer.digiflazz.com/api/buyer/response-code). The status decides
//! first: `Sukses` is a success and `Pending` pending whatever the rc says; only a `Gagal` is
//! classified by its rc, and an rc the table does not know is a general failure. A status that
//! is none of the three is no verdict at all: the caller treats the answer as unknown and the
//! customer's money stays held.

/// What an answer means for the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Success,
    Pending,
    Failed(FailClass),
}

/// Why a `Gagal` failed, which says whether another supplier could still sell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailClass {
    /// The product: unavailable, inactive, out of stock, disrupted, in its cut-off, or priced
    /// above our `max_price`.
    Product,
    /// The seller behind Digiflazz is failing or unavailable.
    Seller,
    /// Our account at Digiflazz: balance, block, signature, IP whitelist, verification.
    Account,
    /// The customer's input: a wrong, blocked or unknown number, a wrong meter, a limit reached.
    Customer,
    /// Anything else that is final.
    General,
}

impl FailClass {
    /// Whether another supplier may be tried: only when the failure was this supplier's, never
    /// when the customer's input was wrong (it would fail everywhere) or the cause is unclear.
    pub fn fails_over(self) -> bool {
        matches!(self, Self::Product | Self::Seller | Self::Account)
    }
}

use FailClass::{Account, Customer, General, Product, Seller};

/// Every `Gagal` rc Digiflazz documents, its meaning as Digiflazz words it, and its class.
pub const GAGAL: &[(&str, &str, FailClass)] = &[
    ("01", "Timeout", Seller),
    ("02", "Transaksi Gagal", General),
    ("40", "Payload Error", General),
    ("41", "Signature tidak valid", Account),
    ("42", "Gagal memproses API Buyer (username)", Account),
    ("43", "SKU tidak di temukan atau Non-Aktif", Product),
    ("44", "Saldo tidak cukup", Account),
    ("45", "IP Anda tidak kami kenali", Account),
    ("47", "Transaksi sudah terjadi di buyer lain", General),
    ("49", "Ref ID tidak unik", General),
    ("50", "Transaksi Tidak Ditemukan", General),
    ("51", "Nomor Tujuan Diblokir", Customer),
    ("52", "Prefix Tidak Sesuai Dengan Operator", Customer),
    ("53", "Produk Seller Sedang Tidak Tersedia", Product),
    ("54", "Nomor Tujuan Salah", Customer),
    ("55", "Produk Sedang Gangguan", Product),
    ("56", "Limit saldo seller", Seller),
    ("57", "Jumlah Digit Kurang Atau Lebih", Customer),
    ("58", "Sedang Cut Off", Product),
    ("59", "Tujuan di Luar Wilayah/Cluster", Customer),
    ("60", "Tagihan belum tersedia", Customer),
    ("61", "Belum pernah melakukan deposit", Account),
    ("62", "Seller sedang mengalami gangguan", Seller),
    ("63", "Tidak support transaksi multi", Seller),
    ("64", "Tarik tiket gagal", General),
    ("65", "Limit transaksi multi", Seller),
    ("66", "Cut Off (Perbaikan Sistem Seller)", Product),
    ("67", "Seller belum ter-verifikasi", Seller),
    ("68", "Stok habis", Product),
    (
        "69",
        "Harga seller lebih besar dari ketentuan harga Buyer",
        Product,
    ),
    ("70", "Timeout Dari Biller", Seller),
    ("71", "Produk Sedang Tidak Stabil", Product),
    ("72", "Lakukan Unreg Paket Dahulu", Customer),
    ("73", "Kwh Melebihi Batas", Customer),
    ("74", "Transaksi Refund", General),
    ("80", "Akun Anda telah diblokir oleh Seller", Account),
    ("81", "Seller ini telah diblokir oleh Anda", Account),
    ("82", "Akun Anda belum ter-verifikasi", Account),
    ("83", "Limitasi pengecekan pricelist tercapai", General),
    ("84", "Nominal tidak valid", Customer),
    ("85", "Limitasi transaksi tercapai", Customer),
    ("86", "Limitasi pengecekan nomor PLN tercapai", General),
    ("87", "Transaksi E-money wajib kelipatan Rp 1.000", Customer),
    ("88", "Akun Anda tidak dapat melakukan aksi ini", Account),
];

/// The verdict on an answer's `status` and `rc`; `None` for a status Digiflazz does not
/// document (money stays held). Statuses are matched without regard to case or padding.
pub fn classify(status: &str, rc: &str) -> Option<Verdict> {
    let status = status.trim();
    if status.eq_ignore_ascii_case("Sukses") {
        return Some(Verdict::Success);
    }
    if status.eq_ignore_ascii_case("Pending") {
        return Some(Verdict::Pending);
    }
    if !status.eq_ignore_ascii_case("Gagal") {
        return None;
    }
    let class = GAGAL
        .iter()
        .find(|(code, _, _)| *code == rc.trim())
        .map_or(General, |(_, _, class)| *class);
    Some(Verdict::Failed(class))
}

#[cfg(test)]
mod tests;
