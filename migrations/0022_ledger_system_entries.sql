-- Entries on the system accounts no longer take a share lock on those accounts' rows.
--
-- A foreign key check locks the row it finds (`for key share`). Every hold, sale and refund has
-- an entry on the holds or sales account, so all of them locked the same two rows at once, and
-- PostgreSQL had to record each such group of lockers (a multixact) on those rows: the sales
-- account's row alone was rewritten once per SUKSES. The key now covers the accounts an entry
-- can actually differ on, the resellers' ones; the system accounts are fixed, named by their
-- ids 1-4 (created by migrations 0001 and 0013), and can no longer be deleted.

alter table ledger_entries drop constraint ledger_entries_account_id_fkey;

-- An entry on a reseller's account carries its balance and version after it (0004); the key
-- checks that account. The statements that write those entries have just updated the account's
-- row in the same transaction, so the check finds it locked by its own transaction already.
alter table ledger_entries
    add column user_account_id bigint
        generated always as (case when account_version is not null then account_id end) stored,
    add constraint ledger_entries_user_account_fkey
        foreign key (user_account_id) references accounts (account_id);

-- Any other entry is on one of the system accounts.
alter table ledger_entries add constraint ledger_entries_system_account
    check (account_version is not null or account_id between 1 and 4);

-- The system accounts are referenced by id alone now, so they must never go away.
create function accounts_system_kept() returns trigger language plpgsql as $$
begin
    raise exception 'system account % cannot be deleted', old.account_id
        using errcode = 'insufficient_privilege';
end;
$$;
create trigger accounts_system_kept before delete on accounts
    for each row when (old.kind <> 'user') execute function accounts_system_kept();
