//! vimgrep lines, `path:line:column:text` as `rg --vimgrep` prints them,
//! with the path as it opens from the current directory: `vim -q` and
//! editors' quickfix lists jump to each result.

use std::io::Write;

use super::{safe, Row};

/// Writes `row`. The column is 1-based bytes (vim's `%c`); a PDF's page
/// leads the text (`(page 3) …`), since a quickfix line has no field for it.
pub fn write(row: &Row, out: &mut dyn Write) -> std::io::Result<()> {
    let page = row.page.map(|p| format!("(page {p}) ")).unwrap_or_default();
    writeln!(
        out,
        "{}:{}:{}:{page}{}",
        safe(&row.open_path),
        row.line,
        row.column,
        safe(&row.snippet)
    )
}
