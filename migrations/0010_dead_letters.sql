-- A message Telegram refused for good is a dead letter. `dead_at` says when, for the admins'
-- list of undelivered messages; `resends` counts how often an admin queued it again
-- (/kirimulang). The alert about a dead letter is keyed by the row and this count, so one death
-- alerts exactly once and a resent message that dies again alerts again.
alter table outbox
    add column dead_at timestamptz,
    add column resends integer not null default 0;
