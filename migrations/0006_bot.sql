-- A repeat purchase (same reseller, product and destination within the duplicate window)
-- waits here for the reseller's button press instead of charging again. Keyed by the /beli
-- message, which is also the order's key once confirmed: pressing "Ya" twice cannot buy twice.
create table purchase_confirmations (
    chat_id       bigint not null,
    message_id    bigint not null,
    user_id       bigint not null references users (user_id),
    product_code  text not null,
    destination   text not null,
    created_at    timestamptz not null default now(),
    -- 'confirmed' or 'cancelled' once the reseller chose; a decision is never changed.
    decision      text,
    decided_at    timestamptz,
    primary key (chat_id, message_id),
    constraint purchase_confirmations_decision_known
        check (decision is null or decision in ('confirmed', 'cancelled')),
    constraint purchase_confirmations_decided_together
        check ((decision is null) = (decided_at is null))
);

-- Webhook mode: Telegram's update is stored before we answer 200, so an update Telegram
-- considers delivered is never only in memory. Processed from here, in update_id order.
create table inbound_updates (
    update_id     bigint primary key,
    -- Exactly as Telegram sent it: jsonb would reorder keys, and the update parser reads
    -- `update_id` first.
    payload       text not null,
    received_at   timestamptz not null default now(),
    locked_until  timestamptz,
    processed_at  timestamptz
);
create index inbound_updates_unprocessed on inbound_updates (update_id) where processed_at is null;

-- Admin alerts about orders waiting too long are sent once per order.
alter table orders add column stuck_alerted_at timestamptz;

-- Wakes the outbox worker as soon as a message is committed, instead of it polling tightly.
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox', '');
    return null;
end;
$$;
create trigger outbox_notify after insert on outbox
    for each statement execute function outbox_notify();

-- /mutasi reads a reseller's latest entries.
create index ledger_entries_by_account on ledger_entries (account_id, entry_id desc);
