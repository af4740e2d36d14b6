//! Updates arriving twice, edited, malformed, or through the webhook, and an instance killed while
//! handling one.
mod crash;
mod updates;
