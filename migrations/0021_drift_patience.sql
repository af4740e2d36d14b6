-- How many reports in a row have shown the candidate drift. With orders in flight together,
-- their reports arrive out of the supplier's order, and a drift must hold longer to be told.
alter table supplier_balance add column candidate_seen integer not null default 0;
