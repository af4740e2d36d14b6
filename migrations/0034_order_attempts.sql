-- An order's attempts: which supplier it was sent to, under which of its codes and which ref.
--
-- The order row carries its current attempt (number, supplier, sku); the attempt's ref is the
-- order's trxid for attempt 1 and the trxid followed by the attempt number in two digits after
-- that (`domain::AttemptRef`), so a ref is never reused and never reaches a second supplier: an
-- order's attempt number only grows, under its row lock. An attempt that ended in a GAGAL which
-- moved the order to the next supplier is kept in `order_attempts`, written in the transaction
-- that starts the next attempt; an order that never fails over writes nothing there, so the one
-- supplier path costs no statement more than before.
alter table orders
    add column attempt  smallint not null default 1,
    add column supplier text not null default 'utama' references suppliers (code),
    -- The supplier's code for the product; null: the product's own code.
    add column sku      text,
    -- When the current attempt began; null for the first, which began with the order.
    add column attempt_at timestamptz,
    add constraint orders_attempt_range check (attempt between 1 and 9);

create table order_attempts (
    order_id   bigint not null references orders (order_id),
    attempt    smallint not null,
    supplier   text not null references suppliers (code),
    ref        text not null,
    sku        text not null,
    cost       bigint,
    -- The supplier's words for its GAGAL.
    reason     text,
    started_at timestamptz not null,
    failed_at  timestamptz not null default now(),
    primary key (order_id, attempt),
    -- A ref names one attempt at one supplier, forever.
    constraint order_attempts_ref_once unique (ref),
    constraint order_attempts_attempt_range check (attempt between 1 and 8)
);

-- An attempt moving to the next supplier is an event of its own.
alter table order_events drop constraint order_events_source_known,
    add constraint order_events_source_known
        check (source in ('placed', 'supplier', 'callback', 'admin', 'recovery', 'failover'));

-- A GAGAL that moved the order to the next supplier, and a report about an attempt the order
-- already left (a SUKSES for it is also a conflict), are logged as such.
alter table callback_log drop constraint callback_log_outcome_known;
alter table callback_log add constraint callback_log_outcome_known check (outcome in (
    'applied', 'duplicate', 'reversal', 'conflict', 'mismatch', 'unknown_refid', 'invalid',
    'contradictory', 'after_refund', 'failed_over', 'earlier_attempt'
));
