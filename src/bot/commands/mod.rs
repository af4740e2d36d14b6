//! The commands resellers and admins type, parsed by hand rather than by `BotCommands`:
//! arguments split on any whitespace, names are case-insensitive and may carry `@botname`, and
//! every malformed command gets the usage line of the command it was meant to be.
use crate::domain::{Money, ProductCode};
use crate::levels::Markup;

mod admin;
pub(in crate::bot) mod args;
pub mod bare;
pub mod lines;
mod reseller;
mod table;

pub use admin::AdminCommand;
pub use reseller::ResellerCommand;
pub use table::{Audience, Parser, SPECS, Spec, help, spec_of, usage};

/// A command as parsed, by who may run it: an [`AdminCommand`] from anyone else is refused
/// before it runs, in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Reseller(ResellerCommand),
    Admin(AdminCommand),
}

/// `/kategori` and `/brand`: list, add, rename, remove; a category's closed hours; a phone
/// brand's operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupCommand {
    List,
    Add {
        name: String,
    },
    AddBrand {
        name: String,
        operator: Option<String>,
    },
    Rename {
        from: String,
        to: String,
    },
    Remove {
        name: String,
    },
    Hours {
        name: String,
        cutoff: Option<crate::catalogue::Cutoff>,
    },
    Operator {
        name: String,
        operator: Option<String>,
    },
}

/// `/level`: price levels, a reseller's level, a product's price at a level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelCommand {
    List,
    Add {
        name: String,
        markup: Option<Markup>,
    },
    SetMarkup {
        name: String,
        markup: Option<Markup>,
    },
    Rename {
        from: String,
        to: String,
    },
    MakeDefault {
        name: String,
    },
    Assign {
        user_id: i64,
        name: String,
    },
    ProductPrice {
        name: String,
        code: ProductCode,
        price: Option<Money>,
    },
}

/// `/rute <kode>`: show the route, replace it, or go back to the default (`hapus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteCommand {
    Show,
    Set(Vec<crate::domain::route::StepInput>),
    Clear,
}

/// `/rekening`: list, add or remove the bank accounts shown on tickets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankAccountCommand {
    List,
    Add {
        bank: String,
        number: String,
        holder: String,
    },
    Remove {
        id: i64,
    },
}

/// Why a message is not a command we can run, with what to tell the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not a command at all (plain text).
    NotACommand,
    /// Addressed to another bot in a group: stay quiet.
    OtherBot,
    Unknown(String),
    /// The command exists but its arguments do not fit; `problem` says what is wrong.
    Usage {
        spec: &'static Spec,
        problem: Option<String>,
    },
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::Reseller(c) => c.name(),
            Command::Admin(c) => c.name(),
        }
    }
}

mod parse;

pub use parse::parse;

#[cfg(test)]
mod props;
#[cfg(test)]
pub(in crate::bot) mod tests;
