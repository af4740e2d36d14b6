-- The catalogue: categories and brands admins manage, the operator of each mobile prefix,
-- products out of order for a while (gangguan), hours a category is closed, and purchases
-- typed several to a message or with a counter.

-- Pulsa, Data, PLN, E-Money, … One word each, shown in menus in `position` order. A category
-- may close every day from `closes_at` to `opens_at` (WIB; past midnight when closes_at is
-- later), as PLN tokens do around midnight.
create table categories (
    category_id  bigint generated always as identity primary key,
    name         text not null,
    position     int not null default 0,
    closes_at    time,
    opens_at     time,
    constraint categories_name_shape check (name ~ '^[[:alnum:]._-]{1,24}$'),
    constraint categories_cutoff_whole check ((closes_at is null) = (opens_at is null)),
    constraint categories_cutoff_not_empty check (closes_at <> opens_at)
);
create unique index categories_name_unique on categories (lower(name));

-- Telkomsel, DANA, PLN, … A brand whose products fill up a phone number names the operator
-- whose numbers it serves (by.U serves Telkomsel's); a purchase of it for another operator's
-- number asks first.
create table brands (
    brand_id     bigint generated always as identity primary key,
    name         text not null,
    position     int not null default 0,
    operator     text,
    constraint brands_name_shape check (name ~ '^[[:alnum:]._-]{1,24}$')
);
create unique index brands_name_unique on brands (lower(name));

-- The operator behind each mobile number prefix, the four digits after the leading 0
-- (62… and +62… are read as 0…).
create table operator_prefixes (
    prefix    text primary key,
    operator  text not null,
    constraint operator_prefixes_shape check (prefix ~ '^08[0-9]{2}$')
);

insert into categories (name, position) values
    ('Pulsa', 1), ('Data', 2), ('PLN', 3), ('E-Money', 4), ('Game', 5), ('Voucher', 6);
update categories set closes_at = '23:30', opens_at = '00:30' where name = 'PLN';

insert into brands (name, position, operator) values
    ('Telkomsel', 1, 'Telkomsel'), ('Indosat', 2, 'Indosat'), ('XL', 3, 'XL'),
    ('Axis', 4, 'Axis'), ('Tri', 5, 'Tri'), ('Smartfren', 6, 'Smartfren'),
    ('by.U', 7, 'Telkomsel');
insert into brands (name, position) values
    ('PLN', 10), ('DANA', 11), ('OVO', 12), ('GoPay', 13), ('ShopeePay', 14), ('LinkAja', 15),
    ('MobileLegends', 20), ('FreeFire', 21), ('GooglePlay', 22);

insert into operator_prefixes (prefix, operator)
select p, o from (values
    ('0811', 'Telkomsel'), ('0812', 'Telkomsel'), ('0813', 'Telkomsel'),
    ('0821', 'Telkomsel'), ('0822', 'Telkomsel'), ('0823', 'Telkomsel'),
    ('0851', 'Telkomsel'), ('0852', 'Telkomsel'), ('0853', 'Telkomsel'),
    ('0814', 'Indosat'), ('0815', 'Indosat'), ('0816', 'Indosat'),
    ('0855', 'Indosat'), ('0856', 'Indosat'), ('0857', 'Indosat'), ('0858', 'Indosat'),
    ('0817', 'XL'), ('0818', 'XL'), ('0819', 'XL'), ('0859', 'XL'), ('0877', 'XL'), ('0878', 'XL'),
    ('0831', 'Axis'), ('0832', 'Axis'), ('0833', 'Axis'), ('0838', 'Axis'),
    ('0895', 'Tri'), ('0896', 'Tri'), ('0897', 'Tri'), ('0898', 'Tri'), ('0899', 'Tri'),
    ('0881', 'Smartfren'), ('0882', 'Smartfren'), ('0883', 'Smartfren'), ('0884', 'Smartfren'),
    ('0885', 'Smartfren'), ('0886', 'Smartfren'), ('0887', 'Smartfren'), ('0888', 'Smartfren'),
    ('0889', 'Smartfren')
) as t (p, o);

alter table products
    add column category_id bigint references categories (category_id),
    add column brand_id bigint references brands (brand_id),
    -- Gangguan: on sale but not buyable for now, with the reason resellers are told. Distinct
    -- from `active`: a product in trouble is still listed, marked as such.
    add column disrupted boolean not null default false,
    add column disrupted_reason text;
create index products_by_category_brand on products (category_id, brand_id) where active;

-- Several purchases in one message: one order per line. A message of one purchase is line 0.
-- `counter` is the N of `KODE.N.TUJUAN`: a deliberate repeat, once per N, product, destination
-- and reseller in a WIB day.
alter table orders
    add column line smallint not null default 0,
    add column counter smallint,
    drop constraint orders_one_per_message,
    add constraint orders_one_per_message unique (chat_id, message_id, line),
    add constraint orders_line_range check (line between 0 and 9),
    add constraint orders_counter_range check (counter between 2 and 999);
create unique index orders_counter_once_a_day
    on orders (user_id, lower(product_code), destination, counter,
               ((created_at at time zone 'Asia/Jakarta')::date))
    where counter is not null;
