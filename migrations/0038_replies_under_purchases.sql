-- A message about a purchase sits under the reseller's message that asked for it, and the
-- "sedang diproses" that only says it is on its way arrives without a sound (R47).
--
-- `quiet`: sent with disable_notification. `reply_to`: the chat's message it replies to, always
-- an id Telegram gave (a press's key is never one); sent with allow_sending_without_reply, so a
-- deleted purchase message never keeps the result from arriving.
alter table outbox
    add column quiet boolean not null default false,
    add column reply_to bigint;

-- One of the purchases of a message of several lines: the message's one combined answer says
-- "diproses" for it, so the order itself does not say it again.
alter table orders
    add column several_lines boolean not null default false;
