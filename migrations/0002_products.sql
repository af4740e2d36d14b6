-- The price list resellers buy from. `code` is the supplier's product code, sent as `produk`.
create table products (
    product_id  bigint generated always as identity primary key,
    code        text not null,
    name        text not null,
    -- What the reseller pays, in whole rupiah. Snapshotted onto each order at purchase time.
    price       bigint not null,
    active      boolean not null default true,
    updated_at  timestamptz not null default now(),
    -- A product sold for nothing (or less) is always a typo.
    constraint products_price_positive check (price > 0),
    constraint products_code_shape check (code ~ '^[A-Za-z0-9_-]{1,20}$'),
    constraint products_name_length check (char_length(name) between 1 and 100)
);

-- Resellers type codes in any case; `S5` and `s5` must not be two products.
create unique index products_code_unique on products (lower(code));
