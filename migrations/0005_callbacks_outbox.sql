-- Every authenticated supplier callback as it arrived, and what we did with it. Written in the
-- same transaction as the transition it caused, so the log never claims what did not happen.
create table callback_log (
    callback_id  bigint generated always as identity primary key,
    received_at  timestamptz not null default now(),
    peer_ip      text not null,
    -- The raw query string, capped. The secret token is in the path, never in here.
    raw_query    text not null,
    refid        text,
    order_id     bigint references orders (order_id),
    outcome      text not null,
    detail       text not null default '',
    constraint callback_log_outcome_known check (outcome in (
        'applied', 'duplicate', 'reversal', 'conflict', 'mismatch', 'unknown_refid', 'invalid'
    ))
);
create index callback_log_by_order on callback_log (order_id);

-- Messages for Telegram, written in the same transaction as the change they announce and sent
-- by a worker afterwards, so a crash can delay a message but never lose one.
create table outbox (
    outbox_id        bigint generated always as identity primary key,
    -- What the message is about (`order:42:final`): the same event never queues twice.
    dedup_key        text not null,
    chat_id          bigint not null,
    -- Telegram HTML, already escaped and capped at 4096 characters.
    text             text not null,
    created_at       timestamptz not null default now(),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    locked_until     timestamptz,
    sent_at          timestamptz,
    -- Set when Telegram refused for good (blocked bot, bad request): not retried.
    dead_reason      text,
    constraint outbox_dedup_key_unique unique (dedup_key),
    constraint outbox_text_length check (char_length(text) between 1 and 4096)
);
create index outbox_due on outbox (next_attempt_at) where sent_at is null and dead_reason is null;
