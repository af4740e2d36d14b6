-- Money that arrives is credited or shown to an admin. A bank-mutation service's body is judged
-- item by item: an item that cannot be read is kept as it came instead of refusing the whole
-- body, and a credit that credits no ticket keeps why. A reseller's proof photo sent while
-- several tickets are open waits for the reseller to say which ticket it belongs to. Grouped
-- alerts serve bank mutations as they serve callbacks.

-- An unreadable item (cents, a negative amount, no id, an unknown type) has no amount or kind:
-- only the item as it came, capped (it may carry a sender's name and account), and what is
-- wrong with it.
alter table bank_mutations alter column amount drop not null;
alter table bank_mutations alter column kind drop not null;
alter table bank_mutations add column raw text;
alter table bank_mutations add column problem text;
-- A readable mutation has its amount and kind and nothing raw; an unreadable one the reverse,
-- and it names no ticket.
alter table bank_mutations add constraint bank_mutations_read_or_raw check (
    case when outcome = 'invalid'
         then raw is not null and problem is not null and amount is null and kind is null
              and ticket_id is null
         else raw is null and problem is null and amount is not null and kind is not null end);
-- The raw item is for a person to read, not an archive of whatever a caller sends.
alter table bank_mutations add constraint bank_mutations_raw_capped
    check (char_length(raw) <= 2000 and char_length(problem) <= 300);
-- A mutation moves money one way or the other; its direction is in `kind`.
alter table bank_mutations add constraint bank_mutations_amount_positive check (amount > 0);

-- Why a credit credited nothing, besides the reasons 0013 knew: the money went into an account
-- that is not on /rekening, the transfer is dated before its ticket's lifetime, or its date
-- cannot be read; and `invalid` for an item that could not be read at all.
alter table bank_mutations drop constraint bank_mutations_outcome_known;
alter table bank_mutations add constraint bank_mutations_outcome_known
    check (outcome in ('credited', 'already_credited', 'closed', 'no_match', 'ambiguous', 'debit',
                       'other_account', 'before_ticket', 'unreadable_date', 'invalid'));
-- The outcomes about one ticket name it (so an admin sees which), the others cannot.
alter table bank_mutations drop constraint bank_mutations_credited_names_ticket;
alter table bank_mutations add constraint bank_mutations_credited_names_ticket
    check ((outcome in ('credited', 'already_credited', 'closed', 'before_ticket', 'unreadable_date'))
           = (ticket_id is not null));

-- A photo of a transfer sent while the reseller has several open tickets: kept until a button
-- says which ticket it proves, then forwarded to admins with that ticket.
create table deposit_proofs (
    proof_id     bigint generated always as identity primary key,
    user_id      bigint not null references users (user_id),
    -- The message that carried the photo: a redelivered update stores it once.
    chat_id      bigint not null,
    message_id   bigint not null,
    -- Telegram's id of the photo, to forward it without downloading it.
    file_id      text not null,
    received_at  timestamptz not null default now(),
    ticket_id    bigint references deposit_tickets (ticket_id),
    attached_at  timestamptz,
    constraint deposit_proofs_one_per_message unique (chat_id, message_id),
    -- Attached once, to one ticket, and when is kept with it.
    constraint deposit_proofs_attached_with_time check ((ticket_id is null) = (attached_at is null)),
    -- Telegram's file ids are well under this; anything longer is not one.
    constraint deposit_proofs_file_id_length check (char_length(file_id) between 1 and 300)
);

-- The grouped alerts of 0009 also count unreadable mutation items and bodies refused whole.
alter table callback_alert_windows drop constraint callback_alert_windows_kind_known;
alter table callback_alert_windows add constraint callback_alert_windows_kind_known
    check (kind in ('invalid', 'unknown_refid', 'mutation_invalid', 'mutation_refused'));
