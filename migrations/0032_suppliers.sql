-- More than one supplier. Each is a row; a product's route says which suppliers sell it, in
-- which order, under which of their own codes and at what cost.

-- `utama` is the supplier configured by BILLER_*, there from the start so that every existing
-- order and report belongs to it; `digiflazz` is added at start when DIGIFLAZZ_* are set.
create table suppliers (
    code          text primary key,
    -- paused: no new attempt goes to it (an admin's /supplier jeda, with the reason).
    state         text not null default 'active',
    paused_reason text,
    paused_by     bigint,
    paused_at     timestamptz,
    -- The last balance it reported (an answer, a callback, a balance check) and when.
    balance       bigint,
    balance_at    timestamptz,
    created_at    timestamptz not null default now(),
    -- A supplier code is what admins type in /rute and /supplier: short, lowercase, no separators.
    constraint suppliers_code_shape check (code ~ '^[a-z][a-z0-9_]{1,19}$'),
    constraint suppliers_state_known check (state in ('active', 'paused')),
    -- A pause always says why and who; an active supplier carries no stale reason.
    constraint suppliers_pause_explained
        check ((state = 'paused') = (paused_reason is not null and paused_at is not null))
);
insert into suppliers (code) values ('utama');

-- A product's route: tried in `position` order. A product with no rows here is sold by `utama`
-- under its own code at its own cost, as before routes existed.
create table product_routes (
    product_id    bigint not null references products (product_id),
    position      smallint not null,
    supplier      text not null references suppliers (code),
    -- The supplier's own code for the product (Digiflazz's buyer_sku_code).
    sku           text not null,
    -- What this supplier charges us; null until known (a price-list sync fills it).
    cost          bigint,
    cut_off_start time,
    cut_off_end   time,
    updated_at    timestamptz not null default now(),
    primary key (product_id, position),
    -- One step per supplier: a second step at the same supplier could only repeat the first.
    constraint product_routes_one_per_supplier unique (product_id, supplier),
    constraint product_routes_position_positive check (position >= 1),
    constraint product_routes_sku_shape check (char_length(sku) between 1 and 40),
    constraint product_routes_cost_positive check (cost is null or cost > 0),
    constraint product_routes_cut_off_whole
        check ((cut_off_start is null) = (cut_off_end is null))
);
