//! Tables out (`--format`): results as CSV, a Markdown table, or vimgrep
//! lines, one module per family; `text` and `json` are printed by the
//! commands themselves.
//!
//! Every family writes the same [`Row`]: one per passage shown (ranked
//! search) or per occurrence (`--every`), plain text only.
//!
//! One rule makes every cell safe for a terminal, whatever the format
//! ([`cells`]): control and bidi characters from a file (a path such as
//! `esc<ESC>[31mRED.txt`) are shown escaped, as text output shows them.
//! Each format then adds what its readers need: CSV neutralizes formulas
//! (a cell starting with `=`, `+`, `-` or `@`), Markdown escapes HTML.

mod csv;
mod markdown;
mod vimgrep;

use std::io::Write;

use crate::args::Format;

/// One row of a table: a passage shown, or an occurrence.
pub struct Row<'a> {
    pub rank: usize,
    /// The document's path relative to the corpus.
    pub path: &'a str,
    /// The path as a person opens it from the current directory.
    pub open_path: String,
    pub title: &'a str,
    pub line: u64,
    /// 1-based byte column (1 when unknown: ranked passages).
    pub column: u64,
    pub page: Option<u64>,
    pub score: f32,
    /// The occurrence itself (`--every`), else empty.
    pub matched: String,
    /// Plain text around it (no markup), one line.
    pub snippet: String,
}

/// Writes rows in one table format, its header before the first row.
pub struct TableWriter {
    format: Format,
    every: bool,
    started: bool,
}

impl TableWriter {
    /// A writer for `format` (csv, markdown or vimgrep); `every` adds the
    /// column and match columns.
    pub fn new(format: Format, every: bool) -> TableWriter {
        TableWriter {
            format,
            every,
            started: false,
        }
    }

    /// The header (if not written yet), then `row`.
    pub fn write(&mut self, row: &Row, out: &mut dyn Write) -> std::io::Result<()> {
        let header = !std::mem::replace(&mut self.started, true);
        match self.format {
            Format::Csv => csv::write(row, self.every, header, out),
            Format::Markdown => markdown::write(row, self.every, header, out),
            Format::Vimgrep => vimgrep::write(row, out),
            Format::Text | Format::Json => Ok(()),
        }
    }
}

/// A string from a file, fit for a terminal: control and bidi
/// characters shown escaped (`\u{1b}`), as every output format shows them.
fn safe(text: &str) -> String {
    sagasu_analysis::safe::escape_unsafe(text).into_owned()
}

/// The cells of a row, in the order of [`header`], each [`safe`].
fn cells(row: &Row, every: bool) -> Vec<String> {
    let mut out = vec![
        row.rank.to_string(),
        safe(row.path),
        safe(row.title),
        row.line.to_string(),
    ];
    if every {
        out.push(row.column.to_string());
    }
    out.push(row.page.map(|p| p.to_string()).unwrap_or_default());
    out.push(format!("{:.3}", row.score));
    if every {
        out.push(safe(&row.matched));
    }
    out.push(safe(&row.snippet));
    out
}

/// The column names.
fn header(every: bool) -> Vec<&'static str> {
    if every {
        vec![
            "rank", "path", "title", "line", "column", "page", "score", "match", "snippet",
        ]
    } else {
        vec!["rank", "path", "title", "line", "page", "score", "snippet"]
    }
}
