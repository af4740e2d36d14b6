//! The price list and the PLN inquiry, read back through the client.
use std::time::Duration;

use loket::digiflazz::DigiflazzError;

use super::setup;

#[tokio::test]
async fn the_price_list_reads_back_with_its_pln_and_xl_data_products() {
    let s = setup(Duration::from_secs(5)).await;
    let list = s.client.price_list().await.unwrap();
    let pln = list
        .iter()
        .find(|p| p.buyer_sku_code == "pln20")
        .expect("PLN token");
    assert_eq!(pln.category, "PLN");
    assert_eq!(pln.price, 20_350);
    assert_eq!(
        (pln.start_cut_off.as_str(), pln.end_cut_off.as_str()),
        ("23:00", "01:00")
    );
    let xl = list
        .iter()
        .find(|p| p.buyer_sku_code == "xld10")
        .expect("XL data");
    assert_eq!((xl.brand.as_str(), xl.category.as_str()), ("XL", "Data"));
    assert!(xl.buyer_product_status && xl.seller_product_status);
    let isat = list.iter().find(|p| p.buyer_sku_code == "isat10").unwrap();
    assert!(!isat.seller_product_status);
}

#[tokio::test]
async fn inquiry_pln_reads_the_name_and_power_and_refuses_an_unknown_meter() {
    let s = setup(Duration::from_secs(5)).await;
    let who = s.client.inquiry_pln("56301991814").await.unwrap();
    assert_eq!(who.name, "BUDI SANTOSO");
    assert_eq!(who.segment_power, "R1 /000001300");
    assert_eq!(who.customer_no, "56301991814");
    let e = s.client.inquiry_pln("56301991817").await.unwrap_err();
    assert!(
        matches!(e, DigiflazzError::Refused { ref rc, .. } if rc == "54"),
        "{e:?}"
    );
}
