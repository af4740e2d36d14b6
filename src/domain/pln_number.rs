//! The number a PLN prepaid customer is known by: the meter number printed on the meter (11
//! digits) or the customer id (ID pelanggan, 12 digits). Digiflazz's `inquiry-pln` takes
//! either; anything else cannot be a PLN customer, so it is refused before Digiflazz is asked
//! (an inquiry costs against Digiflazz's limit on PLN checks, rc 86).

/// Digits a meter number has.
pub const METER_DIGITS: usize = 11;
/// Digits a customer id has.
pub const CUSTOMER_ID_DIGITS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlnNumber(String);

/// Why a PLN number was refused; `text::pln::number_error` says it to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlnNumberError {
    #[error("PLN number holds characters other than digits")]
    NotDigits,
    #[error("PLN number has {0} digits, not 11 or 12")]
    Length(usize),
}

impl PlnNumber {
    /// Spaces and dashes, as people group the digits printed on a meter, are dropped.
    pub fn parse(input: &str) -> Result<Self, PlnNumberError> {
        let digits: String = input
            .trim()
            .chars()
            .filter(|c| *c != ' ' && *c != '-')
            .collect();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(PlnNumberError::NotDigits);
        }
        match digits.len() {
            METER_DIGITS | CUSTOMER_ID_DIGITS => Ok(Self(digits)),
            n => Err(PlnNumberError::Length(n)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meters_and_customer_ids_are_accepted_grouped_or_not() {
        assert_eq!(
            PlnNumber::parse("14234567890").unwrap().as_str(),
            "14234567890"
        );
        assert_eq!(
            PlnNumber::parse("5233 0081 7840").unwrap().as_str(),
            "523300817840"
        );
        assert_eq!(
            PlnNumber::parse("142-3456-7890").unwrap().as_str(),
            "14234567890"
        );
    }

    #[test]
    fn other_lengths_and_letters_are_refused() {
        assert_eq!(
            PlnNumber::parse("1234567890"),
            Err(PlnNumberError::Length(10))
        );
        assert_eq!(
            PlnNumber::parse("1234567890123"),
            Err(PlnNumberError::Length(13))
        );
        assert_eq!(
            PlnNumber::parse("1423456789O"),
            Err(PlnNumberError::NotDigits)
        );
        assert_eq!(PlnNumber::parse(""), Err(PlnNumberError::NotDigits));
    }
}
