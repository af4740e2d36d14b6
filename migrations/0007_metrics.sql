-- /metrics reads these on every scrape; without them each scrape would scan whole tables
-- that only grow.
create index orders_by_status on orders (status);
create index outbox_dead on outbox (outbox_id) where dead_reason is not null;
