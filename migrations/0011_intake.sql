-- Updates are handled from here in both modes: polling stores each batch before acknowledging
-- it, as webhook mode stores each update before answering 200. Workers take the oldest waiting
-- update of any chat that has none being handled, so chats are independent and each chat's
-- updates are handled in order.
alter table inbound_updates
    -- The chat the update belongs to; 0 for one without a chat (handled in order with each other).
    add column chat_id bigint not null default 0,
    add column user_id bigint,
    -- When the person sent it (Telegram's message date; arrival for other updates): flood
    -- control counts a chat's messages per minute by it.
    add column sent_at timestamptz not null default now(),
    -- Recorded but not acted upon: the chat was over its budget.
    add column flooded boolean not null default false;
drop index inbound_updates_unprocessed;
-- The head of each chat's queue.
create index inbound_updates_waiting on inbound_updates (chat_id, update_id)
    where processed_at is null;
-- A chat's latest updates, for flood control.
create index inbound_updates_by_chat on inbound_updates (chat_id, update_id);

-- Wakes the intake workers of every instance as soon as updates are committed.
create function inbound_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('inbound', '');
    return null;
end;
$$;
create trigger inbound_notify after insert on inbound_updates
    for each statement execute function inbound_notify();

-- Pressing /start is what a reseller does first; someone who never did gets a smaller flood
-- budget. Everyone registered before this counts as having started.
alter table users add column started_at timestamptz;
update users set started_at = created_at;

-- Replies carry their buttons (an inline keyboard, as Telegram's JSON).
alter table outbox add column keyboard text;
