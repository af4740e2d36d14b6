//! The command table: the one list `/help`, the Telegram menu and the parser all read.
//!
//! Adding a command is one row here, naming its argument parser; its variant of
//! [`ResellerCommand`] or [`AdminCommand`] and the flow that runs it (`bot::run`); and one
//! text: its description in `text::commands`. Which enum a row's parser returns is who may run
//! it, so an admin command cannot be listed for everyone.
use super::args::Parsed;
use super::{AdminCommand, ResellerCommand, reseller};
use crate::bot::account;
use crate::bot::admin::args as admin;
use crate::bot::broadcasts;
use crate::bot::catalogue::{group_args as catalogue, product_args as levels};
use crate::bot::complaints::args as complaints;
use crate::bot::deposits::args as deposits;
use crate::bot::pln::args as pln;
use crate::bot::purchase::args as purchase;
use crate::bot::refund::args as refund;
use crate::bot::routes::args as routes;
use crate::bot::settle::args as settle;
use crate::bot::suppliers::args as suppliers;
use crate::bot::{receipt, reports};
use crate::text::commands::{self as about, About, Line};

/// Who may run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Anyone,
    Reseller,
    Admin,
}

use Audience::{Admin, Anyone, Reseller};

/// A command's argument parser: from the words after its name to the command, or to a usage
/// error (see [`Parsed`]).
#[derive(Clone, Copy)]
pub enum Parser {
    Reseller(fn(&[&str]) -> Parsed<ResellerCommand>),
    Admin(fn(&[&str]) -> Parsed<AdminCommand>),
    /// An admin's command whose argument is a text as typed, lines and all (`/siaran`); it
    /// bounds its own length.
    AdminText(fn(&str) -> Parsed<AdminCommand>),
}

/// One row of the command table.
#[derive(Debug)]
pub struct Spec {
    pub name: &'static str,
    pub audience: Audience,
    /// The argument pattern shown in `/help` and usage messages; empty when there are none.
    pub args: &'static str,
    /// What the command is for, from `text::commands`: its menu line and its `/help` text.
    pub about: About,
    pub parser: Parser,
}

impl std::fmt::Debug for Parser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Parser::Reseller(_) => "Parser::Reseller",
            Parser::Admin(_) => "Parser::Admin",
            Parser::AdminText(_) => "Parser::AdminText",
        })
    }
}

/// A command is its name: the table holds each name once.
impl PartialEq for Spec {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Spec {}

/// A row of a command anyone (`Anyone`) or any reseller (`Reseller`) may run.
const fn row(
    name: &'static str,
    audience: Audience,
    args: &'static str,
    about: About,
    parse: fn(&[&str]) -> Parsed<ResellerCommand>,
) -> Spec {
    Spec {
        name,
        audience,
        args,
        about,
        parser: Parser::Reseller(parse),
    }
}

/// A row of an admin's command.
const fn admin_row(
    name: &'static str,
    args: &'static str,
    about: About,
    parse: fn(&[&str]) -> Parsed<AdminCommand>,
) -> Spec {
    Spec {
        name,
        audience: Admin,
        args,
        about,
        parser: Parser::Admin(parse),
    }
}

/// A row of an admin's command that takes a text as typed.
const fn admin_text_row(
    name: &'static str,
    args: &'static str,
    about: About,
    parse: fn(&str) -> Parsed<AdminCommand>,
) -> Spec {
    Spec {
        name,
        audience: Admin,
        args,
        about,
        parser: Parser::AdminText(parse),
    }
}

/// In the order `/help` and the menu list them.
#[rustfmt::skip]
pub const SPECS: &[Spec] = &[
    row("start", Anyone, "", about::START, reseller::start),
    row("help", Anyone, "", about::HELP, reseller::help),
    row("beli", Reseller, "[<kode> <tujuan>]", about::BUY, purchase::buy),
    row("saldo", Reseller, "", about::BALANCE, account::parse_balance),
    row("ulang", Reseller, "", about::REPEAT_LAST, purchase::repeat_last),
    row("harga", Reseller, "[cari] [halaman]", about::PRICES, account::parse_prices),
    row("riwayat", Reseller, "", about::HISTORY, account::parse_history),
    row("cek", Reseller, "<trxid>", about::CHECK, account::parse_check),
    row("cekpln", Reseller, "<nomor meter>", about::CHECK_PLN, pln::check_pln),
    row("struk", Reseller, "<trxid> [harga jual]", about::RECEIPT, receipt::parse_receipt),
    row("mutasi", Reseller, "[<user_id> [xlsx]]", about::STATEMENT, account::parse_statement),
    row("deposit", Reseller, "<nominal>", about::DEPOSIT, deposits::deposit),
    row("tiket", Reseller, "", about::TICKETS, deposits::tickets),
    row("batal", Reseller, "<nomor tiket>", about::CANCEL_TICKET, deposits::cancel_ticket),
    row("komplain", Reseller, "[<trxid> <keterangan>]", about::COMPLAIN, complaints::complain),
    admin_row("topup", "<user_id> <jumlah> [catatan]", about::TOP_UP, admin::top_up),
    admin_row("tarik", "<user_id> <jumlah> [catatan]", about::DEDUCT, admin::deduct),
    admin_row("produk", "<kode> [modal] <harga> <nama…> | csv | sync <supplier>", about::SET_PRODUCT, levels::product),
    admin_row("level", "[tambah <nama> [markup] | markup <nama> <markup> | ganti <nama> <baru> | utama <nama> | harga <nama> <kode> <harga|hapus> | <user_id> <nama>]", about::LEVELS, levels::level),
    admin_row("kategori", "[tambah <nama> | ganti <nama> <baru> | hapus <nama> | jam <nama> <HH:MM-HH:MM|hapus>]", about::CATEGORIES, catalogue::categories),
    admin_row("brand", "[tambah <nama> [operator] | ganti <nama> <baru> | hapus <nama> | operator <nama> <operator|->]", about::BRANDS, catalogue::brands),
    admin_row("kelompok", "<kode> <kategori> <brand>", about::CLASSIFY, catalogue::classify),
    admin_row("gangguan", "<kode> [alasan]", about::DISRUPT, catalogue::disrupt),
    admin_row("normal", "<kode>", about::RESTORE, catalogue::restore),
    admin_row("rute", "<kode> [<supplier>:<kode>[:modal],… | hapus]", about::ROUTE, routes::route),
    admin_row("nonaktif", "<kode>", about::DEACTIVATE, levels::deactivate),
    admin_row("aktif", "<kode>", about::ACTIVATE, levels::activate),
    admin_row("pengguna", "[xlsx]", about::USERS, admin::users),
    admin_row("blokir", "<user_id>", about::BLOCK, admin::block),
    admin_row("buka", "<user_id>", about::UNBLOCK, admin::unblock),
    admin_row("pending", "[halaman]", about::PENDING, settle::pending),
    admin_row("selesai", "<trxid> sukses <SN> | <trxid> gagal", about::SETTLE, settle::settle),
    admin_row("refund", "<trxid> <penuh|jumlah> [supplier] <alasan>", about::REFUND, refund::refund),
    admin_row("laporan", "[dari] [sampai] [csv|xlsx]", about::REPORT, reports::parse_report),
    admin_row("grafik", "", about::CHART, reports::parse_chart),
    admin_row("gagalkirim", "", about::UNDELIVERED, admin::undelivered),
    admin_row("kirimulang", "<id>", about::RESEND, admin::resend),
    admin_row("audit", "[halaman] | csv", about::AUDIT, admin::audit),
    admin_row("tolak", "<nomor tiket> <alasan>", about::REJECT_TICKET, deposits::reject_ticket),
    admin_row("balas", "<no komplain> <pesan>", about::REPLY_COMPLAINT, complaints::reply),
    admin_row("tolakkomplain", "<no komplain> <alasan>", about::REJECT_COMPLAINT, complaints::reject),
    admin_row("saldoserver", "[kode] [sesuaikan]", about::SUPPLIER_BALANCE, admin::supplier_balance),
    admin_row("depositserver", "<nominal> [kode]", about::SUPPLIER_DEPOSIT, admin::supplier_deposit),
    admin_row("supplier", "[jeda <kode> <alasan> | aktif <kode>]", about::SUPPLIERS, suppliers::supplier),
    admin_row("rekening", "[tambah <bank> <nomor> <atas nama> | hapus <no>]", about::BANK_ACCOUNTS, deposits::bank_accounts),
    admin_text_row("siaran", "<pesan>", about::BROADCAST, broadcasts::parse),
];

pub fn spec_of(name: &str) -> &'static Spec {
    SPECS
        .iter()
        .find(|s| s.name == name)
        .expect("every command has a spec")
}

impl Spec {
    /// Whether only admins may run it: its parser makes an [`AdminCommand`].
    pub fn is_admin(&self) -> bool {
        matches!(self.parser, Parser::Admin(_) | Parser::AdminText(_))
    }

    fn line(&self) -> Line<'static> {
        Line {
            name: self.name,
            args: self.args,
            about: self.about,
        }
    }
}

/// `/help`: an admin also sees the admin commands, which everyone else's `/help` hides.
pub fn help(is_admin: bool) -> String {
    let lines = |admin: bool| -> Vec<Line> {
        SPECS
            .iter()
            .filter(|s| (s.audience == Admin) == admin)
            .map(Spec::line)
            .collect()
    };
    about::help(&lines(false), is_admin.then(|| lines(true)).as_deref())
}

/// The usage message for a command whose arguments did not fit.
pub fn usage(spec: &Spec, problem: Option<&str>) -> String {
    about::usage(&spec.line(), problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Telegram's menu shows one line per command and cuts the rest.
    #[test]
    fn every_menu_description_fits_one_line() {
        for spec in SPECS {
            let chars = spec.about.short.chars().count();
            assert!(
                (1..=about::MAX_SHORT_CHARS).contains(&chars),
                "/{}: {chars} characters: {}",
                spec.name,
                spec.about.short
            );
        }
    }
}
