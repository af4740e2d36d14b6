//! Files refused before they are read: from whom, and what they are.
use super::*;

#[tokio::test]
async fn files_are_refused_for_who_sends_them_and_what_they_are() {
    let (app, _sim) = spawn_app_with_sim().await;
    let file = format!("{HEAD}s5,Pulsa,,,,7000,ya\r\n");
    let refused = app
        .send_file(&reseller(), "a.csv", file.into_bytes(), "khusus admin")
        .await;
    assert!(!refused.plain_text.contains("Pratinjau"));
    // A reseller's photo is still a transfer proof, not refused as a document is.
    let mark = app.tg.message_mark();
    app.tg.user_sends_photo(&reseller(), None).await;
    let answer = app.reply_after(mark, RESELLER, "").await;
    assert!(
        !answer.plain_text.contains("khusus admin"),
        "{}",
        answer.plain_text
    );

    let boss = admin();
    // Past the limit: refused on the size Telegram gives, before anything is downloaded.
    let big = vec![b'a'; 1024 * 1024 + 1];
    app.send_file(&boss, "besar.csv", big, "terlalu besar")
        .await;
    app.send_file(&boss, "katalog.xlsx", b"PK\x03\x04".to_vec(), "bukan CSV")
        .await;
    assert!(
        app.tg.calls_to("getfile").is_empty(),
        "nothing fetched so far"
    );
    assert!(app.tg.calls_to("file").is_empty());

    app.send_file(
        &boss,
        "latin1.csv",
        b"kode,nama\r\ns5,Caf\xe9\r\n".to_vec(),
        "bukan teks UTF-8",
    )
    .await;
    app.send_file(
        &boss,
        "x.csv",
        b"code,name,price\r\n".to_vec(),
        "Baris pertama berkas tidak dikenal",
    )
    .await;
    let many = format!("{HEAD}{}", "s5,x,,,,1,ya\r\n".repeat(2_001));
    app.send_file(&boss, "banyak.csv", many.into_bytes(), "maksimal 2000")
        .await;
    assert_eq!(app.product("s5").await.unwrap().3, 5_500);
    app.finish().await;
}
