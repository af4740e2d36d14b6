-- A catalogue file an admin sent, read and previewed, waiting for ✅ Terapkan or ❌ Batal.
-- Keyed by the document's message, so a redelivered document asks the same question. `lines`
-- holds the file's good lines as read (code, name, category and brand by name, cost, price,
-- active); emptied once decided, as nothing reads them again.
create table catalogue_imports (
    chat_id      bigint not null,
    message_id   bigint not null,
    asked_by     bigint not null,
    file_name    text not null,
    lines        jsonb not null,
    created_at   timestamptz not null default now(),
    -- 'applied' or 'cancelled' once an admin pressed; a decision is never changed.
    decision     text,
    decided_by   bigint,
    decided_at   timestamptz,
    -- What the apply did: products added, and products changed.
    added        int,
    changed      int,
    primary key (chat_id, message_id),
    constraint catalogue_imports_decision_known
        check (decision is null or decision in ('applied', 'cancelled')),
    constraint catalogue_imports_decided_together
        check ((decision is null) = (decided_at is null)
           and (decision is null) = (decided_by is null)),
    constraint catalogue_imports_counts_when_applied
        check ((decision = 'applied') = (added is not null and changed is not null))
);
