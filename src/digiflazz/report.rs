//! A transaction answer, a status check's answer and a webhook's body all carry the same
//! fields: read once here into [`Report`].
use super::rc::{Verdict, classify};
use super::wire::{TransactionData, lenient_rupiah, lenient_text};

/// What Digiflazz said about one of our transactions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Our ref_id, as Digiflazz echoed it.
    pub ref_id: String,
    /// `Sukses`, `Pending`, `Gagal`, or whatever else was sent, as sent.
    pub status: String,
    pub rc: String,
    /// `None` when the status is none Digiflazz documents: unknown, the money stays held.
    pub verdict: Option<Verdict>,
    /// The serial number (an SN, or a PLN token); `None` when empty.
    pub sn: Option<String>,
    /// What Digiflazz charged, in whole rupiah.
    pub price: Option<i64>,
    /// Our deposit at Digiflazz after this transaction.
    pub buyer_last_saldo: Option<i64>,
    pub message: String,
    pub customer_no: String,
    pub buyer_sku_code: String,
}

impl Report {
    pub fn from_data(data: &TransactionData) -> Self {
        let text = |v| lenient_text(v).unwrap_or_default();
        let status = text(&data.status);
        let rc = text(&data.rc);
        Self {
            verdict: classify(&status, &rc),
            ref_id: text(&data.ref_id),
            status,
            rc,
            sn: lenient_text(&data.sn).filter(|s| !s.trim().is_empty()),
            price: lenient_rupiah(&data.price),
            buyer_last_saldo: lenient_rupiah(&data.buyer_last_saldo),
            message: text(&data.message),
            customer_no: text(&data.customer_no),
            buyer_sku_code: text(&data.buyer_sku_code),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digiflazz::wire::Envelope;

    #[test]
    fn the_documented_webhook_example_reads_as_a_success_with_its_figures() {
        // The prepaid example on developer.digiflazz.com/api/buyer/webhook.
        let body = r#"{"data":{"ref_id":"30467470","customer_no":"081280556115",
            "buyer_sku_code":"ovo100","message":"Sukses","status":"Sukses","rc":"00",
            "buyer_last_saldo":326719460,"sn":"SEPTIAPAR/20190401214753214742","price":199800,
            "tele":"@telegram","wa":"081234512345"}}"#;
        let env: Envelope<TransactionData> = serde_json::from_str(body).unwrap();
        let r = Report::from_data(&env.data);
        assert_eq!(r.verdict, Some(Verdict::Success));
        assert_eq!(r.ref_id, "30467470");
        assert_eq!(r.sn.as_deref(), Some("SEPTIAPAR/20190401214753214742"));
        assert_eq!(r.price, Some(199_800));
        assert_eq!(r.buyer_last_saldo, Some(326_719_460));
    }

    #[test]
    fn amounts_as_strings_and_an_empty_sn_are_read_leniently() {
        let body = r#"{"ref_id":"a","status":"Pending","rc":"03","price":"5200","sn":""}"#;
        let r = Report::from_data(&serde_json::from_str(body).unwrap());
        assert_eq!(r.verdict, Some(Verdict::Pending));
        assert_eq!(r.price, Some(5200));
        assert_eq!(r.sn, None);
    }
}
