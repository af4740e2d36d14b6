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
        Receipt::Drawn { png, caption } => Reply::with(caption, Attachment::Photo(Photo::Png(png))),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::commands::tests::{ok, problem};

    const TRXID: &str = "26120514300000000001";

    #[test]
    fn struk_takes_a_trxid_and_a_price_written_any_way() {
        let receipt = |price: Option<i64>| ResellerCommand::Receipt {
            trxid: TrxId::parse(TRXID).unwrap(),
            selling_price: price.map(Money::from_rupiah),
        };
        assert_eq!(ok(&format!("/struk {TRXID}")), receipt(None));
        for price in ["25000", "25.000", "25rb", "25k", "Rp25.000"] {
            assert_eq!(
                ok(&format!("/struk {TRXID} {price}")),
                receipt(Some(25_000))
            );
        }
    }

    #[test]
    fn a_bad_trxid_or_price_is_named_and_other_shapes_get_the_usage_line() {
        assert_eq!(problem("/struk 123").as_deref(), Some(why::TRXID));
        assert_eq!(
            problem("/struk 2612051430000000000x").as_deref(),
            Some(why::TRXID)
        );
        for (price, e) in [
            ("dua5", crate::domain::MoneyError::NotANumber),
            ("0", crate::domain::MoneyError::NotPositive),
            ("-5000", crate::domain::MoneyError::NotPositive),
            ("9999999999999999", crate::domain::MoneyError::TooLarge),
        ] {
            let said = problem(&format!("/struk {TRXID} {price}"));
            assert_eq!(said, Some(why::selling_price(&e)), "{price}");
        }
        assert_eq!(problem("/struk"), None);
        assert_eq!(problem(&format!("/struk {TRXID} 25rb lagi")), None);
    }
}
