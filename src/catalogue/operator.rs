//! Which operator a mobile number belongs to, from the `operator_prefixes` table.
use sqlx::PgConnection;

/// The four-digit prefix (`0812`) of a mobile number written `0812…`, `62812…` or `+62812…`
/// (spaces and dashes allowed); `None` for anything that is not a mobile number (a PLN meter, an
/// e-wallet id of another shape).
pub fn prefix_of(number: &str) -> Option<String> {
    let digits: String = number
        .trim()
        .trim_start_matches('+')
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let local = match digits.strip_prefix("62") {
        Some(rest) if rest.starts_with('8') => format!("0{rest}"),
        _ => digits,
    };
    // Indonesian mobile numbers are 10 to 13 digits with the leading 0.
    (local.starts_with("08") && (10..=13).contains(&local.len())).then(|| local[..4].to_owned())
}

/// The operator of `number`, when it is a mobile number whose prefix the table knows.
pub async fn operator_of(
    conn: &mut PgConnection,
    number: &str,
) -> Result<Option<String>, sqlx::Error> {
    let Some(prefix) = prefix_of(number) else {
        return Ok(None);
    };
    sqlx::query_scalar("select operator from operator_prefixes where prefix = $1")
        .bind(prefix)
        .fetch_optional(conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::prefix_of;
    use proptest::prelude::*;

    #[test]
    fn the_three_ways_of_writing_a_number_share_one_prefix() {
        for n in [
            "081234567890",
            "6281234567890",
            "+6281234567890",
            "0812-3456-7890",
        ] {
            assert_eq!(prefix_of(n).as_deref(), Some("0812"), "{n}");
        }
        for n in [
            "",
            "12345678901",
            "0812",
            "62",
            "+62",
            "0812x4567890",
            "081234567890123",
        ] {
            assert_eq!(prefix_of(n), None, "{n}");
        }
    }

    proptest! {
        #[test]
        fn local_and_international_forms_agree(rest in "8[0-9]{8,11}") {
            let local = prefix_of(&format!("0{rest}"));
            prop_assert!(local.is_some());
            prop_assert_eq!(&local, &prefix_of(&format!("62{rest}")));
            prop_assert_eq!(&local, &prefix_of(&format!("+62{rest}")));
        }

        #[test]
        fn any_text_is_read_without_panicking(s in "\\PC{0,30}") {
            if let Some(p) = prefix_of(&s) {
                prop_assert!(p.len() == 4 && p.starts_with("08"));
            }
        }
    }
}
