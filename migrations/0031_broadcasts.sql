-- Broadcasts (`/siaran`), the new-reseller notice and registration by approval.

-- A message an admin drafted for every reseller: previewed with its number of recipients, then
-- sent (✅) or dropped (❌). Its messages are outbox rows of their own lane (below), queued in
-- the transaction that marks it sent, so it is sent exactly when it is marked.
create table broadcasts (
    broadcast_id bigint generated always as identity primary key,
    admin_id     bigint not null,
    -- The `/siaran` message that drafted it: a redelivered command drafts nothing new.
    chat_id      bigint not null,
    message_id   bigint not null,
    -- As the recipients read it: Telegram HTML, escaped.
    text         text not null,
    created_at   timestamptz not null default now(),
    status       text not null default 'draft',
    -- Who pressed ✅ or ❌, when, and how many it was queued for.
    decided_by   bigint,
    decided_at   timestamptz,
    recipients   integer,
    constraint broadcasts_one_per_message unique (chat_id, message_id),
    -- Drafted, then sent or cancelled once: the press that decides is the one that changes it.
    constraint broadcasts_status_known check (status in ('draft', 'sent', 'cancelled')),
    constraint broadcasts_decided_once check ((status = 'draft') = (decided_at is null)),
    constraint broadcasts_recipients_when_sent check ((status = 'sent') = (recipients is not null)),
    constraint broadcasts_text_length check (char_length(text) between 1 and 4000)
);

-- A broadcast's messages form the outbox's last lane: a chat's replies and alerts leave first,
-- and across chats a broadcast takes only what the rest leaves of the worker's batches, so a
-- purchase's result is never queued behind a broadcast to hundreds of resellers.
alter table outbox add column broadcast_id bigint references broadcasts;
-- The admins' summary of a broadcast ("48 terkirim, 2 gagal"), queued with its messages and sent
-- once none of them waits any more; its text is counted when it leaves.
alter table outbox add column broadcast_summary boolean not null default false;
alter table outbox add constraint outbox_summary_of_a_broadcast
    check (not broadcast_summary or broadcast_id is not null);
-- A broadcast reaches each recipient once, however often ✅ is pressed and by whom.
create unique index outbox_one_broadcast_per_chat on outbox (broadcast_id, chat_id, broadcast_summary)
    where broadcast_id is not null;
-- The waiting part of the broadcast lane, which the claim walks in order; rows of no broadcast
-- are not in it, so ordinary messages write no entry.
create index outbox_broadcast_waiting on outbox (outbox_id)
    where broadcast_id is not null and sent_at is null and dead_reason is null;

-- REGISTRATION=approval: a user who first wrote while it was on waits for an admin's ✅ before
-- buying or opening a deposit ticket. Everyone registered before stays approved.
alter table users add column approved boolean not null default true;
