//! The suppliers as data (R41): `/supplier` lists them, an admin pauses and resumes one, audited
//! and told to the other admins; each supplier's reports reconcile into its own book.
mod books;
mod registry;
mod unconfigured;
