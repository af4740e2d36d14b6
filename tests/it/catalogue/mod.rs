//! The catalogue through the fake Telegram: CSV files in, `/produk csv` out.
mod import;
