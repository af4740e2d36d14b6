//! Admins keeping the catalogue: products and their prices (`/produk`, `/aktif`,
//! `/nonaktif`), price levels (`/level`), categories and brands (`/kategori`, `/brand`,
//! `/kelompok`), gangguan (`/gangguan`, `/normal`), the catalogue as a file (`/produk csv`) and
//! a supplier's price list into the routes (`/produk sync`);
//! their argument parsers are named in the command table. A CSV file sent back is [`super::import`].
pub(super) mod export;
pub(in crate::bot) mod group_args;
pub(super) mod groups;
pub(super) mod levels;
pub(in crate::bot) mod product_args;
pub(super) mod products;
pub(in crate::bot) mod sync;
