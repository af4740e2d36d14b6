-- Fewer index entries written per purchase.
--
-- `ledger_one_kind_per_order` (0009, unique on order and kind) already allows one hold and one
-- reversal per order, so the two partial indexes that said the same since 0004 only cost an
-- index entry on every hold and every reversal. `ledger_one_resolution_per_order` (one post or
-- void) and `ledger_one_refund_per_order` (one void or reversal) say more, and stay.
drop index ledger_one_hold_per_order;
drop index ledger_one_reversal_per_order;

-- Only movements made by hand carry an idempotency key; the holds, sales and refunds of orders
-- carry none, and each of them still wrote a NULL into this index. A partial index of the same
-- name keeps the same rule and the same name in its violations.
alter table ledger_txns drop constraint ledger_txns_idempotency_key_unique;
create unique index ledger_txns_idempotency_key_unique on ledger_txns (idempotency_key)
    where idempotency_key is not null;
