//! Money the bank reported is credited: every ticket the load's bank said was paid ends
//! credited, by that mutation or by the admin's ✅ (R35). A body loket could not store while it
//! was down is posted again once it is up, as a bank-mutation service retries until it gets 200.
use loket::sandbox::sim::bank::SimBank;
use sqlx::PgConnection;

use super::load::Sent;

/// Posts again every payment loket never stored; returns how many.
pub async fn repost(bank: &SimBank, sent: &Sent) -> usize {
    let unstored: Vec<_> = sent.paid.iter().filter(|p| !p.stored).collect();
    for paid in &unstored {
        let answer = bank.post(&paid.body).await;
        assert!(
            matches!(answer, Ok((200, _))),
            "ticket {}'s payment refused once loket was up: {answer:?}",
            paid.ticket_id
        );
    }
    unstored.len()
}

/// Tickets reported paid that are not credited, or whose transfer did not match them.
pub async fn uncredited(conn: &mut PgConnection, sent: &Sent) -> Vec<String> {
    let tickets: Vec<i64> = sent.paid.iter().map(|p| p.ticket_id).collect();
    let rows: Vec<(i64, String, bool)> = sqlx::query_as(
        "select t.ticket_id, t.status,
                -- The transfer credited its ticket, or found the admin's ✅ had: never matched
                -- to nothing, or to another ticket.
                exists(select 1 from bank_mutations m
                        where m.source_id = 'CRASH-' || t.ticket_id and m.ticket_id = t.ticket_id
                          and m.outcome in ('credited', 'already_credited'))
           from deposit_tickets t where t.ticket_id = any($1)",
    )
    .bind(&tickets)
    .fetch_all(conn)
    .await
    .unwrap();
    let mut found: Vec<String> = rows
        .into_iter()
        .filter(|(_, status, stored)| status != "credited" || !stored)
        .map(|(id, status, stored)| {
            format!("ticket {id} paid: {status}, its transfer matched to it {stored}")
        })
        .collect();
    if found.is_empty() && tickets.is_empty() {
        found.push("the bank paid no ticket: the load tested no transfer".into());
    }
    found
}
