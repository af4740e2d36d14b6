//! The catalogue through the chat: the formats resellers type, gangguan, closed hours, the
//! operator of a number, and buying through menus.
mod formats;
mod menus;
mod rules;
