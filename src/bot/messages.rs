//! A message, routed to the flow it is for: a command (by the command table), purchases typed
//! as lines, a transfer proof's photo, a catalogue file, or plain text a buying menu waits for.
//! A chat over its flood budget is refused here too.
use std::sync::Arc;

use teloxide_core::prelude::*;
use teloxide_core::types::{Message, Update, UpdateKind};

use super::{BotContext, Caller, Outgoing, Reply, TgBot};
use super::{browse, commands, deposits, import, purchase, run};
use crate::text;

/// An update from a chat over its flood budget: nothing is acted upon. The first of a flood
/// gets the notice, and so does every purchase (never dropped without a word); a button press
/// is answered with it, so the button stops spinning.
pub async fn refuse_flooded(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    update: Update,
    first: bool,
) -> Vec<Outgoing> {
    match update.kind {
        UpdateKind::Message(msg) => {
            let typed = msg.text().unwrap_or_default();
            let purchase = match commands::parse(typed, &ctx.username()) {
                Ok(commands::Command::Reseller(
                    commands::ResellerCommand::Buy { .. } | commands::ResellerCommand::RepeatLast,
                )) => true,
                Err(commands::ParseError::NotACommand) => {
                    commands::lines::parse(typed) != commands::lines::Purchases::None
                }
                _ => false,
            };
            if first || purchase {
                Outgoing::to(msg.chat.id.0, Reply::text(text::bot::FLOODED))
            } else {
                Vec::new()
            }
        }
        UpdateKind::CallbackQuery(query) => {
            let ack = bot
                .api()
                .answer_callback_query(query.id.clone())
                .text(text::bot::FLOODED_SHORT);
            if let Err(e) = ack.await {
                tracing::warn!(error = %e, "button press not acknowledged");
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub(super) async fn on_message(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    update_id: i64,
    msg: Message,
) -> Vec<Outgoing> {
    let Some(from) = msg.from.as_ref() else {
        return Vec::new();
    };
    let Ok(user_id) = i64::try_from(from.id.0) else {
        return Vec::new();
    };
    let text = msg.text().unwrap_or_default();
    let parsed = commands::parse(text, &ctx.username());
    if !msg.chat.is_private() {
        // Balances and purchases are personal; in groups we only point to the private chat.
        if parsed.is_ok() {
            return Outgoing::to(msg.chat.id.0, Reply::text(text::bot::PRIVATE_ONLY));
        }
        return Vec::new();
    }
    let parsed = parsed.or_else(|e| without_slash(e, text));
    let caller = Caller {
        user_id,
        chat_id: msg.chat.id.0,
        message_id: i64::from(msg.id.0),
        update_id,
        name: from.full_name(),
        username: from.username.clone(),
    };
    let photo = msg.photo().and_then(|sizes| sizes.last());
    if let Some(parsed) = photo.and_then(|p| complaint_caption(ctx, &msg, &p.file.id.0)) {
        let reply = reply_to(ctx, &caller, parsed).await;
        return reply.map_or_else(Vec::new, |r| Outgoing::to(caller.chat_id, r));
    }
    if matches!(parsed, Err(commands::ParseError::NotACommand)) && photo.is_none() {
        match purchase::buy_lines(ctx, &caller, text).await {
            Ok(Some(replies)) => return replies,
            Ok(None) => {}
            Err(e) => {
                tracing::error!(user_id, update_id, error = ?e, "typed purchases failed");
                return Outgoing::to(caller.chat_id, Reply::text(text::bot::INTERNAL_ERROR));
            }
        }
    }
    let reply = match (parsed, photo) {
        // A photo (its caption is no command) is a transfer proof for the sender's open ticket.
        (Err(commands::ParseError::NotACommand), Some(photo)) => {
            let file_id = photo.file.id.0.as_str();
            Some(deposits::proof(ctx, &caller, file_id).await.unwrap_or_else(|e| {
                tracing::error!(user_id, update_id, error = ?e, "transfer proof not forwarded");
                Reply::text(text::bot::INTERNAL_ERROR)
            }))
        }
        // A document (its caption is no command) is a catalogue file, from an admin.
        (Err(commands::ParseError::NotACommand), None) if msg.document().is_some() => {
            Some(import::on_document(ctx, bot, &caller, msg.document()).await)
        }
        // Plain text may be a destination a menu waits for, or a number alone. Commands
        // always go their own way.
        (Err(commands::ParseError::NotACommand), None) => {
            match browse::on_text(ctx, bot, &caller, &msg).await {
                Ok(Some(reply)) => reply,
                Ok(None) => Some(Reply::text(text::bot::NOT_A_COMMAND)),
                Err(e) => {
                    tracing::error!(user_id, update_id, error = ?e, "menu message failed");
                    Some(Reply::text(text::bot::INTERNAL_ERROR))
                }
            }
        }
        (parsed, _) => reply_to(ctx, &caller, parsed).await,
    };
    match reply {
        Some(reply) => Outgoing::to(caller.chat_id, reply),
        None => Vec::new(),
    }
}

/// `saldo`, `harga …` or `deposit …` typed without the slash: the command. Read only in a
/// private chat, where every message is for us; in a group it would answer people talking.
fn without_slash(
    e: commands::ParseError,
    text: &str,
) -> Result<commands::Command, commands::ParseError> {
    match e {
        commands::ParseError::NotACommand => commands::bare::parse(text).unwrap_or(Err(e)),
        e => Err(e),
    }
}

/// A photo whose caption is `/komplain …`: the complaint, keeping the photo. Any other caption
/// leaves the photo a transfer proof.
fn complaint_caption(
    ctx: &BotContext,
    msg: &Message,
    file_id: &str,
) -> Option<Result<commands::Command, commands::ParseError>> {
    use commands::{Command, ParseError, ResellerCommand as R};
    let parsed = commands::parse(msg.caption()?, &ctx.username());
    match parsed {
        Ok(Command::Reseller(R::Complain { trxid, text, .. })) => {
            let photo = Some(file_id.to_owned());
            Some(Ok(Command::Reseller(R::Complain { trxid, text, photo })))
        }
        Ok(Command::Reseller(R::Complaints)) => Some(parsed),
        Err(ParseError::Usage { spec, .. }) if spec.name == "komplain" => Some(parsed),
        _ => None,
    }
}

async fn reply_to(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    parsed: Result<commands::Command, commands::ParseError>,
) -> Option<Reply> {
    let (user_id, update_id) = (caller.user_id, caller.update_id);
    match parsed {
        Ok(command) => {
            let name = command.name();
            run::run(ctx, caller, command).await.unwrap_or_else(|e| {
                tracing::error!(command = name, user_id, update_id, error = ?e, "command failed");
                Some(Reply::text(text::bot::INTERNAL_ERROR))
            })
        }
        Err(commands::ParseError::NotACommand) => Some(Reply::text(text::bot::NOT_A_COMMAND)),
        Err(commands::ParseError::OtherBot) => None,
        Err(commands::ParseError::Unknown(name)) => {
            Some(Reply::text(text::bot::unknown_command(&name)))
        }
        // A malformed admin command from anyone else gets the same refusal as a well-formed
        // one: its usage line would show what `/help` hides from them.
        Err(commands::ParseError::Usage { spec, .. })
            if spec.is_admin() && !ctx.is_admin(caller.user_id) =>
        {
            Some(Reply::text(text::bot::ADMIN_ONLY))
        }
        Err(commands::ParseError::Usage { spec, problem }) => {
            Some(Reply::text(commands::usage(spec, problem.as_deref())))
        }
    }
}
