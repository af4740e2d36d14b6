//! Who may buy after their first message: everyone at once, or those an admin approved
//! (`REGISTRATION`); and where people are sent for help (`SUPPORT_CONTACT`).

/// `REGISTRATION`: whether a new user may buy at once (`open`) or waits for an admin's ✅
/// (`approval`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Registration {
    #[default]
    Open,
    Approval,
}

impl Registration {
    /// `open` or `approval`, in any case; anything else is refused.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.to_ascii_lowercase().as_str() {
            "open" => Some(Self::Open),
            "approval" => Some(Self::Approval),
            _ => None,
        }
    }

    /// Whether someone not (yet) approved is held back.
    pub fn needs_approval(self) -> bool {
        self == Self::Approval
    }
}

/// Whom to contact for help: a Telegram `@username`, or a `https://wa.me/<number>` or
/// `https://t.me/<username>` link. Shown as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportContact(String);

impl SupportContact {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let raw = raw.trim();
        let valid = if let Some(name) = raw.strip_prefix('@') {
            is_username(name)
        } else if let Some(number) = raw.strip_prefix("https://wa.me/") {
            (8..=15).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit())
        } else if let Some(name) = raw.strip_prefix("https://t.me/") {
            is_username(name)
        } else {
            return Err(
                "must be a Telegram @username, or a https://wa.me/<number> or https://t.me/<username> link",
            );
        };
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(
                "is not a valid @username (5-32 letters, digits or _), wa.me number (8-15 digits) or t.me link",
            )
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Telegram username: 5 to 32 ASCII letters, digits and `_`, starting with a letter.
fn is_username(name: &str) -> bool {
    (5..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mode_is_open_or_approval_and_nothing_else() {
        assert_eq!(Registration::parse("open"), Some(Registration::Open));
        assert_eq!(
            Registration::parse("Approval"),
            Some(Registration::Approval)
        );
        for bad in ["", "opened", "approve", "1", "closed"] {
            assert_eq!(Registration::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_contact_is_a_username_or_a_known_link() {
        for good in [
            "@toko_cs",
            "https://wa.me/6281234567890",
            "https://t.me/toko_cs",
        ] {
            assert_eq!(SupportContact::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "toko_cs",
            "@cs",
            "@1toko",
            "@toko cs",
            "https://wa.me/62-812",
            "https://wa.me/",
            "http://wa.me/6281234567890",
            "https://evil.example/x",
            "<b>@toko_cs</b>",
        ] {
            assert!(SupportContact::parse(bad).is_err(), "{bad:?}");
        }
    }
}
