//! The commands only admins may run. Their argument parsers live with the flows that run them,
//! each named in its row of the command table.
use super::{BankAccountCommand, GroupCommand, LevelCommand, RouteCommand};
use crate::bot::suppliers::args::SupplierCommand;
use crate::domain::refund::{RefundAmount, RefundSource};
use crate::domain::{Money, ProductCode, TrxId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminCommand {
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
    /// `/produk sync <supplier>`: the supplier's price list previewed against the routes.
    SyncPriceList {
        supplier: String,
    },
    Deactivate {
        code: ProductCode,
    },
    Activate {
        code: ProductCode,
    },
    Users,
    /// `/pengguna xlsx`: every reseller as an .xlsx file.
    UsersXlsx,
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
    /// `/refund`: a SUKSES given back, whole or in part, borne by the shop or the supplier.
    Refund {
        trxid: TrxId,
        amount: RefundAmount,
        source: RefundSource,
        reason: String,
    },
    /// `/laporan`: the dates as typed (tied to today when it runs), and whether the orders
    /// come as a file (CSV or .xlsx) instead.
    Report {
        period: crate::reports::PeriodArgs,
        file: Option<crate::reports::FileFormat>,
    },
    /// `/grafik`: daily sales and profit over the last 30 days, as a picture.
    Chart,
    Undelivered,
    Resend {
        outbox_id: i64,
    },
    /// `/audit`: a page of the admins' changes, newest first.
    Audit {
        page: usize,
    },
    /// `/audit csv`: the trail as a CSV file.
    AuditCsv,
    RejectTicket {
        ticket_id: i64,
        reason: String,
    },
    BankAccounts(BankAccountCommand),
    /// `/siaran <pesan>`: the admin's text as typed (lines kept), to preview and then send to
    /// every reseller.
    Broadcast {
        text: String,
    },
    Levels(LevelCommand),
    /// `/saldoserver [kode]`, or with `sesuaikan`, accepting the reported balance as the book;
    /// `supplier` as typed, `None` for `utama`.
    SupplierBalance {
        supplier: Option<String>,
        accept: bool,
    },
    /// `/depositserver <nominal> [kode]`: money we sent to a supplier.
    SupplierDeposit {
        amount: Money,
        supplier: Option<String>,
    },
    /// `/supplier`: list, pause, resume.
    Suppliers(SupplierCommand),
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
    /// `/rute <kode> [langkah,… | hapus]`: a product's route of suppliers.
    Route {
        code: ProductCode,
        command: RouteCommand,
    },
    /// `/balas <no> <pesan>`: words for the reseller who complained.
    ReplyComplaint {
        no: i64,
        text: String,
    },
    /// `/tolakkomplain <no> <alasan>`.
    RejectComplaint {
        no: i64,
        reason: String,
    },
}

use AdminCommand as C;

impl AdminCommand {
    pub fn name(&self) -> &'static str {
        match self {
            C::TopUp { .. } => "topup",
            C::Deduct { .. } => "tarik",
            C::SetProduct { .. } | C::ExportProducts | C::SyncPriceList { .. } => "produk",
            C::Deactivate { .. } => "nonaktif",
            C::Activate { .. } => "aktif",
            C::Users | C::UsersXlsx => "pengguna",
            C::Block { .. } => "blokir",
            C::Unblock { .. } => "buka",
            C::Pending { .. } => "pending",
            C::Settle { .. } => "selesai",
            C::Refund { .. } => "refund",
            C::Report { .. } => "laporan",
            C::Chart => "grafik",
            C::Undelivered => "gagalkirim",
            C::Resend { .. } => "kirimulang",
            C::Audit { .. } | C::AuditCsv => "audit",
            C::RejectTicket { .. } => "tolak",
            C::BankAccounts(_) => "rekening",
            C::Broadcast { .. } => "siaran",
            C::Levels(_) => "level",
            C::SupplierBalance { .. } => "saldoserver",
            C::SupplierDeposit { .. } => "depositserver",
            C::Suppliers(_) => "supplier",
            C::Categories(_) => "kategori",
            C::Brands(_) => "brand",
            C::Classify { .. } => "kelompok",
            C::Disrupt { .. } => "gangguan",
            C::Restore { .. } => "normal",
            C::Route { .. } => "rute",
            C::ReplyComplaint { .. } => "balas",
            C::RejectComplaint { .. } => "tolakkomplain",
        }
    }
}
