//! Each step of a history, done to the real system.
use std::time::Duration;

use loket::biller::parse_callback;
use loket::domain::{Destination, Money, ProductCode, TrxId};
use loket::ledger::{self, LedgerError};
use loket::orders::{
    CallbackAudit, Guard, MessageRef, PlaceError, PurchaseRequest, Resolution, ResolveOutcome,
};

use super::super::catalogue::{LEVELS, MARKUPS};
use super::super::generator::{Form, PRODUCTS, Report, Step};
use super::super::reference::Model;
use crate::helpers::{ADMIN, callback_query};

use super::suppliers::{dest, message, named};
use super::*;

impl World {
    /// Runs one step through the real code; returns the same kind of labels as the model.
    pub async fn apply(&mut self, step: &Step, model: &Model, index: usize) -> Vec<&'static str> {
        match step {
            Step::Mutations { items } => self.mutations(items).await,
            Step::Race { filing, race, key } => self.race(*filing, *race, *key).await,
            other => vec![self.apply_one(other, model, index).await],
        }
    }

    async fn apply_one(&mut self, step: &Step, model: &Model, index: usize) -> &'static str {
        let said = self.apply_said(step, model, index).await;
        // A callback or webhook that moved an order sends it on in the background.
        self.orders.finish_in_flight().await;
        said
    }

    async fn apply_said(&mut self, step: &Step, model: &Model, index: usize) -> &'static str {
        if let Some(&(df, second)) = named(step).and_then(|a| model.lines.get(&a)) {
            self.answers_for(df, second);
        }
        match *step {
            Step::Purchase { attempt, .. } | Step::Redelivery { attempt } => {
                let (user, product) = model.attempts[&attempt];
                self.buy(attempt, user, product, &dest(model, attempt))
                    .await
            }
            Step::TopUp { user, amount } => {
                let mut tx = self.pool.begin().await.unwrap();
                ledger::top_up(
                    &mut tx,
                    RESELLERS[user],
                    Money::from_rupiah(amount),
                    &admin("t"),
                )
                .await
                .unwrap();
                tx.commit().await.unwrap();
                "ok"
            }
            Step::Deduct { user, amount } => {
                let mut tx = self.pool.begin().await.unwrap();
                let done = ledger::deduct(
                    &mut tx,
                    RESELLERS[user],
                    Money::from_rupiah(amount),
                    &admin("d"),
                )
                .await;
                match done {
                    Ok(_) => {
                        tx.commit().await.unwrap();
                        "ok"
                    }
                    Err(LedgerError::InsufficientBalance) => "insufficient",
                    Err(e) => panic!("deduct: {e}"),
                }
            }
            Step::Answer { attempt, wire } => self.answer(model, attempt, wire).await,
            Step::Webhook {
                attempt,
                nth,
                hook,
                forged,
            } => {
                let reference = self.reference(attempt, nth);
                self.webhook(&reference, &dest(model, attempt), hook, forged)
                    .await
            }
            Step::AttemptCallback {
                attempt,
                nth,
                report,
            } => {
                let reference = self.reference(attempt, nth);
                let product = PRODUCTS[model.attempts[&attempt].1].0;
                let dest = dest(model, attempt);
                let message = message(&reference, report, product, &dest, false);
                self.callback(&reference, report, &dest, &message).await
            }
            Step::Callback {
                attempt,
                report,
                form,
            } => {
                let trxid = self.trxid(attempt);
                let product = PRODUCTS[model.attempts[&attempt].1].0;
                let dest = match form {
                    Form::Intl => format!("62{}", &dest(model, attempt)[1..]),
                    Form::Plain | Form::NoSn => dest(model, attempt),
                };
                let message = message(&trxid, report, product, &dest, form == Form::NoSn);
                self.callback(&trxid, report, &dest, &message).await
            }
            Step::ContradictoryCallback { attempt, report } => {
                let trxid = self.trxid(attempt);
                let product = PRODUCTS[model.attempts[&attempt].1].0;
                let opposite = match report {
                    Report::Sukses => Report::Gagal,
                    Report::Gagal => Report::Sukses,
                };
                let message = message(&trxid, opposite, product, &dest(model, attempt), false);
                self.callback(&trxid, report, &dest(model, attempt), &message)
                    .await
            }
            Step::MismatchedCallback { attempt, report } => {
                let trxid = self.trxid(attempt);
                let product = PRODUCTS[model.attempts[&attempt].1].0;
                let message = message(&trxid, report, product, "081299999999", false);
                self.callback(&trxid, report, "081299999999", &message)
                    .await
            }
            Step::StrangerCallback { report } => {
                let trxid = stranger(1_000_000 + index);
                let message = message(&trxid, report, "s5", "081200000000", false);
                self.callback(&trxid, report, "081200000000", &message)
                    .await
            }
            Step::Resolve { attempt, report } => self.resolve(&self.trxid(attempt), report).await,
            Step::Refund {
                attempt,
                part,
                supplier,
                key,
            } => self.refund(attempt, part, supplier, key).await,
            Step::ResolveStranger => {
                self.resolve(&stranger(2_000_000 + index), Report::Gagal)
                    .await
            }
            Step::OpenTicket {
                ticket,
                user,
                nominal,
            } => self.open_ticket(ticket, user, nominal).await,
            Step::ApproveTicket { ticket } => self.approve_ticket(ticket).await,
            Step::RejectTicket { ticket } => self.reject_ticket(ticket).await,
            Step::CancelTicket { ticket } => {
                let user = model.deposits.tickets.get(&ticket).map_or(0, |t| t.user);
                self.cancel_ticket(ticket, user).await
            }
            Step::ExpireTicket { ticket } => self.expire_ticket(ticket).await,
            Step::Mutations { .. } => unreachable!("a body is posted whole"),
            Step::Race { .. } => unreachable!("a race has two outcomes"),
            Step::Complain {
                filing,
                attempt,
                whose,
                words,
                patience,
            } => {
                let how = (whose, words, patience);
                self.complain(model, filing, attempt, how).await
            }
            Step::Handle { filing, how, key } => self.handle(ADMIN, filing, how, key).await,
            Step::ComplaintRefund { filing } => self.complaint_refund(ADMIN, filing).await,
            Step::SetLevel { user, level } => {
                let mut conn = self.pool.acquire().await.unwrap();
                let name = LEVELS[level].0;
                let done = loket::levels::assign(&mut conn, ADMIN, RESELLERS[user], name).await;
                assert_eq!(done.unwrap(), loket::levels::Change::Done);
                "ok"
            }
            Step::SetMarkup { level, markup } => {
                let mut conn = self.pool.acquire().await.unwrap();
                let (name, markup) = (LEVELS[level].0, MARKUPS[markup]);
                let done = loket::levels::set_markup(&mut conn, ADMIN, name, markup).await;
                assert_eq!(done.unwrap(), loket::levels::Change::Done);
                "ok"
            }
            Step::Restart => {
                // A new process: its own connections, and the start-up recovery. Nothing is
                // in flight any more, so no age guard is needed.
                self.pool.close().await;
                self.pool = connect(&self.db.url).await;
                self.orders = self.desk();
                self.orders
                    .recover_interrupted(Duration::ZERO)
                    .await
                    .unwrap();
                "ok"
            }
        }
    }

    async fn buy(
        &mut self,
        attempt: usize,
        user: usize,
        product: usize,
        dest: &str,
    ) -> &'static str {
        let req = PurchaseRequest {
            user_id: RESELLERS[user],
            product: ProductCode::parse(PRODUCTS[product].0).unwrap(),
            destination: Destination::parse(dest).unwrap(),
            source: Some(MessageRef {
                chat_id: RESELLERS[user],
                message_id: attempt as i64 + 1,
                update_id: None,
                line: 0,
                several: false,
            }),
            counter: None,
        };
        match self.orders.open(&req).await {
            Ok(placed) if placed.new => {
                let p = Placed {
                    order_id: placed.order.order_id,
                    trxid: placed.order.trxid.to_string(),
                    order: placed.order,
                };
                assert!(self.placed.insert(attempt, p).is_none(), "placed twice");
                "placed"
            }
            Ok(placed) => {
                assert_eq!(self.placed[&attempt].order_id, placed.order.order_id);
                "already placed"
            }
            Err(PlaceError::InsufficientBalance { .. }) => "insufficient",
            Err(e) => panic!("purchase: {e}"),
        }
    }

    async fn callback(
        &self,
        trxid: &str,
        report: Report,
        dest: &str,
        message: &str,
    ) -> &'static str {
        let status = match report {
            Report::Sukses => 0,
            Report::Gagal => 1,
        };
        let query = callback_query(status, trxid, dest, message);
        let cb = parse_callback(&query).unwrap();
        let audit = CallbackAudit {
            peer_ip: "127.0.0.1".into(),
            raw_query: query,
        };
        self.orders
            .apply_callback(&cb, &audit)
            .await
            .unwrap()
            .as_str()
    }

    async fn resolve(&self, trxid: &str, report: Report) -> &'static str {
        let trxid = TrxId::parse(trxid).unwrap();
        let resolution = match report {
            Report::Sukses => Resolution::Success {
                sn: "SN-ADMIN".into(),
            },
            Report::Gagal => Resolution::Failed,
        };
        match self
            .orders
            .resolve(
                ADMIN,
                &trxid,
                &resolution,
                "dicek di web supplier",
                Guard::Final,
            )
            .await
            .unwrap()
        {
            ResolveOutcome::Resolved(_) => "resolved",
            ResolveOutcome::AlreadyResolved(_) => "already resolved",
            ResolveOutcome::Conflict(_) => "conflict",
            ResolveOutcome::StillSending(_) => "still sending",
            ResolveOutcome::NotFound => "not found",
            // Only the chat's confirmation question guards a decision; this one is final.
            ResolveOutcome::NeedsConfirmation(_) | ResolveOutcome::Moved(_) => "guarded",
        }
    }
}
