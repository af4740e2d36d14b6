//! Complaints (R37), done to the real `complaints` module the way the bot calls it: a
//! `/komplain`, `/balas` and `/tolakkomplain`, and the "Kirim ulang hasil" and "Refund penuh"
//! buttons with the keys the bot gives them.
use std::time::Duration;

use loket::complaints::{self, Acted, AdminStep, ComplaintRefund, Filed, Filing, Refusal};
use loket::domain::complaint::ComplaintState;
use loket::domain::refund::{RefundAmount, RefundSource};
use loket::orders::RefundRequest;

use super::super::complaint_steps::{Move, Patience, Race, Whose, Words};
use super::super::reference::Model;
use super::refunds::outcome;
use super::{RESELLERS, World, stranger};
use crate::helpers::ADMIN;

/// The other admin of a race; notices go to [`ADMIN`] only.
const SECOND_ADMIN: i64 = 902;
const DAY: Duration = Duration::from_secs(86_400);

impl World {
    pub(super) async fn complain(
        &mut self,
        model: &Model,
        filing: usize,
        attempt: usize,
        (whose, words, patience): (Whose, Words, Patience),
    ) -> &'static str {
        let owner = model.attempts[&attempt].0;
        let user = RESELLERS[match whose {
            Whose::Other => (owner + 1) % RESELLERS.len(),
            Whose::Own | Whose::Nobody => owner,
        }];
        let trxid = match whose {
            Whose::Nobody => stranger(3_000_000 + filing),
            Whose::Own | Whose::Other => self.trxid(attempt),
        };
        let (stuck_after, max_age) = match patience {
            Patience::Stuck => (Duration::ZERO, 7 * DAY),
            Patience::Young => (Duration::from_secs(3_600), 7 * DAY),
            Patience::Late => (Duration::ZERO, Duration::ZERO),
        };
        let text = words.text();
        let f = Filing {
            user_id: user,
            chat_id: user,
            source_key: format!("model:{filing}"),
            trxid: &trxid,
            text: &text,
            photo_id: None,
            stuck_after,
            max_age,
            admins: &[ADMIN],
        };
        match complaints::file(&self.pool, &f).await.unwrap() {
            Filed::Filed { complaint, cut } => {
                assert!(
                    self.complaints
                        .insert(filing, complaint.complaint_id)
                        .is_none()
                );
                if cut { "filed (cut)" } else { "filed" }
            }
            Filed::AlreadyFiled { complaint_id } => {
                assert_eq!(self.complaints.get(&filing), Some(&complaint_id));
                "already filed"
            }
            Filed::Refused(refusal) => match refusal {
                Refusal::UnknownOrder => "unknown order",
                Refusal::Failed { .. } => "failed",
                Refusal::StillProcessing => "still processing",
                Refusal::TooOld { .. } => "too old",
                Refusal::AlreadyOpen { .. } => "already open",
                Refusal::TooMany { .. } => "too many",
                Refusal::Empty => "empty",
            },
        }
    }

    /// The complaint's number, or one no complaint has when the filing was refused.
    fn complaint_no(&self, filing: usize) -> i64 {
        let none = 1_000_000 + filing as i64;
        self.complaints.get(&filing).copied().unwrap_or(none)
    }

    /// `/balas`, `/tolakkomplain` (keyed by the admin's message) or "Kirim ulang hasil" (keyed
    /// by the complaint, as its button is).
    pub(super) async fn handle(
        &self,
        admin: i64,
        filing: usize,
        how: Move,
        key: usize,
    ) -> &'static str {
        let no = self.complaint_no(filing);
        let (words, key) = match how {
            Move::Resend => (String::new(), format!("{no}:resend")),
            Move::Reply(w) | Move::Reject(w) => (w.text(), format!("model:{key}")),
        };
        let step = match how {
            Move::Resend => AdminStep::Resend,
            Move::Reply(_) => AdminStep::Reply(&words),
            Move::Reject(_) => AdminStep::Reject(&words),
        };
        let acted = complaints::act(&self.pool, &[ADMIN], admin, no, step, &key).await;
        match acted.unwrap() {
            Acted::Done { complaint } => match complaint.state {
                ComplaintState::Answered => "answered",
                ComplaintState::Resent => "resent",
                ComplaintState::Rejected => "rejected",
                other => panic!("an admin's step left the complaint {other}"),
            },
            Acted::Unknown => "unknown complaint",
            Acted::Closed { .. } => "closed",
            Acted::NoResult => "no result",
            Acted::EmptyText => "empty text",
            Acted::AlreadyDone => "already done",
        }
    }

    /// "Refund penuh": the whole price, keyed by the complaint, as the button does it.
    pub(super) async fn complaint_refund(&self, admin: i64, filing: usize) -> &'static str {
        let no = self.complaint_no(filing);
        let Some((_, order)) = complaints::about(&self.pool, no).await.unwrap() else {
            return "unknown complaint";
        };
        let request = RefundRequest {
            trxid: order.trxid.clone(),
            admin_id: admin,
            amount: RefundAmount::Full,
            source: RefundSource::Shop,
            reason: format!("komplain #{no}"),
            idempotency_key: format!("complaint:{no}:full"),
            complaint_id: Some(no),
        };
        let done = complaints::refund_complaint(&self.pool, &self.orders, no, &request).await;
        match done {
            Ok(ComplaintRefund::Closed(_)) => "closed",
            Ok(ComplaintRefund::Refunded(done)) => outcome(Ok(*done)),
            Err(e) => outcome(Err(e)),
        }
    }

    /// Two admins at once; the outcomes sorted, since either may come first.
    pub(super) async fn race(&self, filing: usize, race: Race, key: usize) -> Vec<&'static str> {
        let two = SECOND_ADMIN;
        let (a, b) = match race {
            Race::Resend => {
                let how = Move::Resend;
                let one = self.handle(ADMIN, filing, how, key);
                futures::join!(one, self.handle(two, filing, how, key))
            }
            Race::RefundFull => futures::join!(
                self.complaint_refund(ADMIN, filing),
                self.complaint_refund(two, filing)
            ),
            Race::Reject => {
                let how = Move::Reject(Words::Plain);
                let one = self.handle(ADMIN, filing, how, key);
                futures::join!(one, self.handle(two, filing, how, key + 1))
            }
        };
        let mut both = vec![a, b];
        both.sort();
        both
    }
}
