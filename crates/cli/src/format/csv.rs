//! CSV (RFC 4180): a header row, fields quoted when they hold a comma, a
//! quote or a line end, quotes doubled; rows end with CRLF as the RFC says.
//! A field a spreadsheet would run as a formula (it starts with `=`, `+`,
//! `-`, `@`, a tab or a carriage return) gets a `'` first, as OWASP
//! advises: a document named `=HYPERLINK(…)` stays text.

use std::io::Write;

use super::{cells, header, Row};

/// Writes `row` (after the header when `header_first`).
pub fn write(row: &Row, every: bool, header_first: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if header_first {
        line(header(every).iter().map(|s| s.to_string()), out)?;
    }
    line(cells(row, every).into_iter(), out)
}

fn line(fields: impl Iterator<Item = String>, out: &mut dyn Write) -> std::io::Result<()> {
    let quoted: Vec<String> = fields.map(|f| quote(&f)).collect();
    write!(out, "{}\r\n", quoted.join(","))
}

/// A field, neutralized if a spreadsheet would read it as a formula,
/// quoted if it must be.
pub fn quote(field: &str) -> String {
    let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formulas_stay_text() {
        assert_eq!(quote("=1+1"), "'=1+1");
        assert_eq!(quote("+33 1"), "'+33 1");
        assert_eq!(quote("-x"), "'-x");
        assert_eq!(quote("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            quote("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(quote("a=b"), "a=b");
        assert_eq!(quote("3.617"), "3.617");
    }
}
