//! Updates arriving twice, edited, malformed, or through the webhook, an instance killed while
//! handling one, and the command menus either mode publishes.
mod crash;
mod menus;
mod updates;
