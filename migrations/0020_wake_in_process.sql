-- Workers are woken inside the process that committed their work. A trigger's NOTIFY made
-- PostgreSQL commit every purchase and callback one at a time, flush included.
drop trigger outbox_notify on outbox;
drop function outbox_notify();
drop trigger inbound_notify on inbound_updates;
drop function inbound_notify();
