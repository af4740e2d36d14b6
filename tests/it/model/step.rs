//! The steps a history is made of, and the forms the supplier's answers and callbacks take.
use super::complaint_steps::{Move, Patience, Race, Whose, Words};
use super::route_steps::{Df, Hook};

/// What the supplier's synchronous answer looks like on the wire (the rows of R12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// 200 `{"status": true, …}` as in the supplier's example (docs/supplier-api.md).
    Accepted,
    /// 200 with `"status": "true"` and numbers as strings.
    AcceptedAsStrings,
    /// 200 `{"status": false, "reason": …}`.
    Rejected,
    /// 200 `{"status": false}` without a reason.
    RejectedBare,
    /// 200 `{"status": false}` blaming the customer's number: never fails over.
    RejectedNumber,
    /// The client gave up waiting.
    Timeout,
    /// The connection was reset after the request was written.
    Reset,
    Http500,
    Http502Html,
    EmptyObject,
    TruncatedJson,
    StatusNull,
    HtmlWith200,
}

pub const WIRES: [Wire; 13] = [
    Wire::Accepted,
    Wire::AcceptedAsStrings,
    Wire::Rejected,
    Wire::RejectedBare,
    Wire::RejectedNumber,
    Wire::Timeout,
    Wire::Reset,
    Wire::Http500,
    Wire::Http502Html,
    Wire::EmptyObject,
    Wire::TruncatedJson,
    Wire::StatusNull,
    Wire::HtmlWith200,
];

/// A supplier callback's `status`: 0 is SUKSES, 1 is GAGAL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Sukses,
    Gagal,
}

/// How a callback writes what it reports: as the supplier's document does, with the
/// destination in its `62…` form, or a SUKSES that carries no SN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Plain,
    Intl,
    NoSn,
}

/// One step of a history. Orders are named by the purchase attempt that made them; an attempt
/// that was refused has no order, and steps about it exercise the "no such order" paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Purchase {
        attempt: usize,
        user: usize,
        product: usize,
        /// What Digiflazz answers this order if its route sends it there.
        df: Df,
        /// What `utama` answers if it is the route's second supplier.
        second: Wire,
    },
    /// The same Telegram message as an earlier attempt, delivered again (R8).
    Redelivery {
        attempt: usize,
    },
    TopUp {
        user: usize,
        amount: i64,
    },
    Deduct {
        user: usize,
        amount: i64,
    },
    /// The supplier's synchronous answer to an attempt's request.
    Answer {
        attempt: usize,
        wire: Wire,
    },
    Callback {
        attempt: usize,
        report: Report,
        form: Form,
    },
    /// A Digiflazz webhook about attempt `nth` of the attempt's order, signed with the wrong
    /// secret when `forged`.
    Webhook {
        attempt: usize,
        nth: i16,
        hook: Hook,
        forged: bool,
    },
    /// A `utama` callback about attempt `nth` (from 2) of the attempt's order: its ref is the
    /// trxid and two digits.
    AttemptCallback {
        attempt: usize,
        nth: i16,
        report: Report,
    },
    /// A callback whose status and message disagree (`status=0` saying GAGAL).
    ContradictoryCallback {
        attempt: usize,
        report: Report,
    },
    /// A callback naming the attempt's order but another destination (R7).
    MismatchedCallback {
        attempt: usize,
        report: Report,
    },
    /// A callback for a refid we never issued.
    StrangerCallback {
        report: Report,
    },
    Resolve {
        attempt: usize,
        report: Report,
    },
    /// An admin settles a trxid that does not exist.
    ResolveStranger,
    /// An admin refunds the attempt's order (R36): the whole price, or `part` of it (maybe more
    /// than was paid), borne by the supplier or the shop. `key` is the command's: a step with a
    /// key seen before is that command delivered again.
    Refund {
        attempt: usize,
        part: Option<i64>,
        supplier: bool,
        key: usize,
    },
    /// The process dies and starts again: answers still in flight are lost, and start-up
    /// recovery runs.
    Restart,
    /// A reseller asks for a deposit ticket of `nominal` (below the minimum: refused).
    OpenTicket {
        ticket: usize,
        user: usize,
        nominal: i64,
    },
    /// An admin's ✅ on a ticket.
    ApproveTicket {
        ticket: usize,
    },
    /// An admin's ❌ with a reason.
    RejectTicket {
        ticket: usize,
    },
    /// The reseller's /batal.
    CancelTicket {
        ticket: usize,
    },
    /// The ticket's time runs out and the sweep closes it.
    ExpireTicket {
        ticket: usize,
    },
    /// The bank-mutation service posts one body of these items, in this order.
    Mutations {
        items: Vec<Sent>,
    },
    /// An admin puts a reseller on a level (index into `LEVELS`).
    SetLevel {
        user: usize,
        level: usize,
    },
    /// An admin changes a level's markup (index into `MARKUPS`).
    SetMarkup {
        level: usize,
        markup: usize,
    },
    /// A reseller's `/komplain` naming the attempt's order (R37). `filing` is the message's: a
    /// step with a filing seen before is that message delivered again.
    Complain {
        filing: usize,
        attempt: usize,
        whose: Whose,
        words: Words,
        patience: Patience,
    },
    /// An admin's step on the complaint `filing` filed (none, if it was refused); `key` is the
    /// command's, so a step with a key seen before is that command delivered again.
    Handle {
        filing: usize,
        how: Move,
        key: usize,
    },
    /// "Refund penuh" pressed under the complaint `filing` filed.
    ComplaintRefund {
        filing: usize,
    },
    /// Two admins take the same step on one complaint at once (keys `key` and `key + 1` when
    /// each types a command).
    Race {
        filing: usize,
        race: Race,
        key: usize,
    },
}

/// One item of a bank-mutation body. Each has the id the service gave it; an item with an id
/// posted before is that same item sent again (the service resending, or the same item twice in
/// one body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// A transfer of the ticket's exact amount, now, into our account.
    Ticket { ticket: usize, id: usize },
    /// The same amount, dated three days before now: a late transfer for an older ticket.
    Late { ticket: usize, id: usize },
    /// The ticket's amount into an account that is not on `/rekening`.
    OtherAccount { ticket: usize, id: usize },
    /// Money that no ticket asked for.
    Stray { id: usize },
    /// Bank interest with cents: an item loket cannot read.
    Cents { id: usize },
    /// Money going out (a bank fee).
    Debit { id: usize },
}

impl Sent {
    pub fn id(self) -> usize {
        match self {
            Sent::Ticket { id, .. }
            | Sent::Late { id, .. }
            | Sent::OtherAccount { id, .. }
            | Sent::Stray { id }
            | Sent::Cents { id }
            | Sent::Debit { id } => id,
        }
    }
}
