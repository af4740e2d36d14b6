-- Deposits: resellers fund their own balance. A reseller asks for a ticket, transfers its exact
-- amount (the nominal plus a "kode unik"), and the ticket is credited by an admin's button or by
-- the bank mutation that matches it; whichever comes first, the ledger credits it once.

-- The accounts shown on a ticket, managed by admins with /rekening.
create table bank_accounts (
    bank_account_id  bigint generated always as identity primary key,
    bank             text not null,
    number           text not null,
    holder           text not null,
    active           boolean not null default true,
    created_by       bigint not null,
    created_at       timestamptz not null default now(),
    constraint bank_accounts_bank_length check (char_length(bank) between 1 and 30),
    constraint bank_accounts_number_digits check (number ~ '^[0-9]{4,30}$'),
    constraint bank_accounts_holder_length check (char_length(holder) between 1 and 60)
);
create unique index bank_accounts_one_active on bank_accounts (lower(bank), number) where active;

create table deposit_tickets (
    ticket_id    bigint generated always as identity primary key,
    user_id      bigint not null references users (user_id),
    nominal      bigint not null,
    unique_code  integer not null,
    -- What the reseller transfers and is credited: the kode unik is theirs too.
    amount       bigint generated always as (nominal + unique_code) stored,
    status       text not null default 'open',
    -- The /deposit message that asked: a redelivered command opens no second ticket.
    chat_id      bigint not null,
    message_id   bigint not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    -- The reseller said they paid ("Sudah transfer" or a photo of the proof).
    paid_noted_at timestamptz,
    -- How the ticket closed, by whom (an admin, or the reseller who cancelled) and when.
    closed_at    timestamptz,
    closed_how   text,
    closed_by    bigint,
    reason       text,
    constraint deposit_tickets_status_known
        check (status in ('open', 'credited', 'rejected', 'cancelled', 'expired')),
    constraint deposit_tickets_nominal_positive check (nominal > 0),
    constraint deposit_tickets_unique_code_range check (unique_code between 1 and 999),
    constraint deposit_tickets_closed_iff_not_open
        check ((status = 'open') = (closed_at is null and closed_how is null)),
    constraint deposit_tickets_closed_how_known
        check (closed_how in ('admin', 'mutation', 'reseller', 'expiry')),
    -- Credited by an admin or a mutation; rejected only by an admin; cancelled only by its
    -- reseller; expired only by the clock.
    constraint deposit_tickets_closed_how_fits check (
        status = 'open'
        or (status = 'credited' and closed_how in ('admin', 'mutation'))
        or (status = 'rejected' and closed_how = 'admin' and closed_by is not null)
        or (status = 'cancelled' and closed_how = 'reseller')
        or (status = 'expired' and closed_how = 'expiry')),
    constraint deposit_tickets_reason_length check (char_length(reason) <= 500),
    constraint deposit_tickets_one_per_message unique (chat_id, message_id)
);
-- No two open tickets ask for the same amount, so a transfer names its ticket.
create unique index deposit_tickets_open_amount on deposit_tickets (amount) where status = 'open';
create index deposit_tickets_by_user on deposit_tickets (user_id, ticket_id desc);
create index deposit_tickets_open_by_expiry on deposit_tickets (expires_at) where status = 'open';
create index deposit_tickets_by_amount on deposit_tickets (amount, closed_at);

-- Every mutation a bank-mutation service reported, whatever became of it.
create table bank_mutations (
    mutation_id     bigint generated always as identity primary key,
    -- The service's own id: the same mutation delivered again is stored (and credits) once.
    source_id       text not null,
    bank_type       text not null default '',
    account_number  text not null default '',
    -- As the service wrote it (its local time, no zone).
    mutated_at      text not null default '',
    amount          bigint not null,
    description     text not null default '',
    kind            text not null,
    balance         text not null default '',
    received_at     timestamptz not null default now(),
    outcome         text not null,
    ticket_id       bigint references deposit_tickets (ticket_id),
    constraint bank_mutations_source_id_unique unique (source_id),
    constraint bank_mutations_kind_known check (kind in ('CR', 'DB')),
    constraint bank_mutations_outcome_known
        check (outcome in ('credited', 'already_credited', 'closed', 'no_match', 'ambiguous', 'debit')),
    constraint bank_mutations_credited_names_ticket
        check ((outcome in ('credited', 'already_credited', 'closed')) = (ticket_id is not null))
);

-- The ledger side: money received from resellers is a system account like top-ups, and each
-- ticket is credited at most once, whoever approves it and however often.
alter table accounts drop constraint accounts_kind_known;
alter table accounts add constraint accounts_kind_known
    check (kind in ('user', 'topup_source', 'holds', 'sales', 'deposits'));
insert into accounts (account_id, kind, balance) values (4, 'deposits', null);

alter table ledger_txns add column ticket_id bigint references deposit_tickets (ticket_id);
alter table ledger_txns drop constraint ledger_txns_kind_known;
alter table ledger_txns add constraint ledger_txns_kind_known
    check (kind in ('topup', 'deduction', 'hold', 'post', 'void', 'reversal', 'deposit'));
alter table ledger_txns add constraint ledger_txns_ticket_iff_deposit
    check ((kind = 'deposit') = (ticket_id is not null));
create unique index ledger_one_credit_per_ticket on ledger_txns (ticket_id) where kind = 'deposit';

-- A ticket's photo (its QRIS) or a forwarded proof travels through the outbox like any message:
-- PNG bytes to upload, or the file id of a photo Telegram already has. The text is its caption.
alter table outbox add column photo bytea;
alter table outbox add column photo_id text;
alter table outbox add constraint outbox_one_photo check (photo is null or photo_id is null);
alter table outbox add constraint outbox_caption_length
    check ((photo is null and photo_id is null) or char_length(text) <= 1024);
