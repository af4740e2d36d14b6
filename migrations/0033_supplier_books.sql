-- Each supplier its own book: its reports, its reconciler state, its drift and low-balance flag.
--
-- Every report so far came from the one supplier configured by BILLER_*, `utama`; a report
-- that names no supplier is still `utama`'s, so the paths that append them need not change
-- until they learn which supplier answered.
alter table supplier_reports
    add column supplier text not null default 'utama' references suppliers (code);

-- The reconciler's state, one row per supplier instead of one in all; the existing row is
-- `utama`'s. A supplier's row is added when it is registered or first reports.
alter table supplier_balance add column supplier text references suppliers (code);
update supplier_balance set supplier = 'utama';
alter table supplier_balance alter column supplier set not null;
alter table supplier_balance drop constraint supplier_balance_one_row;
alter table supplier_balance drop constraint supplier_balance_pkey;
alter table supplier_balance drop column singleton;
alter table supplier_balance add primary key (supplier);
