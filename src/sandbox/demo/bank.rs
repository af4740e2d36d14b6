//! The sandbox's bank: typing `bayar` (or `bayar <nomor tiket>`) at the prompt transfers a
//! ticket's exact amount, and the bank-mutation service reports it to loket's webhook, as a
//! real one would a few minutes after a real transfer. `bunga` reports the month's interest,
//! with cents as banks pay it, beside a fee: loket stores both and tells the admin about the
//! interest it cannot read.
use sqlx::PgPool;

use crate::sandbox::sim::bank::SimBank;

pub struct DemoBank {
    pub pool: PgPool,
    pub bank: SimBank,
}

impl DemoBank {
    /// `bayar` → `Some(None)` (the newest open ticket), `bayar 12` → `Some(Some(12))`.
    pub fn command(line: &str) -> Option<Option<i64>> {
        let mut words = line.split_whitespace();
        if !words.next()?.eq_ignore_ascii_case("bayar") {
            return None;
        }
        match (words.next(), words.next()) {
            (None, _) => Some(None),
            (Some(n), None) => n.trim_start_matches('#').parse().ok().map(Some),
            _ => None,
        }
    }

    /// `bunga`, in any case.
    pub fn is_interest(line: &str) -> bool {
        line.trim().eq_ignore_ascii_case("bunga")
    }

    /// The month's interest (with cents) and the account's fee, in one body.
    pub async fn interest(&self) -> String {
        let month = chrono::Utc::now().format("%Y%m%d%H%M%S");
        let items = [
            self.bank
                .interest(&format!("DEMO-BUNGA-{month}"), "1234.56"),
            crate::sandbox::sim::bank::mutation(
                &format!("DEMO-ADM-{month}"),
                &self.bank.account_number,
                6_500,
                "DB",
                "BIAYA ADM",
            ),
        ];
        match self.bank.post(&items).await {
            Ok((200, body)) => format!(
                "(bank) Bunga Rp1.234,56 dan biaya admin Rp6.500 dilaporkan ke loket; loket menjawab {body}"
            ),
            Ok((status, body)) => format!("(bank) loket menjawab {status}: {body}"),
            Err(e) => format!("(bank) loket tidak terjangkau: {e}"),
        }
    }

    /// Pays the ticket and says, as the bank, what it did.
    pub async fn pay(&self, user_id: i64, ticket: Option<i64>) -> String {
        let found: Result<Option<(i64, i64)>, sqlx::Error> = sqlx::query_as(
            "select ticket_id, amount from deposit_tickets
              where user_id = $1 and status = 'open' and ($2::bigint is null or ticket_id = $2)
              order by ticket_id desc limit 1",
        )
        .bind(user_id)
        .bind(ticket)
        .fetch_optional(&self.pool)
        .await;
        let (ticket_id, amount) = match found {
            Ok(Some(t)) => t,
            Ok(None) => return "(bank) Tidak ada tiket terbuka untuk dibayar; minta dulu dengan /deposit 50rb.".into(),
            Err(e) => return format!("(bank) Gagal membaca tiket: {e}"),
        };
        let mutation = self
            .bank
            .credit(&format!("DEMO-{ticket_id}"), amount, "ANDA");
        let shown = crate::domain::Money::from_rupiah(amount);
        match self.bank.post(&[mutation]).await {
            Ok((200, _)) => format!(
                "(bank) Transfer {shown} untuk tiket #{ticket_id} masuk; mutasinya dilaporkan ke loket."
            ),
            Ok((status, body)) => format!("(bank) loket menjawab {status}: {body}"),
            Err(e) => format!("(bank) loket tidak terjangkau: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DemoBank;

    #[test]
    fn bayar_names_a_ticket_or_the_newest() {
        assert_eq!(DemoBank::command("bayar"), Some(None));
        assert_eq!(DemoBank::command("Bayar #12"), Some(Some(12)));
        assert_eq!(DemoBank::command("bayar dua"), None);
        assert_eq!(DemoBank::command("/beli s5 0812"), None);
        assert!(DemoBank::is_interest(" Bunga "));
        assert!(!DemoBank::is_interest("bunga 5"));
    }
}
