//! `settle_questions`: "fail this pending order all the same?", asked when an admin fails an
//! order the supplier has accepted (it may still deliver, and a delivery after the refund is
//! our loss). The answer is recorded in the same transaction that fails the order, and only
//! once, so a second press finds the question answered and changes nothing.
use super::{Guard, OrderError, Orders, Resolution, ResolveOutcome};
use crate::domain::{OrderStatus, TrxId};

/// The command that asked: its chat and message key the question.
#[derive(Debug, Clone, Copy)]
pub struct QuestionKey {
    pub chat_id: i64,
    pub message_id: i64,
}

/// What a press on the question's buttons did.
#[derive(Debug)]
pub enum SettleAnswer {
    /// No such question.
    Unasked,
    /// Answered before (`confirmed` says how); the order's status now, if it exists.
    AnsweredBefore {
        confirmed: bool,
        now: Option<OrderStatus>,
    },
    /// Confirmed by this press: what failing the order came to.
    Confirmed {
        trxid: TrxId,
        /// Boxed: it carries the order, and the other answers are small.
        outcome: Box<ResolveOutcome>,
    },
    /// Cancelled by this press: the order is left as it is now.
    Cancelled {
        trxid: TrxId,
        now: Option<OrderStatus>,
    },
}

impl Orders {
    /// Records the question; a redelivered /selesai asks the same one again and its first
    /// answer stands.
    pub async fn ask_settle(
        &self,
        key: QuestionKey,
        admin_id: i64,
        trxid: &str,
        note: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "insert into settle_questions (chat_id, message_id, asked_by, trxid, note)
             values ($1, $2, $3, $4, $5) on conflict do nothing",
        )
        .bind(key.chat_id)
        .bind(key.message_id)
        .bind(admin_id)
        .bind(trxid)
        .bind(note)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// `admin_id`'s answer to the question: with `yes`, fails the order if it is still pending,
    /// in the transaction that records the answer.
    pub async fn answer_settle(
        &self,
        key: QuestionKey,
        admin_id: i64,
        yes: bool,
    ) -> Result<SettleAnswer, OrderError> {
        let mut tx = self.pool.begin().await?;
        let asked: Option<(String, String)> = sqlx::query_as(
            "update settle_questions set decision = $3, decided_by = $4, decided_at = now()
              where chat_id = $1 and message_id = $2 and decision is null
             returning trxid, note",
        )
        .bind(key.chat_id)
        .bind(key.message_id)
        .bind(if yes { "confirmed" } else { "cancelled" })
        .bind(admin_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((trxid, note)) = asked else {
            drop(tx);
            return self.answered_before(key).await;
        };
        let trxid = TrxId::parse(&trxid).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: "trxid".into(),
            source: format!("question holds trxid {trxid:?}").into(),
        })?;
        if !yes {
            crate::outbox::commit(tx).await?;
            let now = self.find(trxid.as_str()).await?.map(|o| o.status());
            return Ok(SettleAnswer::Cancelled { trxid, now });
        }
        let outcome = self
            .resolve_in(
                &mut tx,
                admin_id,
                &trxid,
                &Resolution::Failed,
                &note,
                Guard::StillPending,
            )
            .await?;
        crate::outbox::commit(tx).await?;
        Ok(SettleAnswer::Confirmed {
            trxid,
            outcome: Box::new(outcome),
        })
    }

    /// A press on a question already answered, or never asked: says so, changes nothing.
    async fn answered_before(&self, key: QuestionKey) -> Result<SettleAnswer, OrderError> {
        let asked: Option<(String, Option<String>)> = sqlx::query_as(
            "select trxid, decision from settle_questions where chat_id = $1 and message_id = $2",
        )
        .bind(key.chat_id)
        .bind(key.message_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((trxid, decision)) = asked else {
            return Ok(SettleAnswer::Unasked);
        };
        let now = self.find(&trxid).await?.map(|o| o.status());
        let confirmed = decision.as_deref() == Some("confirmed");
        Ok(SettleAnswer::AnsweredBefore { confirmed, now })
    }
}
