//! A PLN token chosen in a menu, its meter typed: whose meter it is, asked of Digiflazz, shown
//! before "Ya, beli". A check that cannot be made (no Digiflazz, a number that is no meter,
//! Digiflazz failing) neither blocks the purchase nor buys: the menu goes on as for any
//! product, and says the name was not checked (R44).
use std::sync::Arc;

use crate::bot::{BotContext, Caller, Reply};
use crate::domain::{Destination, Money, PlnNumber, ProductCode};
use crate::menus::Offer;
use crate::orders::confirmations::{self, Asker};
use crate::telegram::buttons::{Question, yes_no};
use crate::text::{bot as bot_say, catalogue as catalogue_say, pln as say};

/// What the check of a PLN product's meter came to.
pub(super) enum Checked {
    /// Not a PLN product: nothing to check.
    NotPln,
    /// The owner, as `/cekpln` shows it.
    Customer(String),
    /// No name could be had; the purchase goes on without it.
    Unchecked,
}

pub(super) async fn check(ctx: &BotContext, offer: &Offer, destination: &Destination) -> Checked {
    if !offer.pln {
        return Checked::NotPln;
    }
    let (Some(client), Ok(number)) = (&ctx.digiflazz, PlnNumber::parse(destination.as_str()))
    else {
        return Checked::Unchecked;
    };
    match crate::bot::pln::inquire(client, &number).await {
        Ok(customer) => Checked::Customer(crate::bot::pln::customer_text(&customer)),
        Err(_) => Checked::Unchecked,
    }
}

/// The customer, and the question with its buttons; orders records the question, and a press
/// on "Ya, beli" buys as any confirmed purchase does (`purchase::question::decide`), keyed by
/// the message that gave the meter.
pub(super) async fn ask(
    ctx: &Arc<BotContext>,
    caller: &Caller,
    offer: &Offer,
    destination: &Destination,
    customer: &str,
) -> anyhow::Result<Reply> {
    let product =
        ProductCode::parse(&offer.code).map_err(|e| anyhow::anyhow!("menu product: {e}"))?;
    let asker = Asker {
        chat_id: caller.chat_id,
        message_id: caller.message_id,
        user_id: caller.user_id,
    };
    confirmations::ask(&ctx.pool, asker, &product, destination).await?;
    let price = Money::from_rupiah(offer.price).to_string();
    let text = say::confirm(
        customer,
        &offer.code,
        &offer.name,
        &price,
        destination.as_str(),
    );
    let keyboard = yes_no(
        Question::Purchase,
        caller.message_id,
        catalogue_say::BUY_YES,
        bot_say::CONFIRM_NO,
    );
    Ok(Reply {
        text,
        keyboard: Some(keyboard),
        attachment: None,
        manner: Default::default(),
    })
}
