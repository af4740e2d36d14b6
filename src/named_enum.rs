//! Enums whose values have fixed names and can all be listed: order statuses, and every label
//! `/metrics` exports. The list and the names come from the one declaration, so a new value is
//! in [`Named::ALL`] the moment it exists: a metric shows it (with 0) from the first scrape, and
//! nobody has to remember a second list.

/// A closed set of named values.
pub trait Named: Copy + 'static {
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
    /// The value's place in [`Named::ALL`].
    fn index(self) -> usize;
}

/// `named_enum! { /// docs  pub enum Name { /// docs  Variant = "name", … } }`: the enum
/// (`Debug, Clone, Copy, PartialEq, Eq, Hash`), its name as an inherent `as_str` (callers need no
/// import), its [`Named`] impl and `Display`.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            $vis fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }

        impl $crate::named_enum::Named for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn index(self) -> usize {
                // Fieldless and without explicit discriminants: the declaration order.
                self as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Named;

    named_enum! {
        enum Sample {
            First = "first",
            Second = "second",
            Third = "third",
        }
    }

    #[test]
    fn every_value_is_listed_once_in_order_under_its_name() {
        let names: Vec<&str> = Sample::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["first", "second", "third"]);
        for (i, value) in Sample::ALL.iter().enumerate() {
            assert_eq!(value.index(), i);
        }
        assert_eq!(Sample::Second.to_string(), "second");
    }
}
