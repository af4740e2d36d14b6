//! A CSV file an admin sends: downloaded (bounded), read, compared with the catalogue and
//! previewed under ✅ Terapkan / ❌ Batal; a press applies it or drops it. The question and its
//! answer are kept by [`crate::catalogue::import`].
use std::sync::Arc;

use futures::StreamExt;
use teloxide_core::net::Download;
use teloxide_core::prelude::*;
use teloxide_core::types::{CallbackQuery, Document, FileId};

use super::{BotContext, Caller, Reply, TgBot};
use crate::catalogue::import::{self, Applied, Asked, Key, MAX_BYTES};
use crate::telegram::buttons::{Press, Question, yes_no};
use crate::text::import as say;

/// Why a file was not read.
enum Fetch {
    TooBig,
    Failed,
}

/// The reply to an admin's document.
async fn preview_document(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    caller: &Caller,
    document: &Document,
) -> anyhow::Result<Reply> {
    let file_name = document
        .file_name
        .clone()
        .unwrap_or_else(|| "berkas".to_owned());
    if !looks_like_csv(
        &file_name,
        document.mime_type.as_ref().map(|m| m.essence_str()),
    ) {
        return Ok(Reply::text(say::NOT_CSV));
    }
    // Telegram says the size before anything is downloaded.
    if document.file.size > MAX_BYTES {
        return Ok(Reply::text(say::too_big(MAX_BYTES)));
    }
    let bytes = match fetch(bot, &document.file.id).await {
        Ok(bytes) => bytes,
        Err(Fetch::TooBig) => return Ok(Reply::text(say::too_big(MAX_BYTES))),
        Err(Fetch::Failed) => return Ok(Reply::text(say::DOWNLOAD_FAILED)),
    };
    let parsed = match import::parse(&bytes) {
        Ok(parsed) => parsed,
        Err(e) => return Ok(Reply::text(say::file_error(&e))),
    };
    let preview = {
        let mut conn = ctx.pool.acquire().await?;
        import::preview(&mut conn, parsed).await?
    };
    let can_apply = !preview.lines.is_empty();
    let key = Key {
        chat_id: caller.chat_id,
        message_id: caller.message_id,
    };
    if let Asked::Before(decided) =
        import::ask(&ctx.pool, key, caller.user_id, &file_name, &preview.lines).await?
    {
        return Ok(Reply::text(say::document_answered_before(decided)));
    }
    tracing::info!(
        admin_id = caller.user_id,
        new = preview.new.len(),
        changed = preview.changed.len(),
        unchanged = preview.unchanged,
        bad = preview.bad.len(),
        "catalogue file previewed"
    );
    Ok(Reply {
        text: say::preview(&file_name, &preview, can_apply),
        keyboard: can_apply.then(|| yes_no(Question::Import, caller.message_id, say::YES, say::NO)),
        attachment: None,
        manner: Default::default(),
    })
}

/// A document (its caption is no command): a catalogue file, from an admin only.
pub(super) async fn on_document(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    caller: &Caller,
    document: Option<&Document>,
) -> Reply {
    let Some(document) = document else {
        return Reply::text(crate::text::bot::NOT_A_COMMAND);
    };
    if !ctx.is_admin(caller.user_id) {
        tracing::warn!(
            user_id = caller.user_id,
            "document from a non-admin refused"
        );
        return Reply::text(crate::text::bot::ADMIN_ONLY);
    }
    preview_document(ctx, bot, caller, document)
        .await
        .unwrap_or_else(|e| {
            let (user_id, update_id) = (caller.user_id, caller.update_id);
            tracing::error!(user_id, update_id, error = ?e, "catalogue file not previewed");
            Reply::text(crate::text::bot::INTERNAL_ERROR)
        })
}

/// A spreadsheet's CSV, by name or type. Excel on Windows sends `.csv` as
/// `application/vnd.ms-excel`, so the name decides when it says `.csv`.
fn looks_like_csv(file_name: &str, mime: Option<&str>) -> bool {
    let lower = file_name.to_lowercase();
    lower.ends_with(".csv")
        || lower.ends_with(".txt")
        || matches!(
            mime,
            Some("text/csv" | "text/plain" | "text/comma-separated-values")
        )
}

/// The file's bytes, read no further than [`MAX_BYTES`] whatever Telegram said its size is.
async fn fetch(bot: &TgBot, file_id: &FileId) -> Result<Vec<u8>, Fetch> {
    let file = bot.api().get_file(file_id.clone()).await.map_err(|e| {
        tracing::warn!(error = %e, "getFile failed");
        Fetch::Failed
    })?;
    if file.size > MAX_BYTES {
        return Err(Fetch::TooBig);
    }
    let limit = usize::try_from(MAX_BYTES).unwrap_or(usize::MAX);
    let mut bytes = Vec::new();
    let mut stream = bot.api().download_file_stream(&file.path);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            tracing::warn!(error = %e.without_url(), "file download failed");
            Fetch::Failed
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(Fetch::TooBig);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A press on ✅ or ❌ under a preview. Returns the pop-up for the presser, if any; the outcome
/// replaces the preview.
pub(super) async fn decide(
    ctx: &Arc<BotContext>,
    bot: &TgBot,
    query: &CallbackQuery,
    press: Press,
) -> anyhow::Result<Option<String>> {
    let user_id = i64::try_from(query.from.id.0)?;
    let Some(prompt) = query.message.as_ref() else {
        return Ok(Some(say::GONE.into()));
    };
    let chat_id = prompt.chat().id.0;
    let key = Key {
        chat_id,
        message_id: press.message_id,
    };
    let file_name = import::file_name(&ctx.pool, key).await?;
    let text = if press.yes {
        match import::apply(&ctx.pool, key, user_id, &ctx.admins).await? {
            Applied::Unasked => return Ok(Some(say::GONE.into())),
            Applied::Before(decided) => return Ok(Some(say::answered_before(decided))),
            Applied::Missing { brand, name } => return Ok(Some(say::missing(brand, &name))),
            Applied::Expired => {
                tracing::info!(admin_id = user_id, "expired catalogue preview not applied");
                say::expired(&file_name)
            }
            Applied::Done {
                added,
                changed,
                unchanged,
                below_cost,
            } => {
                tracing::info!(
                    admin_id = user_id,
                    added,
                    changed,
                    unchanged,
                    levels_below_cost = below_cost.len(),
                    "catalogue file applied"
                );
                say::applied(&file_name, added, changed, unchanged, &below_cost)
            }
        }
    } else {
        match import::cancel(&ctx.pool, key, user_id).await? {
            None => return Ok(Some(say::GONE.into())),
            Some(Asked::Before(decided)) => return Ok(Some(say::answered_before(decided))),
            Some(Asked::Open) => say::cancelled(&file_name),
        }
    };
    bot.edit_html(chat_id, prompt.id(), text).await;
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::looks_like_csv;

    #[test]
    fn csv_is_told_by_name_or_type() {
        assert!(looks_like_csv("Katalog.CSV", None));
        assert!(looks_like_csv(
            "katalog.csv",
            Some("application/vnd.ms-excel")
        ));
        assert!(looks_like_csv("katalog", Some("text/csv")));
        assert!(!looks_like_csv(
            "katalog.xlsx",
            Some("application/vnd.openxmlformats")
        ));
        assert!(!looks_like_csv("foto.jpg", Some("image/jpeg")));
    }
}
