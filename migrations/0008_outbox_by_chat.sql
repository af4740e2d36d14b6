-- A chat's messages must arrive in the order they were queued, so a new message is not due
-- before an earlier one of its chat that waits for a retry, and a retry holds back the chat's
-- later messages. Both look up a chat's unsent messages, which this finds without a scan.
create index outbox_unsent_by_chat on outbox (chat_id, outbox_id)
    where sent_at is null and dead_reason is null;
