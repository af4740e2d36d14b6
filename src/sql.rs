//! Statements composed by the modules that own their parts.
//!
//! A change that touches several owners' tables (an order and its hold, a settlement and its
//! sale, an answer and its message) is still one statement, one round trip; each owner adds its
//! own `with` clauses and expressions to it through a function of its own (`ledger::hold`,
//! `outbox::queue`, `levels::price` …), binding its own values. Parameters are numbered by
//! [`sqlx::QueryBuilder`] in the order they are bound, so no module knows another's parameter
//! numbers, and no SQL text crosses a module border: what one part hands another is a [`Cte`],
//! the name of a clause to read from, whose columns its owner documents.
//!
//! The text of a statement depends only on which parts were added, in which order, so each
//! shape of a statement is prepared once per connection and cached like any other.
use std::fmt;

use sqlx::postgres::PgArguments;
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::{Encode, FromRow, Postgres, QueryBuilder, Type};

/// A statement being written: `with` clauses, then the statement they serve.
pub struct Sql {
    builder: QueryBuilder<Postgres>,
    clauses: usize,
}

/// The name of a `with` clause, for another part of the statement to read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cte(&'static str);

impl fmt::Display for Cte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Default for Sql {
    fn default() -> Self {
        Self::new()
    }
}

impl Sql {
    pub fn new() -> Self {
        Self {
            builder: QueryBuilder::new(""),
            clauses: 0,
        }
    }

    /// SQL text written by the caller's own module.
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.builder.push(sql);
        self
    }

    /// A value, as the next parameter.
    pub fn bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Postgres> + Type<Postgres>,
    {
        self.builder.push_bind(value);
        self
    }

    /// The name of a clause, where the statement reads from it.
    pub fn cte(&mut self, clause: Cte) -> &mut Self {
        self.builder.push(clause.0);
        self
    }

    /// Adds `name as (…)`, whose body `body` writes; returns its name. Names are chosen by the
    /// module adding the clause, prefixed with its own name where another module's clauses may
    /// sit in the same statement.
    pub fn with(&mut self, name: &'static str, body: impl FnOnce(&mut Self)) -> Cte {
        self.builder
            .push(if self.clauses == 0 { "with " } else { ", " });
        self.clauses += 1;
        self.builder.push(name).push(" as (");
        body(self);
        self.builder.push(")");
        Cte(name)
    }

    /// The statement the clauses serve, reading no rows.
    pub fn query(&mut self) -> Query<'_, Postgres, PgArguments> {
        self.builder.build()
    }

    /// The statement the clauses serve, reading rows of `T`.
    pub fn query_as<'q, T>(&'q mut self) -> QueryAs<'q, Postgres, T, PgArguments>
    where
        T: FromRow<'q, sqlx::postgres::PgRow>,
    {
        self.builder.build_query_as()
    }

    /// The statement the clauses serve, reading one value per row.
    pub fn query_scalar<'q, T>(&'q mut self) -> QueryScalar<'q, Postgres, T, PgArguments>
    where
        (T,): for<'r> FromRow<'r, sqlx::postgres::PgRow>,
    {
        self.builder.build_query_scalar()
    }

    /// The text written so far, for tests and logs.
    pub fn text(&self) -> String {
        self.builder.sql().as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_are_joined_and_parameters_numbered_in_the_order_they_are_bound() {
        let mut q = Sql::new();
        let a = q.with("a", |q| {
            q.push("select ").bind(1_i64).push(" as x");
        });
        q.with("b", |q| {
            q.push("select x + ").bind(2_i64).push(" from ").cte(a);
        });
        q.push(" select * from b where x > ").bind(0_i64);
        assert_eq!(
            q.text(),
            "with a as (select $1 as x), b as (select x + $2 from a) select * from b where x > $3"
        );
    }
}
