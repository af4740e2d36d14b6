//! Placeholder until the QRIS module lands.
#[derive(Debug, Clone)]
pub struct StaticQris(String);

#[derive(Debug, thiserror::Error)]
#[error("invalid QRIS")]
pub struct QrisError;

impl StaticQris {
    pub fn parse(payload: &str) -> Result<Self, QrisError> {
        Ok(Self(payload.to_owned()))
    }
    pub fn for_amount(&self, _rupiah: i64) -> String {
        self.0.clone()
    }
}
