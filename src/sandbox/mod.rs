//! Everything that stands in for the outside world or measures loket, and nothing the product
//! itself needs: the supplier simulator and fake Telegram, `loket demo`, `loket bench`, and the
//! throwaway PostgreSQL they (and the tests) run on. No product module imports from here.
pub mod bench;
pub mod demo;
pub mod sim;
pub mod throwaway_pg;
