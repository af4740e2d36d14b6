//! Watching the bot, and making Telegram misbehave on purpose.
use std::time::Duration;

use tokio::sync::broadcast;

use super::store::{CommandSet, Store};
use super::{Call, CallbackAnswer, Failure, FakeTelegram, Limits, SentMessage, wire};

impl FakeTelegram {
    /// Every call answered so far. A call is recorded once answered, so a long poll shows up
    /// when it returns; `Call::at` is still when it arrived.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.store().calls.clone()
    }

    /// Calls of one method, named in any case (`"sendMessage"`, `"sendmessage"`).
    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        let method = method.to_ascii_lowercase();
        let store = self.inner.store();
        store
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// How many calls were answered 429, for flooding or on purpose.
    pub fn too_many_requests(&self) -> usize {
        self.inner
            .store()
            .calls
            .iter()
            .filter(|c| c.status == 429)
            .count()
    }

    /// Every message and edit Telegram accepted, in order.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.inner.store().sent.clone()
    }

    pub fn messages_to(&self, chat_id: i64) -> Vec<SentMessage> {
        let store = self.inner.store();
        store
            .sent
            .iter()
            .filter(|m| m.chat_id == chat_id)
            .cloned()
            .collect()
    }

    /// Each accepted message and edit from now on, as it happens. A receiver that falls more
    /// than 1024 behind loses the oldest.
    pub fn subscribe(&self) -> broadcast::Receiver<SentMessage> {
        self.inner.sent_tx.subscribe()
    }

    /// Every answer to a button press so far, in order.
    pub fn callback_answers(&self) -> Vec<CallbackAnswer> {
        self.inner.store().callback_answers.clone()
    }

    /// The answer to the press `callback_id`, given already or yet to come.
    pub async fn wait_for_callback_answer(
        &self,
        callback_id: &str,
        timeout: Duration,
    ) -> Option<CallbackAnswer> {
        self.wait_until(timeout, |store| {
            store
                .callback_answers
                .iter()
                .find(|a| a.callback_id == callback_id)
                .cloned()
        })
        .await
    }

    /// Each answer to a button press from now on, as it happens.
    pub fn subscribe_answers(&self) -> broadcast::Receiver<CallbackAnswer> {
        self.inner.answers_tx.subscribe()
    }

    /// How many messages have been sent so far: a mark for [`Self::wait_for_message_after`].
    pub fn message_mark(&self) -> usize {
        self.inner.store().sent.len()
    }

    /// The first message to `chat_id`, already sent or yet to come, that `matches`.
    pub async fn wait_for_message(
        &self,
        chat_id: i64,
        matches: impl Fn(&SentMessage) -> bool,
        timeout: Duration,
    ) -> Option<SentMessage> {
        self.wait_for_message_after(0, chat_id, matches, timeout)
            .await
    }

    /// Like [`Self::wait_for_message`], among messages sent after `mark` only.
    pub async fn wait_for_message_after(
        &self,
        mark: usize,
        chat_id: i64,
        matches: impl Fn(&SentMessage) -> bool,
        timeout: Duration,
    ) -> Option<SentMessage> {
        self.wait_until(timeout, |store| {
            let later = store.sent.get(mark..)?;
            later
                .iter()
                .find(|m| m.chat_id == chat_id && matches(m))
                .cloned()
        })
        .await
    }

    /// The first call, already made or yet to come, that `matches`.
    pub async fn wait_for_call(
        &self,
        matches: impl Fn(&Call) -> bool,
        timeout: Duration,
    ) -> Option<Call> {
        self.wait_until(timeout, |store| {
            store.calls.iter().find(|c| matches(c)).cloned()
        })
        .await
    }

    /// The highest offset the bot has sent to getUpdates: it has confirmed every update below.
    pub fn confirmed_offset(&self) -> i64 {
        self.inner.store().confirmed_offset
    }

    /// Whether the bot confirmed this update and no delivery of it is due any more.
    pub fn is_confirmed(&self, update_id: i64) -> bool {
        self.inner.store().is_confirmed(update_id)
    }

    pub async fn wait_confirmed(&self, update_id: i64, timeout: Duration) -> bool {
        self.wait_until(timeout, |store| store.is_confirmed(update_id).then_some(()))
            .await
            .is_some()
    }

    /// Waits until a getUpdates call is being held open: the bot is running and idle.
    pub async fn wait_until_polling(&self, timeout: Duration) -> bool {
        self.wait_until(timeout, |store| (store.polls_held > 0).then_some(()))
            .await
            .is_some()
    }

    /// Deliveries of updates not yet confirmed.
    pub fn pending_updates(&self) -> usize {
        self.inner.store().pending()
    }

    /// The commands the bot registered, per scope and language.
    pub fn command_sets(&self) -> Vec<CommandSet> {
        self.inner.store().commands.clone()
    }

    /// The next `times` sends (sendMessage, sendPhoto, sendDocument; to `chat_id` only, if
    /// given) fail with `failure`.
    pub fn fail_next_sends(&self, times: usize, chat_id: Option<i64>, failure: Failure) {
        let mut store = self.inner.store();
        store
            .failures
            .extend(std::iter::repeat_n((chat_id, failure), times));
    }

    /// Every send and edit to this chat gets 403 until [`Self::unblock_chat`].
    pub fn block_chat(&self, chat_id: i64) {
        self.inner.store().blocked.insert(chat_id);
    }

    pub fn unblock_chat(&self, chat_id: i64) {
        self.inner.store().blocked.remove(&chat_id);
    }

    /// The next call other than getUpdates is answered 429 with this `retry_after`. Long polls
    /// are spared so that the call it hits is the one the test makes.
    pub fn retry_after_next(&self, seconds: u32) {
        self.inner.store().retry_next = Some(seconds);
    }

    /// Holds every call but getUpdates this long before answering.
    pub fn set_latency(&self, latency: Duration) {
        self.inner.store().latency = latency;
    }

    pub fn set_limits(&self, limits: Limits) {
        self.inner.store().limits = limits;
    }

    /// Checks `found` on every change until it finds something or `timeout` passes.
    async fn wait_until<T>(
        &self,
        timeout: Duration,
        found: impl Fn(&Store) -> Option<T>,
    ) -> Option<T> {
        let deadline = wire::deadline(timeout);
        loop {
            // Registered before looking, so a change between the look and the wait still wakes.
            let changed = self.inner.changed.notified();
            let result = found(&self.inner.store());
            if result.is_some() {
                return result;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                return found(&self.inner.store());
            }
        }
    }
}
