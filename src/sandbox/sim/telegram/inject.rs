//! The people's side of the conversation: each call becomes an update the bot receives on
//! its next getUpdates.
use serde_json::{Value, json};

use super::store::{Store, StoredMessage};
use super::{FakeTelegram, FakeUser, Injected, media, wire};

impl FakeTelegram {
    /// The person sends `text` in their private chat with the bot.
    pub async fn user_sends(&self, user: &FakeUser, text: &str) -> Injected {
        let injected = {
            let mut store = self.inner.store();
            store.users.insert(user.id, user.clone());
            let message_id = store.next_message_id(user.id);
            let mut message = json!({
                "message_id": message_id,
                "from": wire::user(user),
                "chat": store.chat(user.id),
                "date": wire::now_unix(),
                "text": text,
            });
            if let Some(entities) = wire::typed_entities(text) {
                message["entities"] = entities;
            }
            person_message(&mut store, (user.id, message_id), "message", message, text)
        };
        self.updated();
        injected
    }

    /// The person sends a photo (a transfer receipt, screenshotted), with a caption if given.
    /// Its sizes get fresh file ids the fake remembers, so the bot can send the photo on by
    /// [`Injected::file_id`].
    pub async fn user_sends_photo(&self, user: &FakeUser, caption: Option<&str>) -> Injected {
        self.user_sends_file(user, caption, "photo", |store| {
            let photo = media::person_photo(store);
            let file_id = photo
                .as_array()
                .and_then(|sizes| sizes.last()?.get("file_id")?.as_str())
                .map(str::to_owned);
            (photo, file_id)
        })
    }

    /// The person sends a file as a document (a CSV from a spreadsheet), with a caption if
    /// given. The file gets fresh ids the fake remembers, with a `file_path` that getFile
    /// reveals and the download route serves; [`Injected::file_id`] is its id.
    pub async fn user_sends_document(
        &self,
        user: &FakeUser,
        file_name: &str,
        bytes: Vec<u8>,
        caption: Option<&str>,
    ) -> Injected {
        self.user_sends_file(user, caption, "document", |store| {
            let document = media::person_document(store, file_name, bytes);
            let file_id = document
                .get("file_id")
                .and_then(Value::as_str)
                .map(str::to_owned);
            (document, file_id)
        })
    }

    /// A message whose `field` (a photo's sizes, a document) `media` makes, with the file id
    /// the bot will see, and a caption if given.
    fn user_sends_file(
        &self,
        user: &FakeUser,
        caption: Option<&str>,
        field: &str,
        media: impl FnOnce(&mut Store) -> (Value, Option<String>),
    ) -> Injected {
        let injected = {
            let mut store = self.inner.store();
            store.users.insert(user.id, user.clone());
            let message_id = store.next_message_id(user.id);
            let (file, file_id) = media(&mut store);
            let mut message = json!({
                "message_id": message_id,
                "from": wire::user(user),
                "chat": store.chat(user.id),
                "date": wire::now_unix(),
            });
            message[field] = file;
            if let Some(caption) = caption {
                message["caption"] = json!(caption);
                if let Some(entities) = wire::typed_entities(caption) {
                    message["caption_entities"] = entities;
                }
            }
            let text = caption.unwrap_or_default();
            Injected {
                file_id,
                ..person_message(&mut store, (user.id, message_id), "message", message, text)
            }
        };
        self.updated();
        injected
    }

    /// The person edits a message of theirs; unknown ids are edited as if they existed.
    pub async fn user_edits(&self, user: &FakeUser, message_id: i64, new_text: &str) -> Injected {
        let injected = {
            let mut store = self.inner.store();
            store.users.insert(user.id, user.clone());
            let now = wire::now_unix();
            let mut message = match store.messages.get(&(user.id, message_id)) {
                Some(stored) if !stored.from_bot => stored.json.clone(),
                _ => json!({
                    "message_id": message_id,
                    "from": wire::user(user),
                    "chat": store.chat(user.id),
                    "date": now,
                }),
            };
            message["text"] = json!(new_text);
            message["edit_date"] = json!(now);
            match (wire::typed_entities(new_text), message.as_object_mut()) {
                (Some(entities), _) => message["entities"] = entities,
                (None, Some(fields)) => drop(fields.remove("entities")),
                (None, None) => {}
            }
            person_message(
                &mut store,
                (user.id, message_id),
                "edited_message",
                message,
                new_text,
            )
        };
        self.updated();
        injected
    }

    /// The person presses an inline button carrying `callback_data` under the bot's message
    /// `message_id`. Stale or made-up buttons are pressed all the same, as an old client could.
    pub async fn user_presses(
        &self,
        user: &FakeUser,
        message_id: i64,
        callback_data: &str,
    ) -> Injected {
        let injected = {
            let mut store = self.inner.store();
            store.users.insert(user.id, user.clone());
            let message = match store.messages.get(&(user.id, message_id)) {
                Some(stored) => stored.json.clone(),
                // Date 0 is how Telegram says the message is no longer accessible.
                None => json!({ "message_id": message_id, "chat": store.chat(user.id), "date": 0 }),
            };
            store.last_callback += 1;
            let callback_id = (4_400_000_000_000_000_000_u64 + store.last_callback).to_string();
            store.open_callbacks.insert(callback_id.clone());
            store.callback_chats.insert(callback_id.clone(), user.id);
            let query = json!({
                "id": callback_id,
                "from": wire::user(user),
                "message": message,
                "chat_instance": user.id.wrapping_mul(-7919).to_string(),
                "data": callback_data,
            });
            let update_id = store.push_update("callback_query", query);
            Injected {
                update_id,
                message_id,
                callback_id: Some(callback_id),
                file_id: None,
            }
        };
        self.updated();
        injected
    }

    /// Delivers a known update once more, same id and content, even if the bot has confirmed
    /// it: what Telegram does after a crash. False if no such update was ever made.
    pub async fn redeliver(&self, update_id: i64) -> bool {
        let known = self.inner.store().queue_copies(update_id, 1);
        self.updated();
        known
    }

    /// Makes the next getUpdates answer carry this update twice in a row.
    pub async fn deliver_twice(&self, update_id: i64) -> bool {
        let known = {
            let mut store = self.inner.store();
            let missing = 2usize.saturating_sub(store.due(update_id));
            store.queue_copies(update_id, missing)
        };
        self.updated();
        known
    }

    fn updated(&self) {
        self.inner.updates_ready.notify_waiters();
        self.inner.changed.notify_waiters();
    }
}

/// Keeps a person's message (new or edited) in their chat, so the bot can reply to it, and
/// queues it as an update of `kind`.
fn person_message(
    store: &mut Store,
    (chat_id, message_id): (i64, i64),
    kind: &'static str,
    message: Value,
    raw_text: &str,
) -> Injected {
    let stored = StoredMessage {
        json: message.clone(),
        raw_text: raw_text.to_owned(),
        parse_mode: None,
        markup: None,
        from_bot: false,
    };
    store.messages.insert((chat_id, message_id), stored);
    let update_id = store.push_update(kind, message);
    Injected {
        update_id,
        message_id,
        callback_id: None,
        file_id: None,
    }
}
