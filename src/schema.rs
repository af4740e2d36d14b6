//! The schema, embedded in the binary: every file in `migrations/`, applied in version order.
//!
//! Listed by hand rather than by `sqlx::migrate!`, whose proc macro builds a second copy of
//! sqlx, rustls and tokio for the compiler's own use and made the release build a minute
//! longer. A test checks this list against the directory. The checksums are sqlx's own
//! (SHA-384 of each file), so databases migrated either way agree.
use std::sync::LazyLock;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

/// Version, description and SQL of each migration, as in its file name `<version>_<name>.sql`.
const FILES: &[(i64, &str, &str)] = &[
    (
        1,
        "users accounts",
        include_str!("../migrations/0001_users_accounts.sql"),
    ),
    (
        2,
        "products",
        include_str!("../migrations/0002_products.sql"),
    ),
    (3, "orders", include_str!("../migrations/0003_orders.sql")),
    (4, "ledger", include_str!("../migrations/0004_ledger.sql")),
    (
        5,
        "callbacks outbox",
        include_str!("../migrations/0005_callbacks_outbox.sql"),
    ),
    (6, "bot", include_str!("../migrations/0006_bot.sql")),
    (7, "metrics", include_str!("../migrations/0007_metrics.sql")),
    (
        8,
        "outbox by chat",
        include_str!("../migrations/0008_outbox_by_chat.sql"),
    ),
    (
        9,
        "supplier fidelity",
        include_str!("../migrations/0009_supplier_fidelity.sql"),
    ),
    (
        10,
        "dead letters",
        include_str!("../migrations/0010_dead_letters.sql"),
    ),
    (11, "intake", include_str!("../migrations/0011_intake.sql")),
    (
        12,
        "settle questions",
        include_str!("../migrations/0012_settle_questions.sql"),
    ),
    (
        13,
        "deposits",
        include_str!("../migrations/0013_deposits.sql"),
    ),
    (
        14,
        "price levels",
        include_str!("../migrations/0014_price_levels.sql"),
    ),
    (
        15,
        "supplier balance",
        include_str!("../migrations/0015_supplier_balance.sql"),
    ),
    (
        16,
        "reports",
        include_str!("../migrations/0016_reports.sql"),
    ),
    (
        17,
        "catalogue",
        include_str!("../migrations/0017_catalogue.sql"),
    ),
    (
        18,
        "catalogue imports",
        include_str!("../migrations/0018_catalogue_imports.sql"),
    ),
    (19, "menus", include_str!("../migrations/0019_menus.sql")),
    (
        20,
        "wake in process",
        include_str!("../migrations/0020_wake_in_process.sql"),
    ),
    (
        21,
        "drift patience",
        include_str!("../migrations/0021_drift_patience.sql"),
    ),
    (
        22,
        "ledger system entries",
        include_str!("../migrations/0022_ledger_system_entries.sql"),
    ),
    (
        23,
        "fewer index writes",
        include_str!("../migrations/0023_fewer_index_writes.sql"),
    ),
    (
        24,
        "waiting by age",
        include_str!("../migrations/0024_waiting_by_age.sql"),
    ),
    (
        25,
        "mutations one by one",
        include_str!("../migrations/0025_mutations_one_by_one.sql"),
    ),
    (
        26,
        "alerts behind replies",
        include_str!("../migrations/0026_alerts_behind_replies.sql"),
    ),
    (
        27,
        "admin menus",
        include_str!("../migrations/0027_admin_menus.sql"),
    ),
    (
        28,
        "admin actions",
        include_str!("../migrations/0028_admin_actions.sql"),
    ),
    (
        29,
        "refunds",
        include_str!("../migrations/0029_refunds.sql"),
    ),
    (
        30,
        "complaints",
        include_str!("../migrations/0030_complaints.sql"),
    ),
    (
        31,
        "broadcasts",
        include_str!("../migrations/0031_broadcasts.sql"),
    ),
    (
        32,
        "suppliers",
        include_str!("../migrations/0032_suppliers.sql"),
    ),
    (
        33,
        "supplier books",
        include_str!("../migrations/0033_supplier_books.sql"),
    ),
    (
        34,
        "order attempts",
        include_str!("../migrations/0034_order_attempts.sql"),
    ),
    (
        35,
        "digiflazz checks",
        include_str!("../migrations/0035_digiflazz_checks.sql"),
    ),
    (
        36,
        "price list sync",
        include_str!("../migrations/0036_price_list_sync.sql"),
    ),
    (
        37,
        "route cut short alerts",
        include_str!("../migrations/0037_route_cut_short_alerts.sql"),
    ),
    (
        38,
        "replies under purchases",
        include_str!("../migrations/0038_replies_under_purchases.sql"),
    ),
];

pub static MIGRATOR: LazyLock<Migrator> = LazyLock::new(|| {
    Migrator::with_migrations(
        FILES
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    description.into(),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
});

#[cfg(test)]
mod tests {
    use super::FILES;

    #[test]
    fn every_file_in_migrations_is_embedded_under_its_own_version_and_name() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let mut on_disk: Vec<(i64, String, String)> = std::fs::read_dir(dir)
            .expect("migrations/")
            .map(|entry| {
                let path = entry.expect("entry").path();
                let name = path.file_stem().and_then(|s| s.to_str()).expect("utf-8");
                let (version, description) = name.split_once('_').expect("<version>_<name>");
                let sql = std::fs::read_to_string(&path).expect("readable");
                // Embedded ones always run in a transaction.
                assert!(!sql.starts_with("-- no-transaction"), "{name}");
                (
                    version.parse().expect("numeric version"),
                    description.replace('_', " "),
                    sql,
                )
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<(i64, String, String)> = FILES
            .iter()
            .map(|&(v, d, sql)| (v, d.to_owned(), sql.to_owned()))
            .collect();
        assert_eq!(embedded, on_disk);
    }
}
