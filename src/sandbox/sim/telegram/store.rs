//! What the fake remembers: the update queue, every message of every chat, and the journal.
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::{Notify, broadcast};

use super::limits::{Limiter, Limits};
use super::{Call, CallbackAnswer, Failure, FakeConfig, FakeUser, FileKind, SentMessage, wire};

/// A panic while a lock was held (a failed assertion in a test) must not take the fake down
/// too: every change to the store is complete before its lock is released.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(super) struct Inner {
    pub(super) config: FakeConfig,
    store: Mutex<Store>,
    /// Wakes long polls when an update may be deliverable, or the server stops.
    pub(super) updates_ready: Notify,
    /// Wakes observers on every change to the journal.
    pub(super) changed: Notify,
    pub(super) sent_tx: broadcast::Sender<SentMessage>,
    pub(super) answers_tx: broadcast::Sender<CallbackAnswer>,
    stopping: AtomicBool,
}

impl Inner {
    pub(super) fn new(config: FakeConfig) -> Self {
        let store = Store {
            limits: config.limits,
            ..Store::default()
        };
        Self {
            config,
            store: Mutex::new(store),
            updates_ready: Notify::new(),
            changed: Notify::new(),
            sent_tx: broadcast::channel(1024).0,
            answers_tx: broadcast::channel(256).0,
            stopping: AtomicBool::new(false),
        }
    }

    pub(super) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub(super) fn begin_stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.updates_ready.notify_waiters();
        self.changed.notify_waiters();
    }

    pub(super) fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// A message as the chat holds it, so later edits, replies and button presses can refer to it.
pub(super) struct StoredMessage {
    /// The Bot API `Message`, as the latest version reads.
    pub(super) json: Value,
    pub(super) raw_text: String,
    pub(super) parse_mode: Option<String>,
    pub(super) markup: Option<Value>,
    pub(super) from_bot: bool,
}

/// A file Telegram gave an id to: uploaded by the bot, or sent by a person.
#[derive(Debug, Clone)]
pub(super) struct KnownFile {
    pub(super) kind: FileKind,
    /// The id naming the file as a whole: a photo's largest size.
    pub(super) file_id: String,
    /// What a message carrying it holds: the `photo` array of sizes, or the `document`.
    pub(super) json: Value,
    pub(super) file_name: Option<String>,
    /// As uploaded; a person's photo has no content here.
    pub(super) bytes: Option<Vec<u8>>,
}

/// One delivery of an update; a redelivered update has several.
struct Queued {
    update_id: i64,
    kind: &'static str,
    delivered: bool,
    /// Put back on purpose: delivered even though the bot's offset is already past it.
    redelivery: bool,
}

/// Commands the bot registered for one scope and language.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandSet {
    /// As sent, `{"type":"default"}` when the bot gave none.
    pub scope: Value,
    /// Empty for all languages.
    pub language_code: String,
    pub commands: Value,
}

#[derive(Default)]
pub(super) struct Store {
    last_update_id: i64,
    queue: Vec<Queued>,
    updates: BTreeMap<i64, (&'static str, Value)>,
    /// As the bot last asked; Telegram remembers it between calls.
    pub(super) allowed_updates: Option<Vec<String>>,
    pub(super) confirmed_offset: i64,
    pub(super) polls_held: usize,
    pub(super) messages: HashMap<(i64, i64), StoredMessage>,
    last_message_id: HashMap<i64, i64>,
    pub(super) users: HashMap<i64, FakeUser>,
    /// Every file id handed out, each size of a photo included, to what it names.
    pub(super) files: HashMap<String, KnownFile>,
    pub(super) last_file: u64,
    /// The path getFile gave each downloadable file, to its file id.
    pub(super) file_paths: HashMap<String, String>,
    pub(super) last_callback: u64,
    pub(super) open_callbacks: HashSet<String>,
    /// The chat each press came from, by callback id.
    pub(super) callback_chats: HashMap<String, i64>,
    pub(super) callback_answers: Vec<CallbackAnswer>,
    pub(super) calls: Vec<Call>,
    pub(super) sent: Vec<SentMessage>,
    pub(super) failures: VecDeque<(Option<i64>, Failure)>,
    pub(super) blocked: HashSet<i64>,
    pub(super) retry_next: Option<u32>,
    pub(super) latency: Duration,
    pub(super) commands: Vec<CommandSet>,
    pub(super) webhook: Option<super::webhook::Webhook>,
    /// Unix time and message of the last failed delivery to the webhook, as a test set it.
    pub(super) webhook_error: Option<(i64, String)>,
    pub(super) limits: Limits,
    pub(super) limiter: Limiter,
}

impl Store {
    /// Message ids count per chat, shared by both sides, as in a private chat.
    pub(super) fn next_message_id(&mut self, chat_id: i64) -> i64 {
        let id = self.last_message_id.entry(chat_id).or_insert(0);
        *id += 1;
        *id
    }

    pub(super) fn push_update(&mut self, kind: &'static str, payload: Value) -> i64 {
        self.last_update_id += 1;
        let update_id = self.last_update_id;
        let update = json!({ "update_id": update_id, kind: payload });
        self.updates.insert(update_id, (kind, update));
        self.queue.push(Queued {
            update_id,
            kind,
            delivered: false,
            redelivery: false,
        });
        update_id
    }

    /// How many deliveries of `update_id` the next polls will make.
    pub(super) fn due(&self, update_id: i64) -> usize {
        let offset = self.confirmed_offset;
        self.queue
            .iter()
            .filter(|q| q.update_id == update_id && (!q.delivered || q.update_id >= offset))
            .count()
    }

    /// Queues `copies` more deliveries of a known update; false if there is no such update.
    pub(super) fn queue_copies(&mut self, update_id: i64, copies: usize) -> bool {
        let Some((kind, _)) = self.updates.get(&update_id) else {
            return false;
        };
        let kind = *kind;
        for _ in 0..copies {
            self.queue.push(Queued {
                update_id,
                kind,
                delivered: false,
                redelivery: true,
            });
        }
        true
    }

    /// getUpdates: an offset confirms every update below it, as Telegram does; the answer is
    /// what is still due, oldest first.
    pub(super) fn take_batch(&mut self, offset: i64, limit: usize) -> Vec<Value> {
        if offset > 0 {
            self.confirmed_offset = self.confirmed_offset.max(offset);
            self.queue
                .retain(|q| q.update_id >= offset || (q.redelivery && !q.delivered));
        } else if offset < 0 {
            // Only the last -offset updates survive; the rest are forgotten.
            self.queue.sort_by_key(|q| q.update_id);
            let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
            let forget = self.queue.len().saturating_sub(keep);
            self.queue.drain(..forget);
        }
        if let Some(allowed) = self.allowed_updates.as_ref().filter(|a| !a.is_empty()) {
            // Telegram does not keep updates of kinds the bot did not ask for.
            self.queue
                .retain(|q| allowed.iter().any(|kind| kind == q.kind));
        }
        // Oldest first, so the bot's next offset confirms the whole batch.
        self.queue.sort_by_key(|q| q.update_id);
        let mut batch = Vec::new();
        for queued in self.queue.iter_mut().take(limit) {
            queued.delivered = true;
            if let Some((_, update)) = self.updates.get(&queued.update_id) {
                batch.push(update.clone());
            }
        }
        batch
    }

    pub(super) fn is_confirmed(&self, update_id: i64) -> bool {
        update_id < self.confirmed_offset && !self.queue.iter().any(|q| q.update_id == update_id)
    }

    pub(super) fn forget_pending(&mut self) {
        self.queue.clear();
    }

    pub(super) fn pending(&self) -> usize {
        self.queue.len()
    }

    pub(super) fn chat(&self, chat_id: i64) -> Value {
        wire::chat(chat_id, self.users.get(&chat_id))
    }
}
