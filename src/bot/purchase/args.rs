//! The arguments of `/beli` and `/ulang`. Each parser is named in its row of the command table;
//! purchases typed as lines are read by `commands::lines`.
use crate::bot::commands::ResellerCommand as C;
use crate::bot::commands::args::{Parsed, count, invalid};
use crate::domain::{Destination, ProductCode};
use crate::text::errors as why;

/// `/beli` alone opens the menu; otherwise a code and a destination.
pub(in crate::bot) fn buy(words: &[&str]) -> Parsed<C> {
    if words.is_empty() {
        return Ok(C::BuyMenu);
    }
    count(words, 2)?;
    Ok(C::Buy {
        product: ProductCode::parse(words[0]).map_err(|e| invalid(why::product_code(&e)))?,
        destination: Destination::parse(words[1]).map_err(|e| invalid(why::destination(&e)))?,
    })
}

pub(in crate::bot) fn repeat_last(words: &[&str]) -> Parsed<C> {
    count(words, 0)?;
    Ok(C::RepeatLast)
}
