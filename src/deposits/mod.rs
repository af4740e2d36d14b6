//! Deposits: resellers funding their own balance.
pub mod qr_image;
pub mod qris;
