-- Alerts to admins wait behind replies, and alerts of one kind waiting for one admin leave as
-- one message. Telegram lets a chat receive one message a second; an admin with hundreds of
-- queued alerts (orders stuck after an outage, a batch of unmatched transfers) would otherwise
-- wait minutes for the answer to what they just typed, and read the alerts one a second.

-- What an alert is about (`stuck`, `mutation`, …), the first segment of its key; null for
-- every message that is not an alert to admins. A chat's alerts leave after its other
-- messages, in their own order, and those of one kind are sent together.
alter table outbox add column alert_kind text;
-- Set on an alert that left inside another's message: that row's id. Its own text was part of
-- that message, which is why it has no copy of its own at Telegram.
alter table outbox add column sent_with bigint;
-- Several alerts become one message of text: one with buttons, a photo or a document could
-- not be merged without losing them.
alter table outbox add constraint outbox_alerts_are_text
    check (alert_kind is null
           or (keyboard is null and photo is null and photo_id is null and document is null));
-- Only what was sent can have been sent inside another message.
alter table outbox add constraint outbox_sent_with_was_sent
    check (sent_with is null or (sent_at is not null and alert_kind is not null));
