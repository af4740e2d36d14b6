//! The callback data of menu buttons: `mn:<menu>:<version>:<action>`, where `<menu>` is the
//! reseller's message that opened the menu and `<version>` the step the button was drawn for.
//! Every number is plain decimal; even at their largest (`mn:` + 19 + `:` + 10 + `:` + 1 + 19)
//! they fit Telegram's 64 bytes. A category or brand of 0 is "Lainnya": the products of no
//! category, or of no brand.

/// What a menu button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A category, or 0 for "Lainnya".
    Category(i64),
    /// A brand in the category shown, or 0 for "Lainnya".
    Brand(i64),
    /// A page of the products, from 1.
    Page(u16),
    /// The product at this place on the page shown.
    Product(u8),
    Back,
    Close,
}

/// A press on a menu button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuPress {
    pub menu: i64,
    pub version: i32,
    pub action: Action,
}

const PREFIX: &str = "mn:";

pub fn encode(press: MenuPress) -> String {
    let action = match press.action {
        Action::Category(id) => format!("c{id}"),
        Action::Brand(id) => format!("b{id}"),
        Action::Page(page) => format!("g{page}"),
        Action::Product(at) => format!("p{at}"),
        Action::Back => "k".into(),
        Action::Close => "x".into(),
    };
    format!("{PREFIX}{}:{}:{action}", press.menu, press.version)
}

/// Whether callback data is meant for a menu at all (its format may still be wrong).
pub fn is_menu(data: &str) -> bool {
    data.starts_with(PREFIX)
}

/// Reads callback data back; anything malformed is `None`.
pub fn parse(data: &str) -> Option<MenuPress> {
    let mut parts = data.strip_prefix(PREFIX)?.split(':');
    let menu = number::<i64>(parts.next()?).filter(|m| *m > 0)?;
    let version = number::<i32>(parts.next()?)?;
    let action = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    let (kind, arg) = action.split_at(
        action
            .char_indices()
            .nth(1)
            .map_or(action.len(), |(i, _)| i),
    );
    let action = match (kind, arg) {
        ("c", id) => Action::Category(number(id)?),
        ("b", id) => Action::Brand(number(id)?),
        ("g", page) => Action::Page(number(page).filter(|p| *p > 0)?),
        ("p", at) => Action::Product(number(at)?),
        ("k", "") => Action::Back,
        ("x", "") => Action::Close,
        _ => return None,
    };
    Some(MenuPress {
        menu,
        version,
        action,
    })
}

/// A non-negative number written plainly: digits only, no sign, no leading zero.
fn number<T: std::str::FromStr>(s: &str) -> Option<T> {
    let plain =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    plain.then(|| s.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            (0..=i64::MAX).prop_map(Action::Category),
            (0..=i64::MAX).prop_map(Action::Brand),
            (1..=u16::MAX).prop_map(Action::Page),
            any::<u8>().prop_map(Action::Product),
            Just(Action::Back),
            Just(Action::Close),
        ]
    }

    fn press() -> impl Strategy<Value = MenuPress> {
        (1..=i64::MAX, 0..=i32::MAX, action()).prop_map(|(menu, version, action)| MenuPress {
            menu,
            version,
            action,
        })
    }

    #[test]
    fn the_largest_press_fits_in_64_bytes() {
        let widest = MenuPress {
            menu: i64::MAX,
            version: i32::MAX,
            action: Action::Category(i64::MAX),
        };
        let data = encode(widest);
        assert!(data.len() <= 64, "{} bytes: {data}", data.len());
        assert_eq!(parse(&data), Some(widest));
    }

    #[test]
    fn lainnya_is_category_and_brand_zero() {
        for (data, action) in [
            ("mn:5:2:c0", Action::Category(0)),
            ("mn:5:2:b0", Action::Brand(0)),
        ] {
            let press = parse(data).expect(data);
            assert_eq!(press.action, action);
            assert_eq!(encode(press), data);
        }
    }

    #[test]
    fn made_up_data_is_no_press() {
        for data in [
            "",
            "mn:",
            "mn:1:0",
            "mn:1:0:",
            "mn:0:0:k",
            "mn:-1:0:k",
            "mn:1:-1:k",
            "mn:1:0:k1",
            "mn:1:0:x:",
            "mn:1:0:c00",
            "mn:1:0:b01",
            "mn:1:0:c",
            "mn:1:0:c-5",
            "mn:1:0:c+5",
            "mn:1:0:g0",
            "mn:1:0:g65536",
            "mn:1:0:p256",
            "mn:01:0:k",
            "mn:1:00:k",
            "mn:1:0:z1",
            "mn:1:0:é1",
            "mn:9223372036854775808:0:k",
            "beli:1:ya",
            "MN:1:0:k",
        ] {
            assert_eq!(parse(data), None, "{data:?}");
        }
    }

    proptest! {
        #[test]
        fn every_press_reads_back_and_fits(press in press()) {
            let data = encode(press);
            prop_assert!(data.len() <= 64, "{} bytes: {}", data.len(), data);
            prop_assert!(is_menu(&data));
            prop_assert_eq!(parse(&data), Some(press));
        }

        #[test]
        fn any_text_is_read_without_panicking(data in "\\PC{0,80}") {
            if let Some(press) = parse(&data) {
                // What parses is exactly what encoding that press gives.
                prop_assert_eq!(encode(press), data);
            }
        }

        #[test]
        fn menu_shaped_garbage_is_read_without_panicking(
            data in "mn:[0-9-]{0,21}:[0-9-]{0,12}:[a-z][0-9+-]{0,21}"
        ) {
            if let Some(press) = parse(&data) {
                prop_assert_eq!(encode(press), data);
            }
        }
    }
}
