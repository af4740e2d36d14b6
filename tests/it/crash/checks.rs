//! What must hold after every crash and at the end: the books, one resolution per order, one
//! order per message, and every outcome told to its reseller, twice only in R20's window.
use std::collections::HashMap;

use loket::sandbox::sim::telegram::SentMessage;
use sqlx::PgConnection;

use super::process::Life;

/// Problems with the books and the orders; empty when everything holds. Safe while loket runs:
/// each query is one statement, one snapshot.
pub async fn books(conn: &mut PgConnection) -> Vec<String> {
    let mut found: Vec<String> = loket::ledger::check_invariants(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|v| format!("{}: {}", v.check, v.detail))
        .collect();
    let queries: [(&str, &str); 5] = [
        (
            "an order resolved twice in the ledger",
            "select 'order ' || order_id || ' has ' || count(*) || ' posts/voids'
               from ledger_txns where kind in ('post', 'void')
              group by order_id having count(*) > 1",
        ),
        (
            // R36: a refund and a reversal never both, nor two of either.
            "an order gave money back twice",
            "select 'order ' || order_id || ' has ' || string_agg(kind, ', ')
               from ledger_txns where kind in ('void', 'reversal', 'refund')
              group by order_id having count(*) > 1",
        ),
        (
            "an order left an open state twice",
            "select 'order ' || order_id || ' resolved ' || count(*) || ' times'
               from order_events
              where from_status in ('sending', 'pending', 'unknown')
                and to_status in ('success', 'failed')
              group by order_id having count(*) > 1",
        ),
        (
            "an update flood control refused placed an order",
            "select 'chat ' || o.chat_id || ' message ' || o.message_id
               from orders o join inbound_updates u on u.chat_id = o.chat_id
              where u.flooded and (u.payload::jsonb #>> '{message,message_id}')::bigint = o.message_id",
        ),
        (
            "a message placed more orders than it has lines",
            "select 'chat ' || chat_id || ' message ' || message_id || ': ' || n || ' orders, '
                    || coalesce(lines, 1) || ' lines'
               from (select o.chat_id, o.message_id, count(*) as n,
                            (select max((select count(*)
                                           from regexp_split_to_table(
                                                  u.payload::jsonb #>> '{message,text}', E'\\n') l
                                          where btrim(l) <> ''))
                               from inbound_updates u
                              where u.chat_id = o.chat_id
                                and (u.payload::jsonb #>> '{message,message_id}')::bigint
                                    = o.message_id) as lines
                       from orders o where o.message_id is not null
                      group by o.chat_id, o.message_id) m
              where n > coalesce(lines, 1)",
        ),
    ];
    for (check, sql) in queries {
        let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(&mut *conn).await.unwrap();
        found.extend(rows.into_iter().map(|(d,)| format!("{check}: {d}")));
    }
    found
}

/// One duplicated notification and the kill that explains it.
#[derive(Debug)]
pub struct Duplicate {
    pub chat_id: i64,
    pub key: String,
    /// Copies beyond the one each row should have.
    pub extra: usize,
    /// The lives that sent a copy; all but the last were killed before marking it sent.
    pub lives: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct Delivery {
    /// Outbox rows, all sent.
    pub rows: usize,
    /// Of those, alerts sent together with others of their kind as one message.
    pub merged: usize,
    /// Messages Telegram accepted that are copies of outbox rows.
    pub copies: usize,
    pub duplicates: Vec<Duplicate>,
    /// Outbox rows with no copy at Telegram, or duplicates R20 does not allow.
    pub problems: Vec<String>,
}

/// Matches every outbox row with the messages the fake Telegram accepted, by chat and exact
/// text. More copies than rows are duplicates; each must come from distinct lives, all but the
/// last of them killed: a copy sent, then SIGKILL before `sent_at` was committed (R20).
pub async fn delivery(
    conn: &mut PgConnection,
    messages: &[SentMessage],
    lives: &[Life],
    life_at: impl Fn(std::time::Instant) -> Option<usize>,
) -> Delivery {
    let rows: Vec<(String, i64, String, bool, bool, bool)> = sqlx::query_as(
        "select o.dedup_key, o.chat_id, o.text, o.sent_at is not null, o.dead_reason is not null,
                o.sent_with is not null
                or exists (select 1 from outbox c where c.sent_with = o.outbox_id)
           from outbox o",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let mut out = Delivery {
        rows: rows.len(),
        ..Delivery::default()
    };
    let (merged, rows): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.5);
    out.merged = merged.len();
    // Alerts that left together as one message: each must be inside a message to its chat.
    // Which life sent a merged message cannot be told from its text, so R20 is not judged here.
    for (key, chat, text, sent, dead, _) in &merged {
        let carried = messages
            .iter()
            .any(|m| !m.edit && m.chat_id == *chat && m.text.contains(text.as_str()));
        if !sent || *dead || !carried {
            out.problems.push(format!(
                "merged alert {key} not delivered (sent {sent}, dead {dead}, at Telegram {carried})"
            ));
        }
    }
    let mut by_text: HashMap<(i64, &str), Vec<&SentMessage>> = HashMap::new();
    for m in messages.iter().filter(|m| !m.edit) {
        by_text
            .entry((m.chat_id, m.text.as_str()))
            .or_default()
            .push(m);
    }
    let mut keys_by_text: HashMap<(i64, &str), Vec<&str>> = HashMap::new();
    for (key, chat, text, sent, dead, _) in &rows {
        if !sent || *dead {
            out.problems.push(format!(
                "outbox {key} not delivered (sent {sent}, dead {dead})"
            ));
        }
        keys_by_text
            .entry((*chat, text.as_str()))
            .or_default()
            .push(key);
    }
    for (slot, keys) in keys_by_text {
        let copies = by_text.get(&slot).map_or(&[][..], Vec::as_slice);
        out.copies += copies.len();
        if copies.len() < keys.len() {
            out.problems.push(format!(
                "{keys:?} to chat {}: {} rows, {} messages",
                slot.0,
                keys.len(),
                copies.len()
            ));
            continue;
        }
        if copies.len() == keys.len() {
            continue;
        }
        let mut lives_of: Vec<usize> = Vec::new();
        for m in copies {
            match life_at(m.at) {
                Some(life) => lives_of.push(life),
                None => out
                    .problems
                    .push(format!("{keys:?}: a copy sent while no loket was running")),
            }
        }
        lives_of.sort_unstable();
        let distinct = {
            let mut d = lives_of.clone();
            d.dedup();
            d
        };
        // With one row per text: one copy per life, and every life but the last killed. With
        // several rows sharing a text the copies cannot be told apart; the count still shows.
        if keys.len() == 1 {
            if distinct.len() != lives_of.len() {
                out.problems
                    .push(format!("{keys:?}: one life sent it twice: {lives_of:?}"));
            }
            for life in &distinct[..distinct.len().saturating_sub(1)] {
                if !lives[*life].killed {
                    out.problems.push(format!(
                        "{keys:?}: resent after life {life}, which was not killed"
                    ));
                }
            }
        }
        out.duplicates.push(Duplicate {
            chat_id: slot.0,
            key: keys.join(","),
            extra: copies.len() - keys.len(),
            lives: lives_of,
        });
    }
    out
}
