//! Digiflazz's webhook about one of our attempts, read as a callback (R43): the same lookup by
//! ref, the same checks and the same state table as `utama`'s callback.
use super::callback::{CallbackOutcome, Reporter};
use super::{CallbackAudit, DIGIFLAZZ, OrderError, Orders};
use crate::biller::{Callback, CallbackStatus, MessageDetails};
use crate::digiflazz::{Report, Verdict};

impl Orders {
    /// Applies a verified webhook. A `Pending` (or a status nobody documents) decides nothing
    /// and is not recorded: the result comes later, by another webhook or the status check.
    #[tracing::instrument(name = "Apply Digiflazz webhook", skip_all, fields(ref_id = %report.ref_id))]
    pub async fn apply_digiflazz(
        &self,
        report: &Report,
        audit: &CallbackAudit,
    ) -> Result<CallbackOutcome, OrderError> {
        let (status, fails_over) = match report.verdict {
            Some(Verdict::Success) => (CallbackStatus::Success, false),
            Some(Verdict::Failed(class)) => (CallbackStatus::Failed, class.fails_over()),
            Some(Verdict::Pending) | None => return Ok(CallbackOutcome::Pending),
        };
        let success = status == CallbackStatus::Success;
        let cb = Callback {
            status,
            refid: report.ref_id.clone(),
            product: Some(report.buyer_sku_code.clone()),
            qty: None,
            dest: Some(report.customer_no.clone()),
            message: format!("{} (rc {})", report.message, report.rc),
            details: MessageDetails {
                sn: report.sn.clone(),
                saldo: report.buyer_last_saldo,
                // A failure charges nothing, whatever price it names.
                harga: report.price.filter(|_| success),
                tgl: None,
                subject: None,
                verdict: None,
            },
        };
        let by = Reporter {
            supplier: DIGIFLAZZ,
            fails_over,
        };
        self.apply_reported(&cb, audit, by).await
    }
}
