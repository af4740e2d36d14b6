//! The arguments of `/rute <kode> [<supplier>:<kode>[:modal],… | hapus]`, named in its row of
//! the command table. A route may be typed with spaces after its commas.
use crate::bot::commands::args::{Parsed, invalid};
use crate::bot::commands::{AdminCommand as C, RouteCommand};
use crate::domain::ProductCode;
use crate::domain::route::parse_steps;
use crate::text::errors as why;
use crate::text::routes as say;

pub(in crate::bot) fn route(words: &[&str]) -> Parsed<C> {
    let Some((code, rest)) = words.split_first() else {
        return Err(None);
    };
    let code = ProductCode::parse(code).map_err(|e| invalid(why::product_code(&e)))?;
    let command = match rest {
        [] => RouteCommand::Show,
        [word] if word.eq_ignore_ascii_case("hapus") || word.eq_ignore_ascii_case("default") => {
            RouteCommand::Clear
        }
        steps => {
            let steps = parse_steps(&steps.join(" ")).map_err(|e| invalid(say::steps_error(&e)))?;
            RouteCommand::Set(steps)
        }
    };
    Ok(C::Route { code, command })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;
    use crate::domain::route::StepInput;

    fn parse(line: &str) -> Parsed<C> {
        route(&line.split_whitespace().collect::<Vec<_>>())
    }

    fn code() -> ProductCode {
        ProductCode::parse("s5").unwrap()
    }

    #[test]
    fn show_set_and_clear_are_read() {
        let command = |command| {
            Ok(C::Route {
                code: code(),
                command,
            })
        };
        assert_eq!(parse("s5"), command(RouteCommand::Show));
        assert_eq!(parse("s5 HAPUS"), command(RouteCommand::Clear));
        assert_eq!(parse("s5 default"), command(RouteCommand::Clear));
        let steps = vec![
            StepInput {
                supplier: "utama".into(),
                sku: "s5".into(),
                cost: None,
            },
            StepInput {
                supplier: "digiflazz".into(),
                sku: "xld5".into(),
                cost: Some(Money::from_rupiah(5150)),
            },
        ];
        assert_eq!(
            parse("s5 utama:s5, digiflazz:xld5:5.150"),
            command(RouteCommand::Set(steps))
        );
    }

    #[test]
    fn bad_arguments_are_each_told() {
        assert_eq!(parse(""), Err(None));
        assert!(matches!(parse("s/5"), Err(Some(_))));
        for steps in ["utama", "utama:s5,utama:s6", "utama:s 5", "utama:s5:abc"] {
            assert!(
                matches!(parse(&format!("s5 {steps}")), Err(Some(_))),
                "{steps}"
            );
        }
    }
}
