//! Digiflazz in `loket check`: its `cek-saldo` is harmless, so it is asked for real, which
//! proves the username, the key (through the sign) and this server's IP whitelist at once.
use super::{fail, pass};
use crate::config::Settings;
use crate::digiflazz::DigiflazzClient;
use crate::domain::Money;

/// Whether Digiflazz passed; not configured is not a failure (loket runs without it).
pub(super) async fn check_digiflazz(settings: &Settings) -> bool {
    let Some(digiflazz) = &settings.digiflazz else {
        println!(
            "skip  digiflazz: not configured (no DIGIFLAZZ_* set): /cekpln and the PLN menu's name check are off"
        );
        return true;
    };
    let client = DigiflazzClient::new(digiflazz);
    match client.balance().await {
        Ok(deposit) => {
            pass(
                "digiflazz",
                format!(
                    "{} as {}, deposit {}",
                    digiflazz.url,
                    digiflazz.username,
                    Money::from_rupiah(deposit)
                ),
            );
            true
        }
        Err(e) => {
            // The Display says what to fix and holds no secret.
            fail("digiflazz", format!("{}: {e}", digiflazz.url));
            false
        }
    }
}
