//! Text to [`Command`]: the name finds its row in the command table, whose parser reads the
//! arguments; a usage error names the command when they do not fit.
use super::{Command, ParseError, Parser, SPECS};
use crate::text::errors as why;

/// Longest argument text we look at; Telegram allows 4096 characters, and most of our
/// commands need no more than a product name.
const MAX_ARGS_CHARS: usize = 512;
/// Commands whose last argument is someone's own words (a complaint, a reply to one, a
/// broadcast): those may run to a whole message, and their flows cut or refuse what is too long
/// for them with their own words.
pub(super) const WORDS_COMMANDS: &[&str] = &["komplain", "balas", "tolakkomplain"];
pub(super) const MAX_WORDS_CHARS: usize = 4_000;

pub fn parse(text: &str, bot_username: &str) -> Result<Command, ParseError> {
    let text = text.trim();
    let Some(rest) = text.strip_prefix('/') else {
        return Err(ParseError::NotACommand);
    };
    let head_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (head, args) = rest.split_at(head_end);
    let (name, addressee) = head.split_once('@').unwrap_or((head, ""));
    // While our own name is unknown (Telegram not reached yet), an addressed command is taken
    // as ours: answering a stranger's command beats ignoring our own.
    if !addressee.is_empty()
        && !bot_username.is_empty()
        && !addressee.eq_ignore_ascii_case(bot_username)
    {
        return Err(ParseError::OtherBot);
    }
    let name = name.to_lowercase();
    let Some(spec) = SPECS.iter().find(|s| s.name == name) else {
        let shown: String = name.chars().take(32).collect();
        return Err(ParseError::Unknown(shown));
    };
    let usage = |problem: Option<String>| ParseError::Usage { spec, problem };
    if let Parser::AdminText(parse) = spec.parser {
        return parse(args.trim()).map(Command::Admin).map_err(usage);
    }
    let max = if WORDS_COMMANDS.contains(&spec.name) {
        MAX_WORDS_CHARS
    } else {
        MAX_ARGS_CHARS
    };
    if args.chars().count() > max {
        return Err(usage(Some(why::command_too_long(max))));
    }
    let words: Vec<&str> = args.split_whitespace().collect();
    match spec.parser {
        Parser::Reseller(parse) => parse(&words).map(Command::Reseller),
        Parser::Admin(parse) => parse(&words).map(Command::Admin),
        // Taken above, before the words' limit.
        Parser::AdminText(parse) => parse(args.trim()).map(Command::Admin),
    }
    .map_err(usage)
}
