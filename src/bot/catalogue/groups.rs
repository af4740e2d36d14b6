//! `/kategori`, `/brand`, `/kelompok`, `/gangguan`, `/normal`: each asks `catalogue` and
//! answers with what changed, or why nothing did.
use sqlx::PgConnection;

use crate::bot::Caller;
use crate::bot::commands::GroupCommand;
use crate::catalogue::{self, Change, Group};
use crate::domain::ProductCode;
use crate::text::catalogue as say;

pub async fn group(
    conn: &mut PgConnection,
    caller: &Caller,
    group: Group,
    command: GroupCommand,
) -> sqlx::Result<String> {
    let kind = match group {
        Group::Category => "Kategori",
        Group::Brand => "Brand",
    };
    let admin = caller.user_id;
    let (name, change, done) = match command {
        GroupCommand::List => {
            return Ok(match group {
                Group::Category => {
                    let list = catalogue::categories(conn).await?;
                    say::categories(&list, catalogue::uncategorised(conn).await?)
                }
                Group::Brand => say::brands(
                    &catalogue::brands(conn, None).await?,
                    &catalogue::operators(conn).await?,
                ),
            });
        }
        GroupCommand::Add { name } => {
            let change = catalogue::add(conn, admin, group, &name, None).await?;
            (name, change, "ditambahkan".to_owned())
        }
        GroupCommand::AddBrand { name, operator } => {
            let change = catalogue::add(conn, admin, group, &name, operator.as_deref()).await?;
            let done = format!("ditambahkan, {}", say::operator_set(operator.as_deref()));
            (name, change, done)
        }
        GroupCommand::Rename { from, to } => {
            let change = catalogue::rename(conn, admin, group, &from, &to).await?;
            let named = if change == Change::Taken {
                to.clone()
            } else {
                from
            };
            (named, change, format!("kini bernama {to}"))
        }
        GroupCommand::Remove { name } => {
            let change = catalogue::remove(conn, admin, group, &name).await?;
            (name, change, "dihapus".to_owned())
        }
        GroupCommand::Hours { name, cutoff } => {
            let change = catalogue::set_cutoff(conn, admin, &name, cutoff).await?;
            (name, change, say::hours_set(cutoff))
        }
        GroupCommand::Operator { name, operator } => {
            let change = catalogue::set_operator(conn, admin, &name, operator.as_deref()).await?;
            (name, change, say::operator_set(operator.as_deref()))
        }
    };
    if change == Change::Done {
        tracing::info!(admin_id = caller.user_id, group = kind, name = %name, what = %done, "catalogue changed");
    }
    Ok(say::group_change(kind, &name, &change, &done))
}

pub async fn classify(
    conn: &mut PgConnection,
    caller: &Caller,
    code: &ProductCode,
    category: &str,
    brand: &str,
) -> sqlx::Result<String> {
    Ok(
        match catalogue::classify(conn, caller.user_id, code, category, brand).await? {
            Ok(()) => {
                tracing::info!(admin_id = caller.user_id, product = %code, category, brand, "product classified");
                say::classified(code.as_str(), category, brand)
            }
            Err(missing) => say::not_classified(missing, code.as_str(), category, brand),
        },
    )
}

/// `/gangguan` with `Some(reason)` (possibly empty), `/normal` with `None`.
pub async fn disruption(
    conn: &mut PgConnection,
    caller: &Caller,
    code: &ProductCode,
    reason: Option<&str>,
) -> sqlx::Result<String> {
    let Some(name) = catalogue::set_disrupted(conn, caller.user_id, code, reason).await? else {
        return Ok(say::no_product(code.as_str()));
    };
    tracing::info!(admin_id = caller.user_id, product = %code, disrupted = reason.is_some(), "product disruption changed");
    Ok(match reason {
        Some(r) => say::disruption_set(&name, Some(r).filter(|r| !r.is_empty())),
        None => say::restored(&name),
    })
}
