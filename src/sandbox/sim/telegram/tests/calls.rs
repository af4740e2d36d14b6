//! Calls teloxide would never make: a wrong token, and bodies of any shape.

use serde_json::{Value, json};
use teloxide_core::prelude::*;
use teloxide_core::{ApiError, RequestError};

use super::*;

#[tokio::test]
async fn a_wrong_token_is_unauthorized() {
    let (fake, _) = start().await;
    let stranger = Bot::new("999:wrong").set_api_url(fake.url().parse().unwrap());
    let answer = stranger.get_me().await;
    assert!(
        matches!(answer, Err(RequestError::Api(ApiError::InvalidToken))),
        "{answer:?}"
    );
    assert_eq!(fake.calls_to("getMe")[0].status, 401);
}

#[tokio::test]
async fn bodies_of_any_kind_are_answered_without_panicking() {
    let (fake, _) = start().await;
    let (status, body) = raw(&fake, "sendMessage", "application/json", "{not json").await;
    assert_eq!(status, 400);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (&body["ok"], &body["error_code"]),
        (&json!(false), &json!(400))
    );
    assert!(
        body["description"]
            .as_str()
            .unwrap()
            .starts_with("Bad Request: ")
    );

    let form = "chat_id=42&text=halo+dunia%21";
    let (status, _) = raw(
        &fake,
        "sendMessage",
        "application/x-www-form-urlencoded",
        form,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(fake.messages_to(42)[0].text, "halo dunia!");

    assert_eq!(raw(&fake, "getMe", "", "").await.0, 200);
    assert_eq!(raw(&fake, "GETME", "application/json", "[1]").await.0, 400);
    assert_eq!(
        raw(
            &fake,
            "sendMessage",
            "application/json",
            r#"{"chat_id":"@x","text":"a"}"#
        )
        .await
        .0,
        400
    );
    assert_eq!(
        raw(&fake, "sendMessage", "application/json", r#"{"text":"a"}"#)
            .await
            .0,
        400
    );
    assert_eq!(
        raw(&fake, "setChatMenuButton", "application/json", "{}")
            .await
            .0,
        200
    );
    assert_eq!(fake.calls_to("setchatmenubutton").len(), 1);

    // Another chat: a document is a send, and chat 42 had one a moment ago.
    let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n43\r\n\
                     --XyZ\r\nContent-Disposition: form-data; name=\"document\"; filename=\"a.txt\"\r\n\
                     Content-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n";
    let content_type = "multipart/form-data; boundary=XyZ";
    assert_eq!(
        raw(&fake, "sendDocument", content_type, multipart).await.0,
        200
    );
    let upload = &fake.calls_to("senddocument")[0].body;
    assert_eq!(upload["chat_id"], json!("43"));
    assert_eq!(
        upload["document"],
        json!({ "file_name": "a.txt", "size": 5 })
    );
}
