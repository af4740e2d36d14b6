//! What an operator relies on: `/metrics`, `loket check` and a prompt stop.
mod check;
mod metrics;
mod stop;
