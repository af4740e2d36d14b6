//! `/level`: each verb asks `levels` and answers with what changed, or why nothing did.
use sqlx::PgConnection;

use crate::bot::Caller;
use crate::bot::commands::LevelCommand;
use crate::levels::{self, Change};
use crate::text::levels as say;

pub async fn run(
    conn: &mut PgConnection,
    caller: &Caller,
    command: LevelCommand,
) -> sqlx::Result<String> {
    let admin_id = caller.user_id;
    let (change, done, name, user_id, code) = match command {
        LevelCommand::List => return Ok(say::list(&levels::list(conn).await?)),
        LevelCommand::Add { name, markup } => {
            let change = levels::create(conn, admin_id, &name, markup).await?;
            (change, say::created(&name, markup), name, None, None)
        }
        LevelCommand::SetMarkup { name, markup } => {
            let change = levels::set_markup(conn, admin_id, &name, markup).await?;
            (change, say::markup_set(&name, markup), name, None, None)
        }
        LevelCommand::Rename { from, to } => {
            let change = levels::rename(conn, admin_id, &from, &to).await?;
            let named = if change == Change::NameTaken {
                to.clone()
            } else {
                from.clone()
            };
            (change, say::renamed(&from, &to), named, None, None)
        }
        LevelCommand::MakeDefault { name } => {
            let change = levels::make_default(conn, admin_id, &name).await?;
            (change, say::made_default(&name), name, None, None)
        }
        LevelCommand::Assign { user_id, name } => {
            let change = levels::assign(conn, admin_id, user_id, &name).await?;
            (
                change,
                say::assigned(user_id, &name),
                name,
                Some(user_id),
                None,
            )
        }
        LevelCommand::ProductPrice { name, code, price } => {
            let change = levels::set_product_price(conn, admin_id, &name, &code, price).await?;
            let done = say::product_price_set(&name, code.as_str(), price);
            (change, done, name, None, Some(code.as_str().to_owned()))
        }
    };
    if change != Change::Done {
        return Ok(say::refused(change, &name, user_id, code.as_deref()));
    }
    tracing::info!(admin_id, level = %name, user_id, product = code.as_deref(), "price level changed");
    Ok(done)
}
