-- `/selesai <trxid> gagal` on a pending order (the supplier accepted it and may still deliver)
-- waits here for an admin's button press instead of refunding at once. Keyed by the admin's
-- /selesai message, so a redelivered command asks the same question. The press re-checks the
-- order under its row lock; this row only keeps what the command said and whether it was
-- answered, so that a second press does nothing.
create table settle_questions (
    chat_id      bigint not null,
    message_id   bigint not null,
    asked_by     bigint not null references users (user_id),
    trxid        text not null,
    note         text not null,
    created_at   timestamptz not null default now(),
    -- 'confirmed' or 'cancelled' once an admin pressed; a decision is never changed.
    decision     text,
    decided_by   bigint,
    decided_at   timestamptz,
    primary key (chat_id, message_id),
    constraint settle_questions_decision_known
        check (decision is null or decision in ('confirmed', 'cancelled')),
    constraint settle_questions_decided_together
        check ((decision is null) = (decided_at is null)
           and (decision is null) = (decided_by is null))
);
