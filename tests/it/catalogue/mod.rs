//! The catalogue through the chat: the formats resellers type, gangguan, closed hours, the
//! operator of a number, buying through menus, and CSV files in and `/produk csv` out.
mod formats;
mod import;
mod menus;
mod rules;
