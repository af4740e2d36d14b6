//! `/harga`: the price list, grouped under its categories and brands, a page at a time.
//! A page that opens inside a group repeats the group's heading, marked as continued, so every
//! page says what its products are.
use super::browse::OTHERS;
use super::escape;
use super::lists::{Beyond, Paged, page_hints, page_mark, paged};
use crate::domain::Money;

pub struct PriceLine<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub price: Money,
    /// In trouble (gangguan) for now.
    pub disrupted: bool,
    /// `None`: in no category, listed under "Lainnya" after the categories.
    pub category: Option<&'a str>,
    /// `None`: of no brand, under "Lainnya" after the category's brands.
    pub brand: Option<&'a str>,
}

/// Where a line stands in its groups: `lines` come grouped by category, then by brand.
struct Place {
    opens_category: bool,
    opens_brand: bool,
    /// Whether its category has a branded product in the list: only then are its brands
    /// headed (a category of unbranded products alone needs no "Lainnya" under it).
    branded: bool,
}

fn places(lines: &[PriceLine]) -> Vec<Place> {
    let mut out: Vec<Place> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &lines[p]);
        let opens_category = previous.is_none_or(|p| p.category != line.category);
        let opens_brand = opens_category || previous.is_some_and(|p| p.brand != line.brand);
        let branded = if opens_category {
            lines[i..]
                .iter()
                .take_while(|l| l.category == line.category)
                .any(|l| l.brand.is_some())
        } else {
            out[i - 1].branded
        };
        out.push(Place {
            opens_category,
            opens_brand,
            branded,
        });
    }
    out
}

fn category_heading(line: &PriceLine, continued: bool) -> String {
    format!(
        "\n<b>{}</b>{}",
        escape(line.category.unwrap_or(OTHERS)),
        if continued { " (lanjutan)" } else { "" }
    )
}

fn brand_heading(line: &PriceLine) -> String {
    format!("<i>{}</i>", escape(line.brand.unwrap_or(OTHERS)))
}

fn product(line: &PriceLine) -> String {
    format!(
        "<code>{}</code> {} — {}{}",
        escape(line.code),
        escape(line.name),
        line.price,
        if line.disrupted {
            " ⚠️ gangguan"
        } else {
            ""
        }
    )
}

/// A product's line, after the headings of the groups it opens.
fn rendered(line: &PriceLine, place: &Place) -> String {
    let mut parts = Vec::with_capacity(3);
    if place.opens_category {
        parts.push(category_heading(line, false));
    }
    if place.opens_brand && place.branded {
        parts.push(brand_heading(line));
    }
    parts.push(product(line));
    parts.join("\n")
}

/// What goes before a line that opens a page without opening its group: the headings again.
fn continued(line: &PriceLine, place: &Place) -> String {
    if place.opens_category {
        return String::new();
    }
    let mut out = category_heading(line, true);
    out.push('\n');
    if place.branded && !place.opens_brand {
        out.push_str(&brand_heading(line));
        out.push('\n');
    }
    out
}

/// Page `page` of the active products, or of those matching `query`, at the reader's `level`;
/// `buttons`: whether the pages have ◀ ▶ under them.
pub fn prices(
    lines: &[PriceLine],
    query: Option<&str>,
    (page, beyond): (usize, Beyond),
    level: &str,
    buttons: bool,
) -> Paged {
    if lines.is_empty() {
        return Paged::single(match query {
            Some(q) => format!("Tidak ada produk yang cocok dengan \"{}\".", escape(q)),
            None => "Belum ada produk.".into(),
        });
    }
    let command = match query {
        Some(q) => format!("/harga {}", escape(q)),
        None => "/harga".to_owned(),
    };
    let total = lines.len();
    let header = |page, count| match query {
        Some(q) => format!(
            "<b>Daftar harga</b> · cari \"{}\": {total} produk{}\n",
            escape(q),
            page_mark(page, count)
        ),
        None if count > 1 => format!(
            "<b>Daftar harga</b> · {total} produk{}\n",
            page_mark(page, count)
        ),
        None => "<b>Daftar harga</b>\n".to_owned(),
    };
    let footer = |page, count| {
        let search = match query {
            Some(_) => "Semua produk: /harga\n",
            None => "Cari produk: /harga &lt;kata&gt;, contoh: /harga pulsa\n",
        };
        format!(
            "\n\nHarga level <b>{}</b>.\n{}{search}Beli: /beli &lt;kode&gt; &lt;tujuan&gt;",
            escape(level),
            page_hints(&command, page, count, buttons)
        )
    };
    let places = places(lines);
    let shown = lines
        .iter()
        .zip(&places)
        .map(|(l, p)| rendered(l, p))
        .collect();
    let lead = |i: usize| continued(&lines[i], &places[i]);
    paged(shown, page, beyond, &command, header, footer, lead)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::long::{Size, plain};

    #[test]
    fn every_page_fits_and_says_which_groups_it_continues() {
        let names: Vec<(String, String)> = (0..300)
            .map(|i| {
                (
                    format!("p{i:03}"),
                    format!("Produk {i:03} <promo> & 🙂 ").repeat(5),
                )
            })
            .collect();
        let long_group = "𝐀".repeat(24);
        let lines: Vec<PriceLine> = names
            .iter()
            .enumerate()
            .map(|(i, (code, name))| PriceLine {
                code,
                name,
                price: Money::from_rupiah(1_000),
                disrupted: i % 7 == 0,
                category: (i < 250).then_some(long_group.as_str()),
                brand: (i < 200).then_some(long_group.as_str()),
            })
            .collect();
        let first = prices(&lines, None, (1, Beyond::Refuse), "umum", false);
        assert!(first.pages >= 5, "{} pages", first.pages);
        let mut all = String::new();
        for page in 1..=first.pages {
            let shown = prices(&lines, None, (page, Beyond::Refuse), "umum", false);
            assert_eq!((shown.page, shown.pages), (page, first.pages));
            assert!(Size::of(&shown.text).fits(Size::MESSAGE), "page {page}");
            let text = plain(&shown.text);
            // Whatever it opens with, a page names its products' category first.
            let body = text.split_once("\n\n").unwrap().1;
            assert!(
                body.starts_with(&long_group) || body.starts_with(OTHERS),
                "page {page}: {body}"
            );
            all.push_str(&text);
        }
        for (code, _) in &names {
            assert_eq!(all.matches(&format!("{code} Produk")).count(), 1, "{code}");
        }
        let past = prices(&lines, None, (999, Beyond::Last), "umum", false);
        assert_eq!((past.page, past.pages), (first.pages, first.pages));
        let refused = prices(&lines, None, (999, Beyond::Refuse), "umum", false);
        assert!(refused.text.starts_with("Halaman 999 tidak ada"));
        assert_eq!(refused.pages, 1);
    }

    #[test]
    fn the_next_page_is_typed_out_only_without_buttons() {
        let codes: Vec<String> = (0..200).map(|i| format!("p{i:03}")).collect();
        let lines: Vec<PriceLine> = codes
            .iter()
            .map(|code| PriceLine {
                code,
                name: "Produk",
                price: Money::from_rupiah(1_000),
                disrupted: false,
                category: None,
                brand: None,
            })
            .collect();
        let shown =
            |buttons| plain(&prices(&lines, Some("p"), (1, Beyond::Refuse), "umum", buttons).text);
        let typed = shown(false);
        assert!(
            typed.contains("Halaman berikutnya: /harga p 2\n"),
            "{typed}"
        );
        let pressed = shown(true);
        assert!(!pressed.contains("Halaman berikutnya"), "{pressed}");
        assert!(
            pressed.contains("Halaman lain: /harga p <nomor>, 1 sampai "),
            "{pressed}"
        );
    }
}
