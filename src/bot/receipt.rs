//! `/struk <trxid> [harga jual]`: a SUKSES order's receipt, as a picture for the reseller to
//! pass to their customer. Reading only, so no transaction; the picture leaves through the
//! outbox with the reply, in the transaction that marks the update handled.
use sqlx::PgConnection;

use crate::bot::commands::ResellerCommand;
use crate::bot::commands::args::{Parsed, invalid};
use crate::bot::{BotContext, Caller, Reply};
use crate::domain::{Money, TrxId};
use crate::outbox::{Attachment, Photo};
use crate::receipts::{self, Receipt};
use crate::text::bot::order_not_found;
use crate::text::errors as why;
use crate::text::receipts as say;

pub async fn receipt(
    ctx: &BotContext,
    conn: &mut PgConnection,
    caller: &Caller,
    trxid: &TrxId,
    selling_price: Option<Money>,
) -> anyhow::Result<Reply> {
    let shop = ctx.shop_name();
    let drawn = receipts::receipt(conn, trxid, caller.user_id, selling_price, &shop).await?;
    Ok(match drawn {
        Receipt::Drawn { png, caption } => {
            Reply::with(caption, Attachment::Photo(Photo::Png(png)))
        }
        Receipt::NotFound => Reply::text(order_not_found()),
        Receipt::NotSuccess(status) => Reply::text(say::not_success(trxid.as_str(), status)),
        Receipt::NotDrawn => Reply::text(say::NO_PICTURE),
    })
}

/// A trxid, and the price the customer pays (`25000`, `25.000`, `25rb`) if given.
pub(in crate::bot) fn parse_receipt(words: &[&str]) -> Parsed<ResellerCommand> {
    let (trxid, price) = match words {
        [trxid] => (trxid, None),
        [trxid, price] => (trxid, Some(price)),
        _ => return Err(None),
    };
    let trxid = TrxId::parse(trxid).ok_or_else(|| invalid(why::TRXID))?;
    let selling_price = price
        .map(|p| Money::parse_amount(p).map_err(|e| invalid(why::selling_price(&e))))
        .transpose()?;
    Ok(ResellerCommand::Receipt {
        trxid,
        selling_price,
    })
}
