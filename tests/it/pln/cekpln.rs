//! `/cekpln <nomor meter>`: the customer's name, number and power, or a refusal that says why.
use loket::sandbox::sim::digiflazz::Failure;

use super::*;
use crate::helpers::reseller;

#[tokio::test]
async fn cekpln_shows_the_customers_name_number_and_power() {
    let (app, _biller, dfz) = start(true).await;
    let me = reseller();
    let told = app.ask(&me, "/cekpln 142 3456 7890", "Pelanggan PLN").await;
    for shown in ["BUDI SANTOSO", "14234567890", "523300817840", "R1/1300VA"] {
        assert!(
            told.plain_text.contains(shown),
            "{shown}: {}",
            told.plain_text
        );
    }
    assert!(!told.plain_text.contains(API_KEY));
    assert_eq!(
        app.count("select count(*) from orders").await,
        0,
        "a check buys nothing"
    );
    drop(dfz);
    app.finish().await;
}

#[tokio::test]
async fn cekpln_refuses_each_case_with_its_own_reason() {
    let (app, _biller, dfz) = start(true).await;
    let dfz = dfz.unwrap();
    let me = reseller();
    // Not 11 or 12 digits, or not digits: Digiflazz is not asked.
    let short = app.ask(&me, "/cekpln 1234567890", "10 angka").await;
    assert!(
        short.plain_text.contains("11 angka"),
        "{}",
        short.plain_text
    );
    app.ask(&me, "/cekpln 1423456789O", "hanya boleh berisi angka")
        .await;
    app.ask(&me, "/cekpln", "/cekpln <nomor meter>").await;
    // A meter Digiflazz does not know (rc 54).
    app.ask(&me, "/cekpln 14234567897", "tidak dikenal PLN")
        .await;
    // Digiflazz's limit on PLN checks (rc 86).
    dfz.limit_pln_checks(true);
    app.ask(&me, "/cekpln 14234567890", "Batas cek nomor PLN")
        .await;
    dfz.limit_pln_checks(false);
    // Digiflazz failing: HTTP 500, then an answer that is not JSON.
    dfz.set_failure(Failure::ServerError);
    app.ask(&me, "/cekpln 14234567890", "coba lagi sebentar")
        .await;
    dfz.set_failure(Failure::Garbage);
    app.ask(&me, "/cekpln 14234567890", "coba lagi sebentar")
        .await;
    dfz.set_failure(Failure::None);
    // Our account refused (rc 45): the reseller cannot fix it, the admin can.
    dfz.refuse_ip(true);
    app.ask(&me, "/cekpln 14234567890", "hubungi admin").await;
    dfz.refuse_ip(false);
    app.ask(&me, "/cekpln 14234567890", "BUDI SANTOSO").await;
    assert_eq!(app.count("select count(*) from orders").await, 0);
    app.finish().await;
}

#[tokio::test]
async fn cekpln_without_digiflazz_says_it_is_not_available_here() {
    let (app, _biller, _) = start(false).await;
    app.ask(
        &reseller(),
        "/cekpln 14234567890",
        "Cek nomor PLN belum tersedia di toko ini",
    )
    .await;
    let help = app.ask(&reseller(), "/help", "/cekpln").await;
    assert!(
        help.plain_text.contains("/cekpln <nomor meter>"),
        "{}",
        help.plain_text
    );
    app.finish().await;
}
