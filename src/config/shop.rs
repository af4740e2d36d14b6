//! `SHOP_NAME`: who greets at /start and the name receipts (`/struk`) are headed with; unset
//! (or empty), the bot's own name.
use super::ConfigError;
use super::env::{Source, err};

/// Longer would not fit a receipt's heading in two lines.
pub const MAX_SHOP_NAME_CHARS: usize = 40;

pub(super) fn shop_name<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
) -> Result<Option<String>, ConfigError> {
    let Some(name) = src.get("SHOP_NAME") else {
        return Ok(None);
    };
    if name.chars().count() > MAX_SHOP_NAME_CHARS {
        return Err(err(
            "SHOP_NAME",
            format!("must be at most {MAX_SHOP_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(err("SHOP_NAME", "must be one line of text"));
    }
    Ok(Some(name))
}
