//! The catalogue through the chat: the formats resellers type, gangguan, closed hours, and the
//! operator of a number.
mod formats;
mod rules;
