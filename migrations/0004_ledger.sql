-- Double-entry ledger. A transaction is one money movement; its entries sum to zero.
create table ledger_txns (
    txn_id           bigint generated always as identity primary key,
    kind             text not null,
    order_id         bigint references orders (order_id),
    amount           bigint not null,
    -- Admin who moved the money (top-up, deduction); null for order movements.
    actor            bigint,
    note             text not null default '',
    -- Top-ups are keyed by the admin's Telegram message, so a redelivered command credits once.
    idempotency_key  text,
    created_at       timestamptz not null default now(),
    constraint ledger_txns_kind_known
        check (kind in ('topup', 'deduction', 'hold', 'post', 'void', 'reversal')),
    -- Amounts are magnitudes; direction comes from the entries.
    constraint ledger_txns_amount_positive check (amount > 0),
    -- Order movements name their order; admin movements never do.
    constraint ledger_txns_order_iff_order_kind
        check ((kind in ('hold', 'post', 'void', 'reversal')) = (order_id is not null)),
    constraint ledger_txns_idempotency_key_unique unique (idempotency_key)
);

-- Each order is held exactly once ...
create unique index ledger_one_hold_per_order on ledger_txns (order_id) where kind = 'hold';
-- ... and resolved at most once: a second refund or a post after a refund is impossible
-- whatever the code above does.
create unique index ledger_one_resolution_per_order on ledger_txns (order_id)
    where kind in ('post', 'void');
-- A SUKSES reversed to GAGAL is refunded once.
create unique index ledger_one_reversal_per_order on ledger_txns (order_id) where kind = 'reversal';

create table ledger_entries (
    entry_id         bigint generated always as identity primary key,
    txn_id           bigint not null references ledger_txns (txn_id),
    account_id       bigint not null references accounts (account_id),
    -- Signed: positive credits the account, negative debits it.
    amount           bigint not null,
    -- For user accounts, the balance and version right after this entry: an audit trail that
    -- proves balance = sum of entries at every step. Null on system accounts (no cached balance).
    balance_after    bigint,
    account_version  bigint,
    constraint ledger_entries_amount_nonzero check (amount <> 0),
    constraint ledger_entries_balance_and_version_together
        check ((balance_after is null) = (account_version is null)),
    -- Versions never repeat on an account, so two movements cannot both claim one state.
    constraint ledger_entries_version_unique unique (account_id, account_version)
);
create index ledger_entries_by_txn on ledger_entries (txn_id);

-- Entries and transactions are facts: corrections are new transactions, never edits.
create function ledger_is_insert_only() returns trigger language plpgsql as $$
begin
    raise exception 'ledger rows are insert-only (% on %)', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end;
$$;
create trigger ledger_txns_insert_only before update or delete on ledger_txns
    for each row execute function ledger_is_insert_only();
create trigger ledger_entries_insert_only before update or delete on ledger_entries
    for each row execute function ledger_is_insert_only();
