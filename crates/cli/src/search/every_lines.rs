//! `--every` with lines of context (-A, -B, -C), as grep prints them:
//! a line with an occurrence as `path:line:column:text`, a context line as
//! `path-line-text`, and `--` between groups of lines that do not touch.

use std::io::Write;
use std::ops::Range;

use sagasu_analysis::safe::strip_unsafe;
use sagasu_searcher::{DocOccurrences, Occurrence};

use crate::output::{escape_path, paint};

/// The byte ranges of the lines of `text` (without their `\n`).
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..text.len());
    out
}

/// The lines (1-based, inclusive) an occurrence and its context cover.
fn covered(text: &str, o: &Occurrence, (before, after): (usize, usize), last_line: u64) -> (u64, u64) {
    let spans = text[o.start..o.end].bytes().filter(|&b| b == b'\n').count() as u64;
    let first = o.line.saturating_sub(before as u64).max(1);
    (first, (o.line + spans + after as u64).min(last_line))
}

/// Prints a document's occurrences with their lines of context; `first`
/// says whether nothing was printed yet (no `--` before the first group).
pub fn print(
    doc: &DocOccurrences,
    lines: (usize, usize),
    color: bool,
    first: &mut bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let text = &doc.doc.text;
    let ranges = line_ranges(text);
    let last_line = ranges.len() as u64;
    // Groups of lines, merged when they touch.
    let mut groups: Vec<(u64, u64)> = Vec::new();
    for o in &doc.occurrences {
        let (a, b) = covered(text, o, lines, last_line);
        match groups.last_mut() {
            Some(g) if a <= g.1 + 1 => g.1 = g.1.max(b),
            _ => groups.push((a, b)),
        }
    }
    let path = paint(color, "35", &escape_path(&doc.path));
    for (a, b) in groups {
        if !*first {
            writeln!(out, "--")?;
        }
        *first = false;
        for n in a..=b {
            let range = ranges[(n - 1) as usize].clone();
            let number = paint(color, "32", &n.to_string());
            let line = painted_line(text, range, &doc.occurrences, color);
            match doc.occurrences.iter().find(|o| o.line == n) {
                Some(o) => writeln!(out, "{path}:{number}:{}:{line}", o.column)?,
                None => writeln!(out, "{path}-{number}-{line}")?,
            }
        }
    }
    Ok(())
}

/// A line with the parts of occurrences on it highlighted, control and
/// bidi characters dropped.
fn painted_line(text: &str, range: Range<usize>, occurrences: &[Occurrence], color: bool) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for o in occurrences
        .iter()
        .filter(|o| o.start < range.end && o.end > range.start)
    {
        let (a, b) = (o.start.max(range.start), o.end.min(range.end));
        if a < at {
            continue;
        }
        out.push_str(&strip_unsafe(&text[at..a]));
        out.push_str(&paint(color, "1;31", &strip_unsafe(&text[a..b])));
        at = b;
    }
    out.push_str(&strip_unsafe(&text[at..range.end]));
    out
}

/// `json` with the occurrence's lines of context added: `lines_before`
/// and `lines_after`, whole lines, control characters dropped.
pub fn with_lines(
    mut json: serde_json::Value,
    text: &str,
    o: &Occurrence,
    (before, after): (usize, usize),
) -> serde_json::Value {
    let ranges = line_ranges(text);
    let (first, last) = covered(text, o, (before, after), ranges.len() as u64);
    let spans = text[o.start..o.end].bytes().filter(|&b| b == b'\n').count() as u64;
    let get = |from: u64, to: u64| -> Vec<String> {
        (from..=to)
            .filter(|&n| n >= 1 && n <= ranges.len() as u64)
            .map(|n| strip_unsafe(&text[ranges[(n - 1) as usize].clone()]).into_owned())
            .collect()
    };
    let before_lines = if o.line > first {
        get(first, o.line - 1)
    } else {
        Vec::new()
    };
    let after_lines = if last > o.line + spans {
        get(o.line + spans + 1, last)
    } else {
        Vec::new()
    };
    json["lines_before"] = before_lines.into();
    json["lines_after"] = after_lines.into();
    json
}
