//! What the sandbox starts with: a catalogue of about ninety products, one funded reseller
//! who is also admin, and two other resellers a broadcast reaches.
use sqlx::PgPool;

use crate::deposits::BankAccount;
use crate::domain::{Money, ProductCode};
use crate::ledger::{self, AdminAction};
use crate::levels::{self, Markup};
use crate::{products, users};

/// The person at the terminal: their Telegram id in the sandbox.
pub const DEMO_USER: i64 = 700_100_200;
pub const DEMO_NAME: &str = "Anda";
pub const STARTING_BALANCE: Money = Money::from_rupiah(250_000);
/// A sandbox merchant's static QRIS (made up; its CRC is right), from which tickets draw a
/// dynamic QRIS for their exact amount.
pub const DEMO_QRIS: &str = "00020101021126660014ID.CO.QRIS.WWW01189360091100000000000215ID10200000000010303UMI51440014ID.CO.QRIS.WWW0215ID10200000000010303UMI5204581253033605802ID5915TOKO DEMO PULSA6007JAKARTA61051234062070703A016304077B";

/// Code, name, cost price (what the sandbox's supplier charges), list price. The catalogue
/// files them in categories, all but `wifi5`, which `/beli` shows under "Lainnya" as a product
/// added with `/produk` alone would be.
const PRODUCTS: &[(&str, &str, i64, i64)] = &[
    ("s5", "Telkomsel 5.000", 5_150, 5_500),
    ("s10", "Telkomsel 10.000", 10_150, 10_400),
    ("x10", "XL 10.000", 10_150, 10_300),
    ("d1", "Data Telkomsel 1 GB", 1_150, 15_000),
    ("pln20", "Token PLN 20.000", 20_150, 20_500),
    ("gp50", "Voucher Google Play 50.000", 50_150, 51_000),
    ("wifi5", "Voucher WiFi 5.000", 5_150, 6_000),
];

/// Other resellers of the sandbox, who pressed /start long ago: a `/siaran` reaches them.
pub const DEMO_RESELLERS: &[(i64, &str)] =
    &[(700_100_201, "Cell Jaya"), (700_100_202, "Pulsa Murah")];

/// Price levels beside the default `umum`: name and markup over the cost price.
const LEVELS: &[(&str, Markup)] = &[
    ("reseller", Markup::Rupiah(200)),
    ("agen", Markup::Percent(100)),
];

/// Idempotent: a second run over the same database changes nothing it already has. Refuses a
/// database with anyone else in it: demo prices must never overwrite a real price list.
pub async fn seed(pool: &PgPool) -> anyhow::Result<()> {
    let ours: Vec<i64> = std::iter::once(DEMO_USER)
        .chain(DEMO_RESELLERS.iter().map(|(id, _)| *id))
        .collect();
    let (others,): (i64,) = sqlx::query_as("select count(*) from users where user_id <> all($1)")
        .bind(&ours)
        .fetch_one(pool)
        .await?;
    if others > 0 {
        anyhow::bail!(
            "DATABASE_URL points at a database with {others} real user(s); the demo only runs on an empty one (unset DATABASE_URL to use a throwaway PostgreSQL)"
        );
    }
    let mut tx = pool.begin().await?;
    for (code, name, cost, price) in PRODUCTS {
        let code = ProductCode::parse(code).map_err(|e| anyhow::anyhow!("{e}"))?;
        let (cost, price) = (Money::from_rupiah(*cost), Money::from_rupiah(*price));
        products::upsert(&mut tx, &code, Some(cost), price, name).await?;
    }
    super::catalogue::seed(&mut tx).await?;
    for (name, markup) in LEVELS {
        levels::create(&mut tx, DEMO_USER, name, Some(*markup)).await?;
    }
    users::register(&mut tx, DEMO_USER, DEMO_USER, None, DEMO_NAME).await?;
    for (id, name) in DEMO_RESELLERS {
        users::register(&mut tx, *id, *id, None, name).await?;
    }
    BankAccount::add(&mut tx, DEMO_USER, "BCA", "1234567890", "Toko Demo Pulsa").await?;
    tx.commit().await?;

    let action = AdminAction {
        admin_id: DEMO_USER,
        note: "saldo awal demo".into(),
        // The key makes the starting balance a one-time credit even on a reused database.
        idempotency_key: Some("demo-starting-balance".into()),
    };
    let mut tx = pool.begin().await?;
    match ledger::top_up(&mut tx, DEMO_USER, STARTING_BALANCE, &action).await {
        Ok(_) => tx.commit().await?,
        // Already credited on an earlier run; the failed statement aborted this transaction.
        Err(ledger::LedgerError::AlreadyRecorded) => tx.rollback().await?,
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
