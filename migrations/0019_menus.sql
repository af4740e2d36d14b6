-- Buying through menus: `/beli` alone (category → brand → product → destination) and a mobile
-- number alone (that operator's products). One row per menu, keyed by the reseller's message
-- that opened it; both instances read and advance the same row, so a press handled by either
-- agrees with the other.
create table menus (
    chat_id          bigint not null,
    -- The reseller's `/beli` or number message: the buttons carry it, and an order bought for
    -- a number is keyed by it, so a second press cannot buy twice.
    message_id       bigint not null,
    user_id          bigint not null,
    -- Bumped at every step; each button carries the version it was drawn for, and a press
    -- with any other version is stale.
    version          int not null default 0,
    step             text not null,
    -- Known from the start for a number menu (and a non-mobile number's menu).
    destination      text,
    -- The operator whose products a number menu lists.
    operator         text,
    category_id      bigint,
    brand_id         bigint,
    page             int not null default 1,
    -- The products on the page shown, code and price at the same place: a product button
    -- carries only that place, and a press is stale if the product's price changed since.
    shown_codes      text[] not null default '{}',
    shown_prices     bigint[] not null default '{}',
    -- The product chosen while the destination is awaited, at the price shown.
    product_code     text,
    price            bigint,
    -- The bot's message showing the menu, learned from the first press.
    menu_message_id  bigint,
    -- The update (the press, or the message giving the destination) that bought through the
    -- menu: handled again after a crash, it buys again, which the order's key makes a no-op;
    -- any other press on a used menu is stale.
    used_update_id   bigint,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (chat_id, message_id),
    constraint menus_step check (step in
        ('categories', 'brands', 'products', 'destination', 'closed', 'used')),
    constraint menus_version_range check (version >= 0),
    constraint menus_page_range check (page between 1 and 10000),
    constraint menus_shown_pairs check
        (cardinality(shown_codes) = cardinality(shown_prices) and cardinality(shown_codes) <= 50),
    constraint menus_waiting_has_product check
        (step <> 'destination' or (product_code is not null and price is not null))
);
-- The one menu a chat may be waiting on, and the pruning of old rows.
create index menus_open_by_chat on menus (chat_id, updated_at desc)
    where step not in ('closed', 'used');
create index menus_by_age on menus (updated_at);
