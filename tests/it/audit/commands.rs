//! Each admin command that changes something, run through the fake Telegram, leaves one row
//! naming the admin, the action, the subject and the before → after; a command that changes
//! nothing leaves none, and a change that fails leaves none either.
use super::row;
use crate::deposits::{admin_notice, open_ticket};
use crate::helpers::{ADMIN, RESELLER, admin, spawn_app_with_sim};

/// A setup statement, the command, and the row it leaves.
type Case = (
    Option<&'static str>,
    &'static str,
    Option<[&'static str; 4]>,
);

/// Commands in order (each may rely on the ones before), with the row each must leave, or
/// `None` when it changes nothing. A setup statement runs first where the command needs one.
#[rustfmt::skip]
const TABLE: &[Case] = &[
    (None, "/topup 4242 10000 bonus", Some(["topup", "reseller 4242", "saldo Rp50.000", "saldo Rp60.000 (bonus)"])),
    (None, "/tarik 4242 5000", Some(["tarik", "reseller 4242", "saldo Rp60.000", "saldo Rp55.000"])),
    (None, "/produk s5 5.150 5.700 Pulsa Telkomsel 5.000", Some(["produk", "produk s5", "Pulsa Telkomsel 5.000, harga Rp5.500, tanpa modal, aktif", "Pulsa Telkomsel 5.000, harga Rp5.700, modal Rp5.150, aktif"])),
    (None, "/produk s5 5.150 5.700 Pulsa Telkomsel 5.000", None),
    (None, "/produk s5 5.000 4.900 Murah", None),
    (None, "/produk d1 1.000 Data 1GB", Some(["produk", "produk d1", "", "Data 1GB, harga Rp1.000, tanpa modal, aktif"])),
    (None, "/nonaktif s5", Some(["produk", "produk s5", "aktif", "nonaktif"])),
    (None, "/nonaktif s5", None),
    (None, "/nonaktif nope", None),
    (None, "/aktif s5", Some(["produk", "produk s5", "nonaktif", "aktif"])),
    (None, "/level tambah agen 2%", Some(["level", "level agen", "", "markup +2%"])),
    (None, "/level tambah agen", None),
    (None, "/level markup agen 100", Some(["level", "level agen", "markup +2%", "markup +Rp100"])),
    (None, "/level harga agen s5 5.600", Some(["harga", "produk s5 · level agen", "harga dari markup", "harga Rp5.600"])),
    (None, "/level harga agen s5 5.000", None),
    (None, "/level harga agen s5 hapus", Some(["harga", "produk s5 · level agen", "harga Rp5.600", "harga dari markup"])),
    (None, "/level 4242 agen", Some(["level", "reseller 4242", "level utama", "level agen"])),
    (None, "/level ganti agen master", Some(["level", "level agen", "agen", "master"])),
    (None, "/level utama master", Some(["level", "level utama", "umum", "master"])),
    (None, "/level utama master", None),
    (None, "/kategori tambah Promo", Some(["kategori", "kategori Promo", "", "ditambahkan"])),
    (None, "/kategori tambah promo", None),
    (None, "/kategori jam Promo 23:30-00:30", Some(["kategori", "kategori Promo", "buka sepanjang hari", "tutup 23:30–00:30 WIB"])),
    (None, "/brand tambah Tsel Telkomsel", Some(["kategori", "brand Tsel", "", "ditambahkan, operator Telkomsel"])),
    (None, "/brand operator Tsel -", Some(["kategori", "brand Tsel", "operator Telkomsel", "tanpa operator"])),
    (None, "/kelompok s5 Promo Tsel", Some(["kategori", "produk s5", "kategori -, brand -", "kategori Promo, brand Tsel"])),
    (None, "/kelompok s5 Promo Nope", None),
    (None, "/kategori tambah Paket", Some(["kategori", "kategori Paket", "", "ditambahkan"])),
    (None, "/kategori ganti Paket Bundel", Some(["kategori", "kategori Paket", "Paket", "Bundel"])),
    (None, "/kategori hapus Bundel", Some(["kategori", "kategori Bundel", "Bundel", "dihapus"])),
    (None, "/kategori hapus Promo", None),
    (None, "/gangguan s5 stok kosong", Some(["gangguan", "produk s5", "normal", "gangguan: stok kosong"])),
    (None, "/normal s5", Some(["gangguan", "produk s5", "gangguan: stok kosong", "normal"])),
    (None, "/blokir 4242", Some(["blokir", "reseller 4242", "aktif", "diblokir"])),
    (None, "/blokir 4242", None),
    (None, "/buka 4242", Some(["buka", "reseller 4242", "diblokir", "aktif"])),
    (None, "/blokir 123", None),
    (None, "/rekening tambah BCA 1234567890 Toko Maju", Some(["rekening", "rekening #1", "", "BCA 1234567890 a.n. Toko Maju"])),
    (None, "/rekening tambah bca 1234567890 Toko Maju", None),
    (None, "/rekening hapus 1", Some(["rekening", "rekening #1", "BCA 1234567890 a.n. Toko Maju", "dihapus"])),
    (None, "/depositserver 100rb", Some(["deposit_server", "saldo server", "", "deposit Rp100.000 dicatat"])),
    (
        Some("update supplier_balance set saldo = 990000, book = 1000000"),
        "/saldoserver sesuaikan",
        Some(["sesuaikan_server", "saldo server", "buku Rp1.000.000", "disesuaikan dengan saldo terlapor (selisih -Rp10.000)"]),
    ),
    (None, "/depositserver 100rb nope", None),
    (None, "/supplier jeda utama stok kosong", Some(["jeda_supplier", "supplier utama", "aktif", "dijeda: stok kosong"])),
    (None, "/supplier jeda utama lagi", None),
    (None, "/supplier jeda nope stok kosong", None),
    (None, "/supplier aktif utama", Some(["aktif_supplier", "supplier utama", "dijeda: stok kosong", "aktif"])),
    (None, "/supplier aktif utama", None),
    (None, "/pengguna", None),
    (None, "/pending", None),
    (None, "/laporan", None),
    (None, "/audit", None),
];

#[tokio::test]
async fn every_admin_command_that_changes_something_leaves_its_row() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    for (setup, command, expected) in TABLE {
        if let Some(sql) = setup {
            sqlx::query(*sql).execute(&app.db.pool).await.unwrap();
        }
        let before = app.audit_rows().await;
        app.ask(&boss, command, "").await;
        let after = app.audit_rows().await;
        match expected {
            Some(expected) => {
                assert_eq!(after, before + 1, "{command}: one row");
                assert_eq!(app.newest_audit().await, row(ADMIN, *expected), "{command}");
            }
            None => assert_eq!(after, before, "{command}: no row"),
        }
    }
    app.finish().await;
}

#[tokio::test]
async fn tickets_settlements_resends_and_files_leave_their_rows() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();

    // A deposit ticket approved with ✅, another rejected with /tolak.
    let ticket = open_ticket(&app, "100rb").await;
    let notice = admin_notice(&app, ticket.ticket_id).await;
    let approve = notice.callback_data("✅ Terima").unwrap();
    let mark = app.tg.message_mark();
    app.tg
        .user_presses(&boss, notice.message_id, &approve)
        .await;
    app.reply_after(mark, ADMIN, "dikreditkan oleh admin").await;
    let amount = loket::domain::Money::from_rupiah(ticket.amount);
    let subject = format!("tiket #{}", ticket.ticket_id);
    let (open, credited) = (format!("terbuka {amount}"), format!("dikreditkan {amount}"));
    let expected = ["tiket", &subject, &open, &credited];
    assert_eq!(app.newest_audit().await, row(ADMIN, expected));
    let ticket = open_ticket(&app, "50rb").await;
    let command = format!("/tolak {} transfer tidak masuk", ticket.ticket_id);
    app.ask(&boss, &command, "ditolak").await;
    let amount = loket::domain::Money::from_rupiah(ticket.amount);
    let (subject, open) = (
        format!("tiket #{}", ticket.ticket_id),
        format!("terbuka {amount}"),
    );
    let expected = ["tiket", &subject, &open, "ditolak: transfer tidak masuk"];
    assert_eq!(app.newest_audit().await, row(ADMIN, expected));

    // An order whose outcome nobody knows, settled by hand.
    let trxid = app.buy("s5", "081234567896").await.order.trxid.to_string();
    app.wait_count("select count(*) from orders where status = 'unknown'", 1)
        .await;
    app.ask(
        &boss,
        &format!("/selesai {trxid} sukses SN-77"),
        "diselesaikan",
    )
    .await;
    let subject = format!("trx {trxid}");
    let expected = ["selesaikan", &subject, "unknown", "sukses SN SN-77"];
    assert_eq!(app.newest_audit().await, row(ADMIN, expected));

    // A notice Telegram refused, sent again.
    app.tg.block_chat(RESELLER);
    app.ask(&boss, "/topup 4242 1000", "Saldo sekarang").await;
    app.wait_count(
        "select count(*) from outbox where dead_reason is not null",
        1,
    )
    .await;
    app.tg.unblock_chat(RESELLER);
    let dead: (i64, String) =
        sqlx::query_as("select outbox_id, dead_reason from outbox where dead_reason is not null")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    app.ask(&boss, &format!("/kirimulang {}", dead.0), "dikirim ulang")
        .await;
    let subject = format!("pesan #{}", dead.0);
    let (was, now) = (
        format!("gagal kirim: {}", dead.1),
        format!("diantre ulang ke chat {RESELLER}"),
    );
    assert_eq!(
        app.newest_audit().await,
        row(ADMIN, ["kirim_ulang", &subject, &was, &now])
    );

    // A catalogue file applied with ✅.
    let file = "kode,nama,kategori,brand,modal,harga,aktif\r\n\
                s5,Pulsa Telkomsel 5.000,,,,5600,ya\r\n\
                d10,Data 10GB,,,,42000,ya\r\n";
    let mark = app.tg.message_mark();
    app.tg
        .user_sends_document(&boss, "katalog.csv", file.as_bytes().to_vec(), None)
        .await;
    let preview = app.reply_after(mark, ADMIN, "Pratinjau").await;
    let data = preview.callback_data("✅ Terapkan").unwrap();
    let mark = app.tg.message_mark();
    app.tg.user_presses(&boss, preview.message_id, &data).await;
    app.reply_after(mark, ADMIN, "diterapkan").await;
    let expected = [
        "impor",
        "berkas katalog.csv",
        "",
        "1 baru (d10), 1 berubah (s5)",
    ];
    assert_eq!(app.newest_audit().await, row(ADMIN, expected));
    app.finish().await;
}

#[tokio::test]
async fn a_change_that_fails_leaves_no_row_and_a_row_that_fails_undoes_its_change() {
    let (app, _sim) = spawn_app_with_sim().await;
    let boss = admin();
    // The product's update fails: no row.
    sqlx::raw_sql(
        "create function refuse() returns trigger language plpgsql as
           $$ begin raise exception 'refused by the test'; end $$;
         create trigger refuse_products before update on products
           for each row execute function refuse();",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    app.ask(&boss, "/nonaktif s5", "gangguan").await;
    assert_eq!(app.audit_rows().await, 0);
    let active: bool = sqlx::query_scalar("select active from products where code = 's5'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(active);

    // The row fails to be written: the block it describes is undone with it.
    sqlx::raw_sql(
        "drop trigger refuse_products on products;
         create trigger refuse_rows before insert on admin_actions
           for each row execute function refuse();",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    app.ask(&boss, "/blokir 4242", "gangguan").await;
    let blocked: bool = sqlx::query_scalar("select blocked from users where user_id = $1")
        .bind(RESELLER)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(!blocked, "no block without its row");
    sqlx::raw_sql("drop trigger refuse_rows on admin_actions")
        .execute(&app.db.pool)
        .await
        .unwrap();
    app.ask(&boss, "/blokir 4242", "diblokir").await;
    assert_eq!(app.audit_rows().await, 1);
    app.finish().await;
}
