//! The catalogue through the chat: the formats resellers type, gangguan, closed hours, the
//! operator of a number, and CSV files in and `/produk csv` out.
mod formats;
mod import;
mod rules;
