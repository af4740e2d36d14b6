//! Settings loaded from a map that stands in for the environment.
use std::collections::HashMap;

use super::*;

mod deposits;
mod digiflazz;
mod loading;
mod network;
mod reports;
mod shop;

fn valid() -> HashMap<&'static str, String> {
    HashMap::from([
        ("DATABASE_URL", "postgres://loket@localhost/loket".into()),
        ("TELOXIDE_TOKEN", "123456:AAbbCCddEEffGGhhIIjjKK".into()),
        ("BILLER_URL", "https://supplier.example/".into()),
        ("BILLER_USER", "usertesting".into()),
        ("BILLER_PASSWORD", "hunter2-supplier".into()),
        ("CALLBACK_TOKEN", "0123456789abcdef0123456789abcdef".into()),
        ("ADMIN_IDS", "111, 222".into()),
    ])
}

fn load(vars: &HashMap<&'static str, String>) -> Result<Settings, ConfigError> {
    Settings::from_source(&Source(|k| vars.get(k).cloned()))
}

fn error_for(var: &'static str, value: &str) -> ConfigError {
    let mut vars = valid();
    vars.insert(var, value.into());
    load(&vars).expect_err(&format!("{var}={value} should be refused"))
}
