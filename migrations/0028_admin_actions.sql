-- The audit trail: one row per admin command that changed something, written in the same
-- transaction as the change (so a row exists exactly when the change does). `subject` names what
-- it acted on ("reseller 123", "produk S5", "trx 26120…"); `before` and `after` say what changed
-- in words an owner reads; `/audit` lists them and `/audit csv` exports them.
create table admin_actions (
    action_id  bigserial primary key,
    at         timestamptz not null default now(),
    admin_id   bigint not null,
    action     text not null,
    subject    text not null,
    before     text not null default '',
    after      text not null default '',
    constraint admin_actions_action_named check (action <> '' and length(action) <= 40)
);
create index admin_actions_newest on admin_actions (action_id desc);
