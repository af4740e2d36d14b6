//! `/pengguna xlsx` and `/mutasi <user_id> xlsx`: the resellers and one reseller's ledger as files.
use super::*;

#[tokio::test]
async fn pengguna_xlsx_holds_every_reseller_with_balance_and_level() {
    let (app, _sim) =
        spawn_app_with_sim_set(|o| o.registration = loket::domain::Registration::Approval).await;
    // The test database gives the reseller Rp50.000 to start with.
    let boss = admin();
    app.ask(&boss, "/level tambah agen 2%", "agen").await;
    app.ask(&boss, "/level 4242 agen", "agen").await;
    // One waiting for approval, one blocked: each status says which.
    app.ask(
        &FakeUser::new(5151, "Toko Baru"),
        "/start",
        "menunggu persetujuan",
    )
    .await;
    app.ask(&FakeUser::new(6161, "Toko Nakal"), "/start", "")
        .await;
    app.ask(&boss, "/blokir 6161", "").await;
    let sent = app.ask(&boss, "/pengguna xlsx", "Reseller:").await;
    let sheet = read_sheet(&sent, "Reseller");
    assert_eq!(
        sheet.header(),
        [
            "user_id",
            "nama",
            "username",
            "saldo",
            "level",
            "status",
            "terdaftar_wib"
        ]
    );
    sheet.assert_header_bold_and_frozen();
    let row = sheet.row_with(0, "4242");
    let at = sheet.index_of(0, "4242");
    assert_eq!(
        row[1..3],
        [
            Data::String("Toko Maju".into()),
            Data::String("toko".into())
        ]
    );
    assert_rupiah(&sheet, at, 3, 50_000.0);
    assert_eq!(
        row[4..6],
        [Data::String("agen".into()), Data::String("aktif".into())]
    );
    assert_date_on(&row[6], loket::reports::today_wib(chrono::Utc::now()));
    let status = |id| sheet.row_with(0, id)[5].clone();
    assert_eq!(status("5151"), Data::String("menunggu persetujuan".into()));
    assert_eq!(status("6161"), Data::String("diblokir".into()));
    app.finish().await;
}

#[tokio::test]
async fn mutasi_xlsx_is_one_resellers_ledger_for_admins_only() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    let me = reseller();
    // The test database gives the reseller Rp50.000 to start with.
    let bought = app.buy("s5", "081234567890").await.order.trxid.to_string();
    app.wait_count("select count(*) from orders where status = 'success'", 1)
        .await;

    // A reseller reads their own statement, and no one else's, as text or as a file.
    app.ask(&me, "/mutasi", "isi saldo +Rp50.000 → Rp50.000")
        .await;
    let other = FakeUser::new(5151, "Toko Lain");
    app.ask(&other, "/start", "").await;
    for asked in ["/mutasi 4242", "/mutasi 4242 xlsx", "/mutasi xlsx"] {
        let refused = app.ask(&other, asked, "hanya untuk admin").await;
        assert!(refused.file.is_none(), "{asked}");
    }
    assert_eq!(
        app.count("select count(*) from outbox where document is not null")
            .await,
        0
    );

    app.ask(&boss, "/mutasi xlsx", "Tulis user_id").await;
    // An id no one registered is named as such, as text and as a file; a statement read by an
    // admin names whose it is.
    app.ask(&boss, "/mutasi 777 xlsx", "777 belum terdaftar")
        .await;
    app.ask(&boss, "/mutasi 777", "777 belum terdaftar").await;
    app.ask(&boss, "/mutasi 5151 xlsx", "Belum ada mutasi saldo")
        .await;
    app.ask(
        &boss,
        "/mutasi 5151",
        "Belum ada mutasi saldo pengguna 5151",
    )
    .await;
    let read = app
        .ask(&boss, "/mutasi 4242", "isi saldo +Rp50.000 → Rp50.000")
        .await;
    assert!(
        read.plain_text.starts_with("Mutasi saldo 4242\n"),
        "{read:?}"
    );
    let sent = app.ask(&boss, "/mutasi 4242 xlsx", "2 baris").await;
    let today = loket::reports::today_wib(chrono::Utc::now());
    assert_eq!(
        sent.file.clone().unwrap().file_name.as_deref(),
        Some(format!("mutasi-4242-{}.xlsx", today.format("%Y-%m-%d")).as_str())
    );
    let sheet = read_sheet(&sent, "Mutasi");
    assert_eq!(
        sheet.header(),
        [
            "waktu_wib",
            "jenis",
            "jumlah",
            "saldo_setelah",
            "trxid",
            "catatan"
        ]
    );
    sheet.assert_header_bold_and_frozen();
    assert_eq!(sheet.cells.height(), 3, "{:#?}", sheet.cells);
    assert_date_on(sheet.cells.get((1, 0)).unwrap(), today);
    assert_eq!(
        sheet.cells.get((1, 1)),
        Some(&Data::String("isi saldo".into()))
    );
    assert_rupiah(&sheet, 1, 2, 50_000.0);
    assert_rupiah(&sheet, 1, 3, 50_000.0);
    let row = sheet.row_with(4, &bought);
    assert_eq!(row[1], Data::String("pembelian".into()));
    assert_rupiah(&sheet, 2, 2, -5_500.0);
    assert_rupiah(&sheet, 2, 3, 44_500.0);
    app.finish().await;
}
