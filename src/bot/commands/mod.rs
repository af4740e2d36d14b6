//! The commands resellers and admins type, parsed by hand rather than by `BotCommands`:
//! arguments split on any whitespace, names are case-insensitive and may carry `@botname`, and
//! every malformed command gets the usage line of the command it was meant to be.
use crate::domain::{Destination, Money, ProductCode, TrxId};
use crate::levels::Markup;

mod catalogue;
mod deposits;
mod levels;
pub mod lines;
mod table;

pub use table::{Audience, SPECS, Spec, help, spec_of, usage};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    Help,
    Buy {
        product: ProductCode,
        destination: Destination,
    },
    /// `/beli` alone: the menu of categories, brands and products.
    BuyMenu,
    Balance,
    /// Page `page` (from 1) of the price list, or of the products matching `filter`.
    Prices {
        filter: Option<String>,
        page: usize,
    },
    History,
    Check {
        trxid: TrxId,
    },
    Statement,
    TopUp {
        user_id: i64,
        amount: Money,
        note: String,
    },
    Deduct {
        user_id: i64,
        amount: Money,
        note: String,
    },
    /// A product's list price and name, and its cost price (modal) when given.
    SetProduct {
        code: ProductCode,
        cost: Option<Money>,
        price: Money,
        name: String,
    },
    /// `/produk csv`: the whole catalogue as a CSV file in the import's format.
    ExportProducts,
    Deactivate {
        code: ProductCode,
    },
    Activate {
        code: ProductCode,
    },
    Users,
    Block {
        user_id: i64,
    },
    Unblock {
        user_id: i64,
    },
    Pending {
        page: usize,
    },
    Settle {
        trxid: TrxId,
        success_sn: Option<String>,
        note: String,
    },
    /// `/laporan`: the dates as typed (tied to today when it runs), and whether the orders
    /// come as a CSV file instead.
    Report {
        period: crate::reports::PeriodArgs,
        csv: bool,
    },
    /// `/grafik`: daily sales and profit over the last 30 days, as a picture.
    Chart,
    Undelivered,
    Resend {
        outbox_id: i64,
    },
    /// A reseller asks for a ticket; an admin without a nominal sees the open tickets.
    Deposit {
        nominal: Option<Money>,
    },
    Tickets,
    CancelTicket {
        ticket_id: i64,
    },
    RejectTicket {
        ticket_id: i64,
        reason: String,
    },
    BankAccounts(BankAccountCommand),
    Levels(LevelCommand),
    /// `/saldoserver`, or with `sesuaikan`, accepting the reported balance as the book.
    SupplierBalance {
        accept: bool,
    },
    /// `/depositserver <nominal>`: money we sent to the supplier.
    SupplierDeposit {
        amount: Money,
    },
    /// `/ulang`: the reseller's last purchase again.
    RepeatLast,
    Categories(GroupCommand),
    Brands(GroupCommand),
    /// `/kelompok`: a product's category and brand.
    Classify {
        code: ProductCode,
        category: String,
        brand: String,
    },
    /// `/gangguan`: a product out of order for now; `reason` may be empty.
    Disrupt {
        code: ProductCode,
        reason: String,
    },
    /// `/normal`: back in order.
    Restore {
        code: ProductCode,
    },
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
    pub fn audience(&self) -> Audience {
        spec_of(self.name()).audience
    }

    pub fn name(&self) -> &'static str {
        match self {
            Command::Start => "start",
            Command::Help => "help",
            Command::Buy { .. } | Command::BuyMenu => "beli",
            Command::Balance => "saldo",
            Command::Prices { .. } => "harga",
            Command::History => "riwayat",
            Command::Check { .. } => "cek",
            Command::Statement => "mutasi",
            Command::TopUp { .. } => "topup",
            Command::Deduct { .. } => "tarik",
            Command::SetProduct { .. } | Command::ExportProducts => "produk",
            Command::Deactivate { .. } => "nonaktif",
            Command::Activate { .. } => "aktif",
            Command::Users => "pengguna",
            Command::Block { .. } => "blokir",
            Command::Unblock { .. } => "buka",
            Command::Pending { .. } => "pending",
            Command::Settle { .. } => "selesai",
            Command::Report { .. } => "laporan",
            Command::Chart => "grafik",
            Command::Undelivered => "gagalkirim",
            Command::Resend { .. } => "kirimulang",
            Command::Deposit { .. } => "deposit",
            Command::Tickets => "tiket",
            Command::CancelTicket { .. } => "batal",
            Command::RejectTicket { .. } => "tolak",
            Command::BankAccounts(_) => "rekening",
            Command::Levels(_) => "level",
            Command::SupplierBalance { .. } => "saldoserver",
            Command::SupplierDeposit { .. } => "depositserver",
            Command::RepeatLast => "ulang",
            Command::Categories(_) => "kategori",
            Command::Brands(_) => "brand",
            Command::Classify { .. } => "kelompok",
            Command::Disrupt { .. } => "gangguan",
            Command::Restore { .. } => "normal",
        }
    }
}

mod parse;

pub use parse::parse;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
