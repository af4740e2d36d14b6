//! Digiflazz's signs: `md5(username + apiKey + <suffix>)`, each the biller's [`Sign`] (the same
//! thing, so the same type: redacted in Debug, compared in constant time).
use secrecy::{ExposeSecret, SecretString};

pub use crate::biller::Sign;

/// `/transaction`: the suffix is our `ref_id`.
pub fn transaction(username: &str, api_key: &SecretString, ref_id: &str) -> Sign {
    Sign::md5_of(&[username, api_key.expose_secret(), ref_id])
}

/// `/cek-saldo`: the suffix is the word `depo`.
pub fn balance(username: &str, api_key: &SecretString) -> Sign {
    Sign::md5_of(&[username, api_key.expose_secret(), "depo"])
}

/// `/price-list`: the suffix is the word `pricelist`.
pub fn price_list(username: &str, api_key: &SecretString) -> Sign {
    Sign::md5_of(&[username, api_key.expose_secret(), "pricelist"])
}

/// `/inquiry-pln`: the suffix is the meter number asked about.
pub fn inquiry_pln(username: &str, api_key: &SecretString, customer_no: &str) -> Sign {
    Sign::md5_of(&[username, api_key.expose_secret(), customer_no])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sign_is_md5_of_username_key_and_its_suffix() {
        let key = SecretString::from("kunci");
        // md5 of each concatenation, computed independently (`printf %s budikunciref1 | md5sum`).
        let cases = [
            (
                transaction("budi", &key, "ref1"),
                "e29d897b6267cde39af439646845628c",
            ),
            (balance("budi", &key), "057d3c0e065e3dbb75b5ca4224c1d8d7"),
            (price_list("budi", &key), "6c77457f9aa929e6ceee2ec193d64332"),
            (
                inquiry_pln("budi", &key, "123"),
                "d05492ab53e6804839135d24eced9a8f",
            ),
        ];
        for (sign, hex) in cases {
            assert!(sign.matches(hex), "{hex}");
            assert_eq!(format!("{sign:?}"), "Sign([redacted])");
        }
    }
}
