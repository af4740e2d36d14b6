-- An admin refunds a SUKSES (`/refund`, or a complaint's buttons): money from `sales` back to the
-- reseller, the whole price or part of it, while the order stays `success`.

-- The movement. A refund names its order like the other order movements.
alter table ledger_txns drop constraint ledger_txns_kind_known;
alter table ledger_txns add constraint ledger_txns_kind_known
    check (kind in ('topup', 'deduction', 'hold', 'post', 'void', 'reversal', 'deposit', 'refund'));
alter table ledger_txns drop constraint ledger_txns_order_iff_order_kind;
alter table ledger_txns add constraint ledger_txns_order_iff_order_kind
    check ((kind in ('hold', 'post', 'void', 'reversal', 'refund')) = (order_id is not null));

-- An order gives money back at most once, whichever way: a void, the supplier's reversal or an
-- admin's refund. So a second refund, a refund after a reversal and a reversal after a refund
-- are all refused by the database, whatever the code above does (0009 made it void or reversal).
drop index ledger_one_refund_per_order;
create unique index ledger_one_refund_per_order on ledger_txns (order_id)
    where kind in ('void', 'reversal', 'refund');

-- A refund gives back part of a sale, so like a reversal it needs that order's post: the key
-- points it at the `post` row of its own order. The generated column cannot be redefined in
-- place, so it is rebuilt with its key.
alter table ledger_txns drop constraint ledger_reversal_needs_post;
alter table ledger_txns drop column reverses_kind;
alter table ledger_txns
    add column reverses_kind text generated always as
        (case when kind in ('reversal', 'refund') then 'post' end) stored;
alter table ledger_txns add constraint ledger_reversal_needs_post
    foreign key (order_id, reverses_kind) references ledger_txns (order_id, kind);

-- The order carries its refund: how much went back, who decided, when, and who bears it
-- ('shop': the shop absorbs the loss; 'supplier': the supplier paid us the order's cost back).
-- All or none of them, and never more than the reseller paid.
alter table orders
    add column refunded        bigint,
    add column refund_source   text,
    add column refunded_by     bigint,
    add column refunded_at     timestamptz,
    add constraint orders_refund_whole check (
        (refunded is null) = (refund_source is null)
        and (refunded is null) = (refunded_by is null)
        and (refunded is null) = (refunded_at is null)),
    add constraint orders_refund_within_price check (refunded is null or refunded between 1 and price),
    add constraint orders_refund_source_known check (refund_source in ('shop', 'supplier')),
    -- Only a delivered order is refunded, and it stays delivered.
    add constraint orders_refund_of_success check (refunded is null or status = 'success');

-- A supplier's reversal (GAGAL after SUKSES) arriving after an admin refunded the order moves no
-- money: it is logged with its own outcome and admins are told.
alter table callback_log drop constraint callback_log_outcome_known;
alter table callback_log add constraint callback_log_outcome_known check (outcome in (
    'applied', 'duplicate', 'reversal', 'conflict', 'mismatch', 'unknown_refid', 'invalid',
    'contradictory', 'after_refund'
));

-- A refund the supplier paid for: the order's charge there falls to nothing, so the reconciler's
-- book expects the cost back, like a failed order's.
alter table supplier_reports drop constraint supplier_reports_source_known;
alter table supplier_reports add constraint supplier_reports_source_known
    check (source in ('answer', 'callback', 'deposit', 'adjust', 'refund'));
alter table supplier_reports add constraint supplier_reports_refund_fits
    check (source <> 'refund' or (order_id is not null and charge = 0 and admin_id is not null
                                  and amount is null and saldo is null));
