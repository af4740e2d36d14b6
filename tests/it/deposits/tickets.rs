//! Opening, listing, cancelling and expiring tickets.
use super::{books, books_balance, open_ticket};
use crate::helpers::{Options, RESELLER, admin, reseller, spawn_app, spawn_app_with_sim};
use loket::domain::SupportContact;

#[tokio::test]
async fn a_ticket_names_a_unique_amount_the_accounts_and_reaches_admins_with_buttons() {
    let (app, _sim) = super::spawn_allowing_many_tickets(&[crate::helpers::ADMIN]).await;
    app.ask(
        &admin(),
        "/rekening tambah bca 123-456-7890 Toko Pusat Pulsa",
        "ditampilkan di tiket deposit",
    )
    .await;

    let first = open_ticket(&app, "100rb").await;
    let text = &first.message.plain_text;
    assert!(
        (100_001..=100_999).contains(&first.amount),
        "kode unik 1..999 on top: {}",
        first.amount
    );
    let shown = loket::domain::Money::from_rupiah(first.amount).to_string();
    for part in [
        shown.as_str(),
        "BCA",
        "1234567890",
        "Toko Pusat Pulsa",
        "Berlaku sampai",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
    assert!(first.message.callback_data("💸 Sudah transfer").is_some());
    let notice = super::admin_notice(&app, first.ticket_id).await;
    assert!(notice.callback_data("✅ Terima").is_some());
    assert!(notice.callback_data("❌ Tolak").is_some());

    // More tickets for the same nominal (within the chat's flood budget): every open amount
    // differs.
    for _ in 0..15 {
        open_ticket(&app, "100000").await;
    }
    let (tickets, amounts): (i64, i64) = sqlx::query_as(
        "select count(*), count(distinct amount) from deposit_tickets where status = 'open'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((tickets, amounts), (16, 16));
    assert_eq!(
        books(&app, first.ticket_id).await,
        ("open".into(), 0, 50_000)
    );
    app.finish().await;
}

#[tokio::test]
async fn a_redelivered_deposit_command_opens_one_ticket() {
    let (app, _sim) = spawn_app_with_sim().await;
    let sent = app.tg.user_sends(&reseller(), "/deposit 50rb").await;
    app.message(RESELLER, "Tiket deposit #").await;
    assert!(app.tg.redeliver(sent.update_id).await);
    app.tg.user_sends(&reseller(), "/saldo").await;
    app.message(RESELLER, "Saldo").await;
    assert_eq!(app.count("select count(*) from deposit_tickets").await, 1);
    app.finish().await;
}

#[tokio::test]
async fn amounts_outside_the_limits_are_refused_with_the_limit() {
    let (app, _sim) = spawn_app_with_sim().await;
    app.ask(&reseller(), "/deposit 5000", "Deposit minimal Rp10.000")
        .await;
    app.ask(
        &reseller(),
        "/deposit 11jt",
        "Deposit maksimal Rp10.000.000",
    )
    .await;
    app.ask(&reseller(), "/deposit banyak", "Format:").await;
    assert_eq!(app.count("select count(*) from deposit_tickets").await, 0);
    app.finish().await;
}

#[tokio::test]
async fn a_reseller_lists_and_cancels_their_own_tickets_only() {
    let (app, _sim) = spawn_app_with_sim().await;
    let ticket = open_ticket(&app, "20rb").await;
    let list = app.ask(&reseller(), "/tiket", "Tiket deposit Anda").await;
    assert!(list.plain_text.contains(&format!("#{}", ticket.ticket_id)));
    assert!(list.plain_text.contains("menunggu pembayaran"));

    // Another person cannot cancel it, nor learn it exists.
    let stranger = loket::sandbox::sim::telegram::FakeUser::new(777, "Orang Lain");
    let refused = app
        .ask(
            &stranger,
            &format!("/batal {}", ticket.ticket_id),
            "tidak ditemukan",
        )
        .await;
    assert!(!refused.plain_text.contains("20."));

    app.ask(
        &reseller(),
        &format!("/batal {}", ticket.ticket_id),
        "dibatalkan",
    )
    .await;
    app.ask(
        &reseller(),
        &format!("/batal {}", ticket.ticket_id),
        "sudah dibatalkan",
    )
    .await;
    // A ✅ after the cancel credits nothing.
    app.tg
        .user_presses(&admin(), 1, &format!("deposit:{}:ya", ticket.ticket_id))
        .await;
    app.notice("dibatalkan").await;
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("cancelled".into(), 0, 50_000)
    );
    app.finish().await;
}

#[tokio::test]
async fn an_expired_ticket_closes_by_itself_says_so_and_cannot_be_approved() {
    let (app, _sim) = spawn_app_with_sim().await;
    let ticket = open_ticket(&app, "30rb").await;
    sqlx::query(
        "update deposit_tickets set expires_at = now() - interval '1 second' where ticket_id = $1",
    )
    .bind(ticket.ticket_id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    // Approval in the moment between expiry and the sweep is refused too.
    app.tg
        .user_presses(&admin(), 1, &format!("deposit:{}:ya", ticket.ticket_id))
        .await;
    app.notice("kedaluwarsa").await;
    let contact = SupportContact::parse("@toko_cs").unwrap();
    let expire = || loket::deposits::expire_due(&app.db.pool, Some(&contact));
    assert_eq!(expire().await.unwrap(), 1);
    assert_eq!(expire().await.unwrap(), 0);
    let told = app.message(RESELLER, "kedaluwarsa").await;
    assert!(
        told.plain_text.contains("hubungi admin (@toko_cs)"),
        "{}",
        told.plain_text
    );
    assert!(told.plain_text.contains(&format!("#{}", ticket.ticket_id)));
    assert_eq!(
        books(&app, ticket.ticket_id).await,
        ("expired".into(), 0, 50_000)
    );
    books_balance(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn bank_accounts_are_managed_by_admins_only() {
    let app = spawn_app(Options::with_supplier(
        "http://127.0.0.1:9".parse().unwrap(),
    ))
    .await;
    app.ask(&reseller(), "/rekening", "khusus admin").await;
    app.ask(&admin(), "/rekening tambah BRI 12ab Budi", "4–30 angka")
        .await;
    app.ask(
        &admin(),
        "/rekening tambah BRI 0012-01-000123-30-1 Budi Santoso",
        "no 1",
    )
    .await;
    let list = app.ask(&admin(), "/rekening", "Rekening deposit").await;
    assert!(
        list.plain_text
            .contains("BRI 001201000123301 a.n. Budi Santoso"),
        "{}",
        list.plain_text
    );
    app.ask(&admin(), "/rekening hapus 1", "tidak ditampilkan lagi")
        .await;
    app.ask(&admin(), "/rekening hapus 1", "Tidak ada rekening aktif")
        .await;
    app.finish().await;
}
