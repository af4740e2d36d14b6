-- The oldest waiting updates, in order. A claim looks among the first few of them for chats'
-- heads before it looks at every waiting update (see `src/intake/lease.rs`).
create index inbound_updates_waiting_by_age on inbound_updates (update_id)
    where processed_at is null;
