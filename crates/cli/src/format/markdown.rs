//! A Markdown (GFM) table: a header, its delimiter row, one row per
//! result; `|` and `\` escaped, line ends as spaces.

use std::io::Write;

use super::{cells, header, Row};

/// Writes `row` (after the header when `header_first`).
pub fn write(row: &Row, every: bool, header_first: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if header_first {
        let names = header(every);
        writeln!(out, "| {} |", names.join(" | "))?;
        let rule: Vec<&str> = names.iter().map(|_| "---").collect();
        writeln!(out, "| {} |", rule.join(" | "))?;
    }
    let escaped: Vec<String> = cells(row, every).iter().map(|c| escape(c)).collect();
    writeln!(out, "| {} |", escaped.join(" | "))
}

/// A cell's text: `\` and `|` escaped, line ends as spaces.
pub fn escape(cell: &str) -> String {
    cell.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn pipes_and_line_ends_cannot_break_a_row() {
        assert_eq!(escape("a | b\nc \\ d"), "a \\| b c \\\\ d");
    }
}
