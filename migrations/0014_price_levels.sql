-- Price levels and cost prices: what each reseller pays, and what each sale costs us.
--
-- A product has a list price (`products.price`) and, once an admin gives it, a cost price
-- (`cost`, modal: what the supplier charges). A reseller pays, in this order:
--   1. the product's price for the reseller's level, when an admin set one (`product_level_prices`);
--   2. the cost plus the level's markup, when the level has a markup and the product a cost;
--   3. the list price.

create table price_levels (
    level_id     bigint generated always as identity primary key,
    name         text not null,
    -- The markup over a product's cost price, in rupiah or in hundredths of a percent
    -- (250 = 2,5 %). Neither: this level pays the list price.
    markup_kind  text,
    markup       bigint,
    is_default   boolean not null default false,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    constraint price_levels_name_shape check (name ~ '^[a-z0-9_-]{1,20}$'),
    constraint price_levels_markup_kind_known check (markup_kind in ('rupiah', 'percent')),
    constraint price_levels_markup_whole check ((markup_kind is null) = (markup is null)),
    -- Selling below cost is never a level's rule; a single product may be priced so by hand.
    constraint price_levels_markup_range check (
        markup is null
        or (markup_kind = 'rupiah' and markup between 0 and 10000000)
        or (markup_kind = 'percent' and markup between 0 and 100000))
);
create unique index price_levels_name_unique on price_levels (name);
-- Exactly one level is the default: the one every reseller without a level of their own pays.
create unique index price_levels_one_default on price_levels (is_default) where is_default;
insert into price_levels (name, is_default) values ('umum', true);

-- A product's price for one level, set by hand; it beats the level's markup.
create table product_level_prices (
    product_id  bigint not null references products (product_id),
    level_id    bigint not null references price_levels (level_id),
    price       bigint not null,
    updated_at  timestamptz not null default now(),
    primary key (product_id, level_id),
    constraint product_level_prices_positive check (price > 0)
);

alter table products
    add column cost bigint,
    add constraint products_cost_positive check (cost > 0),
    -- Why the product was taken off sale by loket itself (a sale at a loss), for admins.
    add column inactive_reason text;

-- A reseller's level, set by an admin. Null: the default level, whichever it is now.
alter table users add column level_id bigint references price_levels (level_id);

-- Snapshots taken when the order is placed, like its price: the level it was priced at and the
-- product's cost price then (null when the product had none). Changing a level or a cost later
-- changes no order already placed. No foreign key on the level, as none on the product code: a
-- snapshot needs none (levels are never deleted), and a key would make every purchase lock its
-- level's row, which most resellers share (measured: purchases at half their speed).
alter table orders
    add column level_id bigint,
    add column cost bigint;
