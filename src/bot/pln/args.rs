//! The argument of `/cekpln`: a meter number or customer id, digits grouped or not.
use crate::bot::commands::ResellerCommand as C;
use crate::bot::commands::args::{Parsed, invalid};
use crate::domain::PlnNumber;
use crate::text::pln as say;

/// `/cekpln 142 3456 7890` is one number written in groups, as printed on the meter.
pub(in crate::bot) fn check_pln(words: &[&str]) -> Parsed<C> {
    if words.is_empty() {
        return Err(None);
    }
    let number = PlnNumber::parse(&words.join("")).map_err(|e| invalid(say::number_error(&e)))?;
    Ok(C::CheckPln { number })
}
