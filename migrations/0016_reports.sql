-- A document (a report's CSV) travels through the outbox like a photo: its bytes and its file
-- name, with the text as its caption.
alter table outbox add column document bytea;
alter table outbox add column document_name text;
alter table outbox add constraint outbox_document_named
    check ((document is null) = (document_name is null));
alter table outbox add constraint outbox_document_name_shape
    check (document_name ~ '^[A-Za-z0-9._-]{1,64}$');
alter table outbox add constraint outbox_one_attachment
    check (document is null or (photo is null and photo_id is null));
alter table outbox add constraint outbox_document_caption_length
    check (document is null or char_length(text) <= 1024);

-- The daily summary to admins, once per WIB day whichever instance gets there first: the row
-- is inserted in the same transaction as the summaries' outbox rows, so a day has both or
-- neither.
create table daily_reports (
    day      date primary key,
    sent_at  timestamptz not null default now()
);
