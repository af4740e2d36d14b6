//! What a reseller reads: their balance, prices, history, one order, statement; and those
//! commands' argument parsers.
use sqlx::PgConnection;

use crate::bot::commands::ResellerCommand;
use crate::bot::commands::args::{Parsed, count, invalid, page_number, user_id};
use crate::domain::{Money, TrxId};
use crate::orders::Order;
use crate::orders::queries;
use crate::text::bot::{self as say, OrderLine, StatementLine};
use crate::text::errors as why;
use crate::text::lists::{Beyond, Paged};
use crate::text::price_list::{self, PriceLine};
use crate::{catalogue, ledger};

const LIST_LIMIT: i64 = 10;

/// One page of the price list (or of a search in it), grouped by category and brand: every
/// product is on some page. `buttons`: whether the page will have ◀ ▶ under it.
pub async fn prices(
    conn: &mut PgConnection,
    user_id: i64,
    filter: Option<&str>,
    wanted: (usize, Beyond),
    buttons: bool,
) -> sqlx::Result<Paged> {
    let (level, list) = catalogue::price_list(conn, user_id, filter).await?;
    let lines: Vec<PriceLine> = list
        .iter()
        .map(|p| PriceLine {
            code: &p.code,
            name: &p.name,
            price: Money::from_rupiah(p.price),
            disrupted: p.disrupted,
            category: p.category.as_deref(),
            brand: p.brand.as_deref(),
        })
        .collect();
    Ok(price_list::prices(&lines, filter, wanted, &level, buttons))
}

pub fn line(o: &Order) -> OrderLine<'_> {
    o.line()
}

pub async fn history(conn: &mut PgConnection, user_id: i64) -> sqlx::Result<String> {
    let orders = queries::recent_for_user(conn, user_id, LIST_LIMIT).await?;
    Ok(say::history(&orders.iter().map(line).collect::<Vec<_>>()))
}

pub async fn check(
    conn: &mut PgConnection,
    trxid: &str,
    viewer: Option<i64>,
) -> sqlx::Result<String> {
    Ok(match queries::visible_to(conn, trxid, viewer).await? {
        Some(order) => say::order_detail(&line(&order)),
        None => say::order_not_found().into(),
    })
}

/// A reseller's latest movements: `of` names whose when an admin reads someone else's, and
/// one never registered is named as such rather than shown an empty statement.
pub async fn statement(
    conn: &mut PgConnection,
    user_id: i64,
    of: Option<i64>,
) -> sqlx::Result<String> {
    let Some(entries) = ledger::statement(conn, user_id, LIST_LIMIT).await? else {
        return Ok(match of {
            Some(id) => crate::text::admin::admin_not_registered(id),
            None => say::statement(&[], None),
        });
    };
    let lines: Vec<StatementLine> = entries
        .into_iter()
        .map(|e| StatementLine {
            at: e.created_at,
            kind: e.kind,
            amount: Money::from_rupiah(e.amount),
            balance_after: Money::from_rupiah(e.balance_after),
        })
        .collect();
    Ok(say::statement(&lines, of))
}

/// `/saldo` and `/riwayat` ignore any words typed after them.
pub(in crate::bot) fn parse_balance(_: &[&str]) -> Parsed<ResellerCommand> {
    Ok(ResellerCommand::Balance)
}

pub(in crate::bot) fn parse_history(_: &[&str]) -> Parsed<ResellerCommand> {
    Ok(ResellerCommand::History)
}

/// `/mutasi`, `/mutasi <user_id>`, `/mutasi <user_id> xlsx` (in either order); whether the
/// caller may read that reseller's is for the flow to say. Other words are ignored, as they
/// were before `/mutasi` took any.
pub(in crate::bot) fn parse_statement(words: &[&str]) -> Parsed<ResellerCommand> {
    let xlsx = words.iter().any(|w| w.eq_ignore_ascii_case("xlsx"));
    let ids: Vec<i64> = words.iter().filter_map(|w| user_id(w)).collect();
    if ids.len() > 1 {
        return Err(invalid(why::ONE_USER_ID));
    }
    // A word that is neither is a mistake (`/mutasi xls`), not a request for one's own.
    if words.len() > ids.len() + usize::from(xlsx) {
        return Err(invalid(why::STATEMENT_WORDS));
    }
    Ok(ResellerCommand::Statement {
        of: ids.first().copied(),
        xlsx,
    })
}

/// A last word that is a page number picks the page; any other words are searched.
pub(in crate::bot) fn parse_prices(words: &[&str]) -> Parsed<ResellerCommand> {
    let (search, page) = match words.split_last() {
        Some((last, search)) => match page_number(last) {
            Some(page) => (search, page),
            None => (words, 1),
        },
        None => (words, 1),
    };
    Ok(ResellerCommand::Prices {
        filter: (!search.is_empty()).then(|| search.join(" ")),
        page,
    })
}

pub(in crate::bot) fn parse_check(words: &[&str]) -> Parsed<ResellerCommand> {
    count(words, 1)?;
    Ok(ResellerCommand::Check {
        trxid: TrxId::parse(words[0]).ok_or_else(|| invalid(why::TRXID))?,
    })
}

#[cfg(test)]
mod tests {
    use crate::bot::commands::ResellerCommand;
    use crate::bot::commands::tests::{ok, problem};

    #[test]
    fn mutasi_takes_a_user_and_xlsx_and_names_anything_else() {
        let statement = |of, xlsx| ResellerCommand::Statement { of, xlsx };
        assert_eq!(ok("/mutasi"), statement(None, false));
        assert_eq!(ok("/mutasi 123456"), statement(Some(123456), false));
        assert_eq!(ok("/mutasi 123456 XLSX"), statement(Some(123456), true));
        assert_eq!(ok("/mutasi xlsx"), statement(None, true));
        for wrong in ["/mutasi xls", "/mutasi 123456 csv", "/mutasi saya"] {
            let said = problem(wrong).unwrap_or_default();
            assert!(said.contains("hanya user_id dan xlsx"), "{wrong}: {said}");
        }
        assert!(problem("/mutasi 1 2").is_some_and(|p| p.contains("satu user_id")));
    }
}
