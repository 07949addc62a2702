//! `--every` with lines of context (-A, -B, -C), as grep prints them:
//! a line with an occurrence as `path:line:column:text`, a context line as
//! `path-line-text`, and `--` between groups of lines that do not touch.
//! In a paged document (PDF) the path names the line's page:
//! `file.pdf#page=3:85:38:text`.
//!
//! The groups and what each line marks are the searcher's
//! ([`sagasu_searcher::context`]); this only prints them.

use std::io::Write;

use sagasu_analysis::safe::strip_unsafe;
use sagasu_searcher::context::{group_lines, line_groups, ContextLine};
use sagasu_searcher::DocOccurrences;

use crate::output::{escape_path, paint};

/// Prints a document's occurrences with their lines of context; `first`
/// says whether nothing was printed yet (no `--` before the first group).
pub fn print(
    doc: &DocOccurrences,
    (before, after): (usize, usize),
    color: bool,
    first: &mut bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let path = escape_path(&doc.path);
    for (a, b) in line_groups(&doc.doc, &doc.occurrences, before, after) {
        if !*first {
            writeln!(out, "--")?;
        }
        *first = false;
        for line in group_lines(&doc.doc, &doc.occurrences, a, b) {
            let place = match doc.doc.page_of_line(line.number) {
                Some(page) => paint(color, "35", &format!("{path}#page={page}")),
                None => paint(color, "35", &path),
            };
            let number = paint(color, "32", &line.number.to_string());
            let text = painted_line(&doc.doc.text, &line, color);
            match line.column {
                Some(column) => writeln!(out, "{place}:{number}:{column}:{text}")?,
                None => writeln!(out, "{place}-{number}-{text}")?,
            }
        }
    }
    Ok(())
}

/// A line with its marks highlighted, control and bidi characters dropped.
fn painted_line(text: &str, line: &ContextLine, color: bool) -> String {
    let mut out = String::new();
    let mut at = line.range.start;
    for &(a, b) in &line.marks {
        out.push_str(&strip_unsafe(&text[at..a]));
        out.push_str(&paint(color, "1;31", &strip_unsafe(&text[a..b])));
        at = b;
    }
    out.push_str(&strip_unsafe(&text[at..line.range.end]));
    out
}
