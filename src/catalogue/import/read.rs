//! Reading a CSV file as spreadsheets write it: RFC 4180 quoting, a UTF-8 BOM, CRLF or LF line
//! ends, and `;` instead of `,` where the header shows it (spreadsheets in an Indonesian locale
//! write `;`, as the decimal mark there is the comma).

pub use crate::domain::catalogue_import::Quoting;

/// One record: where it starts in the file (line 1 is the header) and its fields, or why its
/// quoting cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Result<Vec<String>, Quoting>,
}

/// The separator the header line uses: `;` when it has more of those than commas.
pub fn separator(text: &str) -> char {
    let header = text.lines().next().unwrap_or_default();
    if header.matches(';').count() > header.matches(',').count() {
        ';'
    } else {
        ','
    }
}

/// Every record of `text` (a BOM already taken off), blank lines left out.
pub fn records(text: &str, sep: char) -> Vec<Record> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut problem = None;
        let mut quoted = false;
        // Whether the field being read began with a quote and that quote was closed.
        let mut at_start = true;
        while let Some(c) = chars.next() {
            match c {
                '"' if at_start => {
                    at_start = false;
                    quoted = true;
                    let mut closed = false;
                    while let Some(q) = chars.next() {
                        match q {
                            '"' if chars.peek() == Some(&'"') => {
                                chars.next();
                                field.push('"');
                            }
                            '"' => {
                                closed = true;
                                break;
                            }
                            '\n' => {
                                line += 1;
                                field.push('\n');
                            }
                            q => field.push(q),
                        }
                    }
                    if !closed {
                        problem = Some(Quoting::Unclosed);
                    }
                    // Anything up to the next separator or line end breaks the quoting.
                    while let Some(&next) = chars.peek() {
                        if next == sep || next == '\n' || next == '\r' {
                            break;
                        }
                        chars.next();
                        problem.get_or_insert(Quoting::AfterQuote);
                    }
                }
                c if c == sep => {
                    fields.push(std::mem::take(&mut field));
                    at_start = true;
                }
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    break;
                }
                '\n' => {
                    line += 1;
                    break;
                }
                c => {
                    at_start = false;
                    field.push(c);
                }
            }
        }
        fields.push(field);
        let blank = !quoted && fields.len() == 1 && fields[0].trim().is_empty();
        if !blank {
            out.push(Record {
                line: start,
                fields: problem.map_or(Ok(fields), Err),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, sep: char) -> Vec<(usize, Vec<String>)> {
        records(text, sep)
            .into_iter()
            .map(|r| (r.line, r.fields.expect("well quoted")))
            .collect()
    }

    fn own(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn quoted_fields_hold_separators_quotes_and_line_breaks() {
        let text = "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\n\nlast,";
        assert_eq!(
            fields(text, ','),
            [
                (1, own(&["a", "b"])),
                (2, own(&["x,1", "say \"hi\""])),
                (3, own(&["two\nlines", "z"])),
                (6, own(&["last", ""])),
            ]
        );
    }

    #[test]
    fn the_header_picks_the_separator() {
        assert_eq!(separator("kode;nama;harga\r\ns5;Pulsa, murah;5500"), ';');
        assert_eq!(separator("kode,nama,harga\ns5;x;1"), ',');
        assert_eq!(
            fields("kode;nama\ns5;\"a;b\"", ';'),
            [(1, own(&["kode", "nama"])), (2, own(&["s5", "a;b"]))]
        );
    }

    #[test]
    fn broken_quoting_is_named_with_the_line_it_starts_on() {
        let got = records("a,b\n\"open,x\ny\n", ',');
        assert_eq!(got[1].line, 2);
        assert_eq!(got[1].fields, Err(Quoting::Unclosed));
        let got = records("a\n\"q\"x,1\nok\n", ',');
        assert_eq!(got[1].fields, Err(Quoting::AfterQuote));
        assert_eq!(got[2].line, 3);
    }
}
