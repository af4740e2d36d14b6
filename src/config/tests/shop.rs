//! `SHOP_NAME`: optional, one line, short enough for a receipt's heading.
use super::*;

#[test]
fn the_shop_name_is_read_trimmed_and_optional() {
    assert_eq!(load(&valid()).unwrap().shop_name, None);
    let mut vars = valid();
    vars.insert("SHOP_NAME", "  Toko Pulsa Maju  ".into());
    assert_eq!(
        load(&vars).unwrap().shop_name.as_deref(),
        Some("Toko Pulsa Maju")
    );
}

#[test]
fn a_shop_name_too_long_or_of_several_lines_stops_start_up_naming_it() {
    for bad in [
        "x".repeat(crate::config::shop::MAX_SHOP_NAME_CHARS + 1),
        "Toko\nMaju".into(),
    ] {
        let e = error_for("SHOP_NAME", &bad);
        assert_eq!(e.var, "SHOP_NAME", "{e}");
    }
    let longest = "x".repeat(crate::config::shop::MAX_SHOP_NAME_CHARS);
    let mut vars = valid();
    vars.insert("SHOP_NAME", longest.clone());
    assert_eq!(load(&vars).unwrap().shop_name, Some(longest));
}
