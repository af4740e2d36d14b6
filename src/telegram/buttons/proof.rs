//! The callback data of the buttons that offer a reseller's open tickets for a transfer proof
//! kept until they choose: `bukti:<proof>:<ticket>`, at most 45 bytes.
const PREFIX: &str = "bukti:";

/// The data of the button that attaches the kept proof `proof_id` to the ticket `ticket_id`.
pub fn encode(proof_id: i64, ticket_id: i64) -> String {
    format!("{PREFIX}{proof_id}:{ticket_id}")
}

/// Whether callback data is meant for a proof's question at all (its format may still be wrong).
pub fn is_proof(data: &str) -> bool {
    data.starts_with(PREFIX)
}

/// The proof and the ticket a press names; anything malformed is `None`.
pub fn parse(data: &str) -> Option<(i64, i64)> {
    data.strip_prefix(PREFIX)
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(proof, ticket)| Some((proof.parse().ok()?, ticket.parse().ok()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proof_button_reads_back_as_the_ticket_it_offers() {
        for (proof, ticket) in [(1, 1), (i64::MAX, i64::MAX)] {
            let data = encode(proof, ticket);
            assert!(data.len() <= 64 && is_proof(&data), "{data}");
            assert_eq!(parse(&data), Some((proof, ticket)));
        }
        for data in ["bukti:", "bukti:1", "bukti:x:2", "mn:1:1:k"] {
            assert_eq!(parse(data), None, "{data}");
        }
    }
}
