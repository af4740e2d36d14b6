-- The chats loket gave the admins' command menu (a `chat` scope of setMyCommands). Telegram
-- cannot list the scopes that have commands, so without this loket could never take the menu
-- back from someone removed from ADMIN_IDS. A row is written before the menu is given and
-- deleted only once Telegram has dropped it (see `src/bot/menu.rs`).
create table admin_menus (
    -- A private chat's id is its person's user id. One row per chat: giving the menu again
    -- finds it there and writes nothing.
    chat_id     bigint primary key,
    granted_at  timestamptz not null default now()
);
