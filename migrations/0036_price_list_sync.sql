-- `/produk sync digiflazz`: a supplier's price list read into the routes' steps (costs,
-- cut-offs, which steps it no longer sells), previewed and applied on ✅.

-- When the price list was last asked for, whatever came of it: Digiflazz limits how often it
-- may be asked (rc 83), so one ask per five minutes, across instances and restarts, is claimed
-- here by one guarded update before the call.
alter table suppliers add column price_list_at timestamptz;

-- Why a price list took the step out of the route until the next sync or `/rute` puts it back:
-- `not_sold` (missing from the list, or switched off by us or by the seller) or `below_cost`
-- (its cost reaches the product's price at some level). A held step is skipped like a paused
-- supplier's, and a product whose only step is held is not sold by `utama` instead.
alter table product_routes
    add column held text,
    add constraint product_routes_held_known
        check (held is null or held in ('not_sold', 'below_cost'));

-- A previewed sync, keyed by the admin's command message, until an admin answers it. `steps`
-- is what ✅ writes; `fetched_at` is the claim that fetched it, so a newer sync makes it stale.
create table price_list_syncs (
    chat_id     bigint not null,
    message_id  bigint not null,
    supplier    text not null references suppliers (code),
    asked_by    bigint not null,
    fetched_at  timestamptz not null,
    steps       jsonb not null,
    decision    text,
    decided_by  bigint,
    decided_at  timestamptz,
    changed     int,
    created_at  timestamptz not null default now(),
    primary key (chat_id, message_id),
    constraint price_list_syncs_decision_known
        check (decision is null or decision in ('applied', 'cancelled')),
    constraint price_list_syncs_decided_whole
        check ((decision is null) = (decided_at is null))
);
