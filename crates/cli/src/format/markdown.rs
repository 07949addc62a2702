//! A Markdown (GFM) table: a header, its delimiter row, one row per
//! result; `|` and `\` escaped, line ends as spaces, and nothing a
//! renderer would run or fetch: HTML (`<img src=x onerror=…>`) is shown as
//! text (`&lt;`, `&gt;`, `&amp;`), and `[`, `]` are escaped so that no
//! link or remote image forms.

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

/// A cell's text: `\`, `|`, `[` and `]` escaped, HTML's `&`, `<` and `>`
/// as entities, line ends as spaces.
pub fn escape(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for c in cell.chars() {
        match c {
            '\\' | '|' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn pipes_and_line_ends_cannot_break_a_row() {
        assert_eq!(escape("a | b\nc \\ d"), "a \\| b c \\\\ d");
    }

    #[test]
    fn html_and_links_are_text() {
        assert_eq!(
            escape("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(escape("![t](http://x/p.png) & co"), "!\\[t\\](http://x/p.png) &amp; co");
    }
}
