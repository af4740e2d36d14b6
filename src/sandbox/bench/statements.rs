//! `loket bench --statements`: which SQL statements PostgreSQL spent its time on during runs a
//! and b, from `pg_stat_statements`. Off by default: the extension costs a little on every
//! statement, pgbench's included. Planning is tracked too: a prepared statement PostgreSQL keeps
//! planning afresh (its generic plan looked worse) costs CPU that execution time does not show.
use sqlx::PgPool;

/// What the server needs loaded at start for this.
pub const SETTINGS: &str = "shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track_planning = on
";

#[derive(Debug, Clone)]
pub struct Statement {
    pub calls: i64,
    /// Execution time in milliseconds, planning excluded.
    pub exec_ms: f64,
    /// How many times it was planned, and the milliseconds spent planning.
    pub plans: i64,
    pub plan_ms: f64,
    pub query: String,
}

pub async fn install(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("create extension if not exists pg_stat_statements")
        .execute(pool)
        .await
        .map(drop)
}

pub async fn reset(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("select pg_stat_statements_reset()")
        .execute(pool)
        .await
        .map(drop)
}

/// Every statement run in loket's database since the last reset, longest total time first.
pub async fn since_reset(pool: &PgPool) -> sqlx::Result<Vec<Statement>> {
    let rows: Vec<(i64, f64, i64, f64, String)> = sqlx::query_as(
        "select s.calls, s.total_exec_time, s.plans, s.total_plan_time, regexp_replace(s.query, '\\s+', ' ', 'g')
           from pg_stat_statements s join pg_database d on d.oid = s.dbid
          where d.datname = current_database() and s.query not like '%pg_stat_%'
          order by s.total_exec_time desc",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(calls, exec_ms, plans, plan_ms, query)| Statement {
            calls,
            exec_ms,
            plans,
            plan_ms,
            query,
        })
        .collect())
}

/// The table printed under the main one: per unit of work, calls and execution time of each
/// statement (planning apart), then the totals.
pub fn print(run: &str, unit: &str, units: f64, statements: &[Statement]) {
    let calls: i64 = statements.iter().map(|s| s.calls).sum();
    let exec_ms: f64 = statements.iter().map(|s| s.exec_ms).sum();
    let plans: i64 = statements.iter().map(|s| s.plans).sum();
    let plan_ms: f64 = statements.iter().map(|s| s.plan_ms).sum();
    println!();
    println!(
        "Statements during {run}: {:.1} per {unit}, {:.0} µs of execution per {unit}; \
         {:.1} plans, {:.0} µs of planning per {unit} (pg_stat_statements)",
        calls as f64 / units,
        1000.0 * exec_ms / units,
        plans as f64 / units,
        1000.0 * plan_ms / units
    );
    println!(
        "| calls per {unit} | µs per {unit} | plans per {unit} | µs planning per {unit} | statement |\n|---|---|---|---|---|"
    );
    for s in statements.iter().take(30) {
        let query: String = s.query.chars().take(110).collect();
        println!(
            "| {:.2} | {:.0} | {:.2} | {:.0} | `{}` |",
            s.calls as f64 / units,
            1000.0 * s.exec_ms / units,
            s.plans as f64 / units,
            1000.0 * s.plan_ms / units,
            query.replace('|', "\\|")
        );
    }
}
