//! Who may open tickets, and how many: no one account takes every kode unik of a nominal, and
//! resellers asking at the same moment each get theirs.
use loket::sandbox::sim::telegram::FakeUser;

use super::open_ticket;
use crate::helpers::{ADMIN, RESELLER, admin, reseller, spawn_app_with_sim};

#[tokio::test]
async fn a_reseller_holds_at_most_three_open_tickets_and_is_told_which() {
    let (app, _sim) = spawn_app_with_sim().await;
    let mut open = Vec::new();
    for nominal in ["50rb", "50rb", "75rb"] {
        open.push(open_ticket(&app, nominal).await);
    }
    let refused = app
        .ask(
            &reseller(),
            "/deposit 50rb",
            "tiket deposit terbuka (maksimal 3)",
        )
        .await;
    for t in &open {
        assert!(
            refused.plain_text.contains(&format!("#{}", t.ticket_id)),
            "{}",
            refused.plain_text
        );
    }
    assert!(
        refused.plain_text.contains("/batal"),
        "{}",
        refused.plain_text
    );
    assert_eq!(app.count("select count(*) from deposit_tickets").await, 3);
    // One cancelled: room for one more.
    app.ask(
        &reseller(),
        &format!("/batal {}", open[0].ticket_id),
        "dibatalkan",
    )
    .await;
    open_ticket(&app, "50rb").await;
    assert_eq!(
        app.count("select count(*) from deposit_tickets where status = 'open'")
            .await,
        3
    );
    app.finish().await;
}

#[tokio::test]
async fn blocked_or_never_started_users_get_no_ticket_and_are_told_why() {
    let (app, _sim) = spawn_app_with_sim().await;
    app.ask(&admin(), &format!("/blokir {RESELLER}"), "diblokir")
        .await;
    app.ask(&reseller(), "/deposit 50rb", "diblokir").await;
    let stranger = FakeUser::new(7_777, "Belum Daftar");
    app.ask(&stranger, "/deposit 50rb", "/start dulu").await;
    assert_eq!(app.count("select count(*) from deposit_tickets").await, 0);
    // Once unblocked, or started, they may.
    app.ask(&admin(), &format!("/buka {RESELLER}"), "dibuka blokirnya")
        .await;
    open_ticket(&app, "50rb").await;
    app.ask(&stranger, "/start", "Selamat datang").await;
    app.ask(&stranger, "/deposit 50rb", "Tiket deposit #").await;
    assert_eq!(app.count("select count(*) from deposit_tickets").await, 2);
    app.finish().await;
}

#[tokio::test]
async fn deposits_of_one_nominal_at_the_same_moment_each_get_a_ticket() {
    let (app, _sim) = spawn_app_with_sim().await;
    const ASKING: i64 = 12;
    // Every kode unik of Rp50.000 taken by another reseller's open tickets but twelve: the twelve
    // asking at once compete for the same few amounts.
    sqlx::query(
        "insert into deposit_tickets (user_id, nominal, unique_code, chat_id, message_id, expires_at)
         select $1, 50000, c, $1, 900000 + c, now() + interval '1 day'
           from generate_series(1, 999 - $2::int) c",
    )
    .bind(ADMIN)
    .bind(ASKING as i32)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let people: Vec<FakeUser> = (0..ASKING)
        .map(|i| FakeUser::new(60_000 + i, &format!("Toko {i}")))
        .collect();
    for p in &people {
        app.ask(p, "/start", "Selamat datang").await;
    }
    let mark = app.tg.message_mark();
    for p in &people {
        app.tg.user_sends(p, "/deposit 50rb").await;
    }
    for p in &people {
        let got = app.reply_after(mark, p.id, "").await;
        assert!(
            got.plain_text.contains("Tiket deposit #"),
            "{}: {}",
            p.id,
            got.plain_text
        );
    }
    let (tickets, amounts): (i64, i64) = sqlx::query_as(
        "select count(*), count(distinct amount) from deposit_tickets
          where status = 'open' and user_id >= 60000",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!((tickets, amounts), (ASKING, ASKING));
    app.finish().await;
}
