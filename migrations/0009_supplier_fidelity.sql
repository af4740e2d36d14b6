-- The supplier's callbacks as its document shows them, its figures kept, and a second refund
-- made impossible by the schema itself.

-- What each callback said besides its status, as received: `product` is a supplier-side value
-- (the document's examples send `banktrf` for an `s5` purchase) and `qty` a count; both are
-- recorded and shown to admins, never used to decide. `saldo` and `harga` are read from the
-- message (our deposit at the supplier, and what this transaction cost us).
alter table callback_log
    add column product text,
    add column qty     text,
    add column saldo   bigint,
    add column harga   bigint;

-- `contradictory`: the status says one thing and the message the other (status=0 with GAGAL
-- in the text). No money moves; admins decide.
alter table callback_log drop constraint callback_log_outcome_known;
alter table callback_log add constraint callback_log_outcome_known check (outcome in (
    'applied', 'duplicate', 'reversal', 'conflict', 'mismatch', 'unknown_refid', 'invalid',
    'contradictory'
));

-- The supplier's own figures about each order: our deposit after its synchronous answer, and
-- the Saldo and Harga of the latest callback that matched it. `supplier_cost` (the answer's
-- `total`) stays where it was. Informational: never an amount the ledger moves.
alter table orders
    add column supplier_saldo bigint,
    add column callback_saldo bigint,
    add column callback_harga bigint;

-- Alerts about callbacks nobody can act on one by one (unparseable, or naming an order we do not
-- have) are sent at most once a minute per kind, with how many arrived since the last alert, so
-- that a misbehaving supplier cannot flood the admins' chats.
create table callback_alert_windows (
    kind           text primary key,
    -- Callbacks of this kind since the last alert, and the most recent one's description.
    pending        integer not null default 0,
    example        text not null default '',
    last_alert_at  timestamptz,
    -- Alerts sent so far: the next alert's outbox key, so each is queued exactly once.
    alerts         bigint not null default 0,
    constraint callback_alert_windows_kind_known check (kind in ('invalid', 'unknown_refid'))
);

-- An order is refunded at most once, whichever way: a void (GAGAL while open) and a reversal
-- (GAGAL after SUKSES) can never both exist for it.
create unique index ledger_one_refund_per_order on ledger_txns (order_id)
    where kind in ('void', 'reversal');

-- A reversal refunds a sale, so it needs that order's post: the foreign key below points each
-- reversal at the `post` row of its own order. Order movements are at most one of each kind per
-- order (the partial unique indexes), which this constraint also states for the key to point at.
alter table ledger_txns add constraint ledger_one_kind_per_order unique (order_id, kind);
alter table ledger_txns
    add column reverses_kind text generated always as
        (case when kind = 'reversal' then 'post' end) stored;
alter table ledger_txns add constraint ledger_reversal_needs_post
    foreign key (order_id, reverses_kind) references ledger_txns (order_id, kind);
