//! Documents, and file parts as they arrive: kept whole beside the other parameters.

use serde_json::{Value, json};
use teloxide_core::prelude::*;
use teloxide_core::types::{InputFile, MediaKind, MessageKind};

use super::photos::{description, qris_png};
use super::*;
use crate::sandbox::sim::telegram::FileKind;

#[tokio::test]
async fn a_document_is_recorded_and_its_id_is_no_photo() {
    let (fake, bot) = start().await;
    let report = b"trxid,harga\n26112410505100000001,20500\n".to_vec();
    let message = bot
        .send_document(
            ChatId(5),
            InputFile::memory(report.clone()).file_name("laporan.csv"),
        )
        .caption("Laporan hari ini")
        .await
        .expect("sendDocument");
    let MessageKind::Common(common) = &message.kind else {
        panic!("a common message: {message:?}");
    };
    let MediaKind::Document(document) = &common.media_kind else {
        panic!("a document: {message:?}");
    };
    assert_eq!(document.document.file_name.as_deref(), Some("laporan.csv"));
    assert_eq!(
        document
            .document
            .mime_type
            .as_ref()
            .map(|m| m.essence_str().to_owned()),
        Some("text/csv".to_owned())
    );
    assert_eq!(document.document.file.size as usize, report.len());

    let sent = &fake.messages_to(5)[0];
    let file = sent.file.as_ref().unwrap();
    assert_eq!(file.kind, FileKind::Document);
    assert_eq!(file.file_name.as_deref(), Some("laporan.csv"));
    assert_eq!(sent.file_bytes(), Some(report.as_slice()));
    assert_eq!(sent.plain_text, "Laporan hari ini");

    let as_photo = bot
        .send_photo(
            ChatId(5),
            InputFile::file_id(document.document.file.id.clone()),
        )
        .await
        .expect_err("a document's id is not a photo");
    assert_eq!(description(&as_photo), "Bad Request: type of file mismatch");
    let empty = bot
        .send_document(
            ChatId(5),
            InputFile::memory(Vec::new()).file_name("kosong.txt"),
        )
        .await
        .expect_err("an empty file");
    assert_eq!(description(&empty), "Bad Request: file must be non-empty");
}

#[tokio::test]
async fn a_file_part_is_kept_whole_beside_the_parameters() {
    let (fake, _) = start().await;
    let png = qris_png();
    let mut body = b"--XyZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n\
                     --XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"q.png\"\r\n\
                     Content-Type: image/png\r\n\r\n"
        .to_vec();
    body.extend_from_slice(&png);
    body.extend_from_slice(b"\r\n--XyZ--\r\n");
    let response = reqwest::Client::new()
        .post(format!("{}bot{}/sendPhoto", fake.url(), fake.token()))
        .header("content-type", "multipart/form-data; boundary=XyZ")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["result"]["chat"]["id"], json!(42));
    assert_eq!(fake.messages_to(42)[0].file_bytes(), Some(png.as_slice()));
    let call = &fake.calls_to("sendPhoto")[0];
    assert_eq!(
        call.body["photo"],
        json!({ "file_name": "q.png", "size": png.len() })
    );
}
