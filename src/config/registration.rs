//! Who may buy after their first message, and whom they are told to contact.
use super::ConfigError;
use super::env::{Source, err};
use crate::domain::{Registration, SupportContact};

/// `REGISTRATION`: `open` (the default) or `approval`.
pub(super) fn registration<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
) -> Result<Registration, ConfigError> {
    const VAR: &str = "REGISTRATION";
    let Some(raw) = src.get(VAR) else {
        return Ok(Registration::Open);
    };
    Registration::parse(&raw)
        .ok_or_else(|| err(VAR, format!("must be `open` or `approval`, got `{raw}`")))
}

/// `SUPPORT_CONTACT`: unset, or an `@username`, `https://wa.me/…` or `https://t.me/…`.
pub(super) fn support_contact<F: Fn(&str) -> Option<String>>(
    src: &Source<F>,
) -> Result<Option<SupportContact>, ConfigError> {
    const VAR: &str = "SUPPORT_CONTACT";
    src.get(VAR)
        .map(|raw| SupportContact::parse(&raw).map_err(|problem| err(VAR, problem)))
        .transpose()
}
