//! What a bot asks about a chat (`getChat`) and the command lists it sets (`setMyCommands`, and
//! the scope and language `getMyCommands` and `deleteMyCommands` name).
use serde_json::{Value, json};

use super::store::{CommandSet, Inner};
use super::wire::{self, Reject};

/// A person is known once they have written to the bot (pressed /start), a group once the bot
/// has a message there; for anyone else Telegram answers "chat not found".
pub(super) fn get_chat(inner: &Inner, params: &Value) -> Result<Value, Reject> {
    let not_found = || Reject::bad("chat not found");
    let chat_id = wire::int(params, "chat_id").ok_or_else(not_found)?;
    let store = inner.store();
    let known = if chat_id > 0 {
        store.users.contains_key(&chat_id)
    } else {
        store.messages.keys().any(|(chat, _)| *chat == chat_id)
    };
    if !known {
        return Err(not_found());
    }
    // A ChatFullInfo: teloxide requires these fields besides the chat's own.
    let mut chat = store.chat(chat_id);
    chat["accent_color_id"] = json!(0);
    chat["max_reaction_count"] = json!(11);
    chat["accepted_gift_types"] = json!({
        "unlimited_gifts": true, "limited_gifts": true,
        "unique_gifts": true, "premium_subscription": true,
    });
    Ok(chat)
}

pub(super) fn command_scope(params: &Value) -> (Value, String) {
    let scope = wire::structured(params, "scope").unwrap_or_else(|| json!({ "type": "default" }));
    let language_code = wire::string(params, "language_code")
        .unwrap_or_default()
        .to_owned();
    (scope, language_code)
}

pub(super) fn set_commands(inner: &Inner, params: &Value) -> Result<Value, Reject> {
    let commands = wire::structured(params, "commands")
        .filter(Value::is_array)
        .ok_or_else(|| Reject::bad("parameter \"commands\" is required"))?;
    let list = commands.as_array().map(Vec::as_slice).unwrap_or_default();
    if list.len() > 100 {
        return Err(Reject::bad("too many commands"));
    }
    for command in list {
        let name = command
            .get("command")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let description = command
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let name_ok = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !name_ok {
            return Err(Reject::bad("BOT_COMMAND_INVALID"));
        }
        if !(1..=256).contains(&description.chars().count()) {
            return Err(Reject::bad("BOT_COMMAND_DESCRIPTION_INVALID"));
        }
    }
    let (scope, language_code) = command_scope(params);
    let mut store = inner.store();
    store
        .commands
        .retain(|s| s.scope != scope || s.language_code != language_code);
    store.commands.push(CommandSet {
        scope,
        language_code,
        commands,
    });
    Ok(json!(true))
}

impl super::FakeTelegram {
    /// The commands a person sees under "/" in their private chat with the bot, as their app
    /// finds them: the chat's own scope first, then all private chats, then the default (for
    /// no particular language).
    pub fn menu_in_private_chat(&self, user_id: i64) -> Vec<String> {
        let store = self.inner.store();
        let scopes = [
            json!({ "type": "chat", "chat_id": user_id }),
            json!({ "type": "all_private_chats" }),
            json!({ "type": "default" }),
        ];
        let set = scopes.iter().find_map(|scope| {
            store
                .commands
                .iter()
                .find(|s| &s.scope == scope && s.language_code.is_empty())
        });
        let commands = set.and_then(|s| s.commands.as_array().cloned());
        commands
            .unwrap_or_default()
            .iter()
            .filter_map(|c| c.get("command").and_then(Value::as_str))
            .map(str::to_owned)
            .collect()
    }
}
