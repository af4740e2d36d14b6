-- The supplier's side of the money: our deposit there, as its answers (`saldo`) and callbacks
-- (`Saldo:`) report it, kept and checked against what our orders were charged.
--
-- Each report is appended by the transaction that records the answer or callback (nothing is
-- read or locked on that path); a reconciler takes them in order afterwards and keeps the book:
-- the last reported balance, plus our own deposits there, minus what every order since was
-- charged. A reported balance that differs from the book is drift.

create table supplier_reports (
    report_id   bigint generated always as identity primary key,
    -- 'answer' and 'callback' come from the supplier; 'deposit' is an admin's /depositserver,
    -- 'adjust' an admin accepting the reported balance as the book.
    source      text not null,
    order_id    bigint references orders (order_id),
    -- The balance the supplier reported, when it did.
    saldo       bigint,
    -- What the supplier has charged `order_id` as of this report: the answer's `total`, else the
    -- callback's `Harga`, and nothing once the order failed (refunded there too).
    charge      bigint,
    -- For 'deposit' and 'adjust': the change to the book, and which admin made it, from which
    -- message (a redelivered /depositserver records nothing twice).
    amount      bigint,
    admin_id    bigint,
    chat_id     bigint,
    message_id  bigint,
    created_at  timestamptz not null default now(),
    -- Filled in by the reconciler: the book after this report, and the reported balance's drift.
    reconciled  boolean not null default false,
    book        bigint,
    drift       bigint,
    constraint supplier_reports_source_known
        check (source in ('answer', 'callback', 'deposit', 'adjust')),
    constraint supplier_reports_supplier_fits
        check (source not in ('answer', 'callback') or (amount is null and admin_id is null)),
    constraint supplier_reports_admin_fits
        check (source not in ('deposit', 'adjust')
               or (amount is not null and admin_id is not null and order_id is null
                   and saldo is null and charge is null)),
    constraint supplier_reports_deposit_positive check (source <> 'deposit' or amount > 0),
    constraint supplier_reports_charge_needs_order check (charge is null or order_id is not null),
    constraint supplier_reports_one_per_message unique (chat_id, message_id)
);
create index supplier_reports_unreconciled on supplier_reports (report_id) where not reconciled;
create index supplier_reports_by_order on supplier_reports (order_id, report_id)
    where order_id is not null;

-- The reconciler's state: one row.
create table supplier_balance (
    singleton        boolean primary key default true,
    -- The latest reported balance (by arrival) and when it arrived.
    saldo            bigint,
    saldo_at         timestamptz,
    -- Null until the first reported balance anchors it.
    book             bigint,
    -- The latest report's drift, and the drift last confirmed (seen on two reports in a row)
    -- and told to admins.
    drift            bigint not null default 0,
    confirmed_drift  bigint not null default 0,
    -- The last report whose drift was the confirmed one: the orders after it are those a new
    -- drift is about.
    settled_report   bigint not null default 0,
    -- A drift seen once, waiting for the next report to confirm or dismiss it (reports of
    -- concurrent orders arrive in any order, so one report alone proves nothing).
    candidate_drift  bigint,
    candidate_report bigint,
    -- Below SUPPLIER_LOW_BALANCE and told; cleared when the balance recovers.
    low_alerted      boolean not null default false,
    updated_at       timestamptz not null default now(),
    constraint supplier_balance_one_row check (singleton)
);
insert into supplier_balance default values;
