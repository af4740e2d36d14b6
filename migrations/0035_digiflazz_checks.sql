-- The status check of open Digiflazz attempts (R45): Digiflazz sends no webhook for some
-- transactions, and its status check is the same request again, so loket asks, on a schedule
-- kept here so that a restart keeps it and several instances share it.
--
-- The columns describe the order's current attempt; moving to the next supplier resets them.
-- Nothing on the one-supplier path writes them: a `utama` order never has them set, and the
-- first check's time is derived from when the attempt began, so no statement is added to a
-- purchase or a callback.
alter table orders
    -- When the attempt is next checked; null: one check delay after the attempt began.
    -- 'infinity' once checking stopped (the attempt outlived Digiflazz's 90 days).
    add column check_at     timestamptz,
    -- How many checks were started for the attempt: the backoff doubles with each.
    add column checks       integer not null default 0,
    -- How many "still open" alerts were queued for the attempt: one per threshold, never more.
    add column check_alerts smallint not null default 0;

-- The check's claim reads only open Digiflazz attempts, by when they are due.
create index orders_digiflazz_checks on orders (check_at)
    where supplier = 'digiflazz' and status in ('pending', 'unknown');
