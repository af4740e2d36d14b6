//! Documents people send: shaped as the Bot API shapes them, found by getFile, downloaded from
//! the file route; nothing else is served there.
use teloxide_core::net::Download;
use teloxide_core::prelude::*;
use teloxide_core::types::{FileId, UpdateKind};
use teloxide_core::{ApiError, RequestError};

use super::*;

const CSV: &[u8] = b"kode,nama,kategori,brand,modal,harga,aktif\r\ns5,Pulsa 5.000,,,,5500,ya\r\n";

#[tokio::test]
async fn a_document_arrives_shaped_as_the_bot_api_shapes_it_and_downloads_byte_for_byte() {
    let (fake, bot) = start().await;
    let sent = fake
        .user_sends_document(&sari(), "katalog.csv", CSV.to_vec(), Some("impor"))
        .await;
    let file_id = sent.file_id.clone().expect("a document has a file id");

    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::Message(message) = &updates[0].kind else {
        panic!("a message update: {updates:?}");
    };
    let document = message
        .document()
        .expect("the person's message is a document");
    assert_eq!(document.file.id.0, file_id);
    assert!(!document.file.unique_id.0.is_empty());
    assert_eq!(document.file_name.as_deref(), Some("katalog.csv"));
    assert_eq!(
        document.mime_type.as_ref().map(ToString::to_string),
        Some("text/csv".to_owned())
    );
    assert_eq!(document.file.size as usize, CSV.len());
    assert_eq!(message.caption(), Some("impor"));
    assert_eq!(i64::from(message.id.0), sent.message_id);

    let file = bot
        .get_file(FileId(file_id.clone()))
        .await
        .expect("getFile");
    assert_eq!(file.id.0, file_id);
    assert_eq!(file.unique_id, document.file.unique_id);
    assert_eq!(file.size as usize, CSV.len());
    assert!(file.path.starts_with("documents/") && file.path.ends_with(".csv"));
    // Asked again, the same path.
    let again = bot.get_file(FileId(file_id)).await.unwrap();
    assert_eq!(again.path, file.path);

    let mut bytes = Vec::new();
    bot.download_file(&file.path, &mut bytes)
        .await
        .expect("download");
    assert_eq!(bytes, CSV);
    let fetched: Vec<_> = fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "file")
        .collect();
    assert_eq!(fetched.len(), 1);
    assert_eq!(fetched[0].status, 200);
}

#[tokio::test]
async fn unknown_files_are_not_found_and_the_token_must_match() {
    let (fake, bot) = start().await;
    let made_up = bot
        .get_file(FileId("BQACAgUAAxkBAAIC_made_up".into()))
        .await;
    assert!(
        matches!(made_up, Err(RequestError::Api(ApiError::Unknown(ref d))) if d.contains("invalid file_id")),
        "{made_up:?}"
    );

    let mut bytes = Vec::new();
    let missing = bot.download_file("documents/file_9.csv", &mut bytes).await;
    assert!(missing.is_err(), "{missing:?}");
    assert!(bytes.is_empty());

    let sent = fake
        .user_sends_document(&sari(), "katalog.csv", CSV.to_vec(), None)
        .await;
    let file = bot.get_file(FileId(sent.file_id.unwrap())).await.unwrap();
    let url = format!("{}file/botwrong:token/{}", fake.url(), file.path);
    let status = reqwest::get(url).await.unwrap().status().as_u16();
    assert_eq!(status, 404);
    let url = format!("{}file/bot{}/{}", fake.url(), fake.token(), file.path);
    let body = reqwest::get(url).await.unwrap().bytes().await.unwrap();
    assert_eq!(body.as_ref(), CSV);
}
