//! `sagasu search --every` and `--count`: every occurrence of a query,
//! streamed one line (or one JSON object) at a time.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;

use anyhow::Result;
use sagasu_analysis::safe::{is_unsafe, strip_unsafe};
use sagasu_searcher::context::{around, context_lines};
use sagasu_searcher::occurrences::threads;
use sagasu_searcher::query::Conjunction;
use sagasu_searcher::{DocOccurrences, Occurrence, Searcher};
use serde_json::json;

use super::every_lines;
use crate::args::{Format, Within};
use crate::format::{Row, TableWriter};
use crate::output::{escape_path, to_stdout};

/// How `--every` prints.
pub struct EveryOptions {
    /// How juxtaposed words combine.
    pub conjunction: Conjunction,
    /// Where required words must all occur (`--within`).
    pub within: Within,
    /// Only the count per document.
    pub count: bool,
    /// The output format.
    pub format: Format,
    /// The corpus folder, to make paths that open from here (vimgrep).
    pub corpus: PathBuf,
    /// The folder the index was built from, if it records it: documents
    /// whose file is gone from it are left out.
    pub built_from: Option<PathBuf>,
    /// Color the matches.
    pub color: bool,
    /// Characters of context on each side of a match (within its lines).
    pub chars: usize,
    /// Lines of context (before, after): grep's -B and -A.
    pub lines: Option<(usize, usize)>,
    /// Feedback, as ranked search runs it: it orders the documents (and
    /// never adds one, nor an occurrence). Not with `--within document`.
    pub feedback: Option<sagasu_searcher::Feedback>,
}

/// Runs `query` and prints every occurrence (or the counts) as each
/// document is read; the total goes to stderr. Returns whether anything
/// was found.
pub fn run(searcher: &Searcher, query: &str, opts: &EveryOptions) -> Result<bool> {
    if opts.count && !matches!(opts.format, Format::Text | Format::Json) {
        // The value as the user typed it (`csv`), not the Rust name.
        let typed = clap::ValueEnum::to_possible_value(&opts.format).map(|v| v.get_name().to_owned());
        anyhow::bail!(
            "--count prints text or JSON, not --format {}",
            typed.unwrap_or_default()
        );
    }
    let (every, _) = match opts.within {
        Within::Passage => searcher.every(query, opts.conjunction, opts.feedback.as_ref())?,
        Within::Document => searcher.every_within_documents(query, opts.conjunction)?,
    };
    let mut table = TableWriter::new(opts.format, true);
    if every.fallback {
        eprintln!("sagasu: no passage has all the words; listing documents with any of them");
    }
    let (mut occurrences, mut documents, mut gone) = (0usize, 0usize, 0usize);
    let mut first_group = true;
    to_stdout(|out| {
        // Documents are read, searched and (in most formats) printed to a
        // buffer on every core; this thread writes them out in rank order.
        let flow = every.par_map(
            threads(),
            |doc| prepare(doc, opts),
            |doc| {
                let printed = match doc {
                    Prepared::Failed(e) => Err(std::io::Error::other(e)),
                    Prepared::Gone => {
                        gone += 1;
                        return ControlFlow::Continue(());
                    }
                    Prepared::Printed { occurrences: n, bytes } => {
                        occurrences += n;
                        out.write_all(&bytes)
                    }
                    Prepared::Read(doc) => {
                        occurrences += doc.occurrences.len();
                        print_in_order(&doc, opts, &mut table, &mut first_group, out)
                    }
                };
                documents += 1;
                // Streamed: each document reaches a pipe as soon as it is read.
                match printed.and_then(|()| out.flush()) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(e) => ControlFlow::Break(e),
                }
            },
        );
        match flow {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(e) => Err(e),
        }
    })?;
    if gone > 0 {
        eprintln!(
            "sagasu: {gone} document(s) left out: deleted since they were indexed (`sagasu index` updates the index)"
        );
    }
    eprintln!(
        "sagasu: {occurrences} occurrence{} in {documents} document{}",
        plural(occurrences),
        plural(documents)
    );
    Ok(documents > 0)
}

/// A document as a worker leaves it for the writing thread.
enum Prepared {
    /// Reading it failed.
    Failed(sagasu_searcher::SearchError),
    /// Deleted since it was indexed: no place to open any more.
    Gone,
    /// Its output, and how many occurrences it holds.
    Printed { occurrences: usize, bytes: Vec<u8> },
    /// To be printed in order (grep's groups of lines and the tables carry
    /// state from one document to the next).
    Read(DocOccurrences),
}

/// What a worker does with a document it read: prints it to a buffer
/// when its output does not depend on the documents before it.
fn prepare(doc: Result<DocOccurrences, sagasu_searcher::SearchError>, opts: &EveryOptions) -> Prepared {
    let doc = match doc {
        Ok(doc) => doc,
        Err(e) => return Prepared::Failed(e),
    };
    if opts
        .built_from
        .as_ref()
        .is_some_and(|c| sagasu_store::file_gone(c, &doc.path))
    {
        return Prepared::Gone;
    }
    let mut bytes = Vec::new();
    let printed = if doc.occurrences.is_empty() && !opts.count {
        // Matched, but nowhere in its text (a `title:` query): listed all
        // the same, never silently dropped.
        print_unplaced(&doc, opts, &mut bytes)
    } else if opts.count {
        print_count(&doc, opts, &mut bytes)
    } else if opts.lines.is_some() && opts.format == Format::Text || !matches!(opts.format, Format::Text | Format::Json)
    {
        return Prepared::Read(doc);
    } else if opts.format == Format::Json {
        doc.occurrences
            .iter()
            .try_for_each(|o| print_json(&doc, o, opts, &mut bytes))
    } else {
        let path = escape_path(&doc.path);
        for o in &doc.occurrences {
            print_line(&doc, o, &path, opts, &mut bytes);
        }
        Ok(())
    };
    // Writing to a Vec cannot fail.
    debug_assert!(printed.is_ok());
    Prepared::Printed {
        occurrences: doc.occurrences.len(),
        bytes,
    }
}

/// A document whose output depends on the ones before it: grep's groups
/// of lines (a `--` between groups), or a table row.
fn print_in_order(
    doc: &DocOccurrences,
    opts: &EveryOptions,
    table: &mut TableWriter,
    first_group: &mut bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if let Some(lines) = opts.lines.filter(|_| opts.format == Format::Text) {
        return every_lines::print(doc, lines, opts.color, first_group, out);
    }
    for o in &doc.occurrences {
        table.write(&row(doc, o, opts), out)?;
    }
    Ok(())
}

/// The line of a document that matched where no occurrence could be
/// placed in its text.
fn print_unplaced(doc: &DocOccurrences, opts: &EveryOptions, out: &mut dyn Write) -> std::io::Result<()> {
    if opts.format == Format::Json {
        let json = json!({"rank": doc.rank, "path": doc.path, "placed": false});
        writeln!(out, "{json}")
    } else {
        writeln!(
            out,
            "{}: (matches the query, but no occurrence is in its text: the title or path matched)",
            escape_path(&doc.path)
        )
    }
}

fn print_count(doc: &DocOccurrences, opts: &EveryOptions, out: &mut dyn Write) -> std::io::Result<()> {
    if opts.format == Format::Json {
        let json = json!({"rank": doc.rank, "path": doc.path, "count": doc.occurrences.len()});
        writeln!(out, "{json}")
    } else {
        writeln!(out, "{}:{}", escape_path(&doc.path), doc.occurrences.len())
    }
}

/// An occurrence as one JSON object (JSON Lines).
fn print_json(doc: &DocOccurrences, o: &Occurrence, opts: &EveryOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let text = &doc.doc.text;
    let a = around(&doc.doc, o.start, o.end, opts.chars);
    let (before, after) = (&text[a.before.clone()], &text[a.after.clone()]);
    let mut json = json!({
        "rank": doc.rank,
        "path": doc.path,
        "line": o.line,
        "column": o.column,
        "byte": o.start,
        "page": o.page,
        // Raw (JSON escapes it): `byte` finds exactly this text.
        "match": &text[o.start..o.end],
        "kind": o.kind,
        // Read by OCR: the text may be misread (as ranked hits say).
        "ocr": o.ocr,
        "before": one_line(before),
        "after": one_line(after),
    });
    if let Some((b, a)) = opts.lines {
        let (lines_before, lines_after) = context_lines(&doc.doc, o, b, a);
        let get = |lines: std::ops::RangeInclusive<u64>| -> Vec<String> {
            lines
                .map(|n| strip_unsafe(&text[doc.doc.line_range(n)]).into_owned())
                .collect()
        };
        json["lines_before"] = get(lines_before).into();
        json["lines_after"] = get(lines_after).into();
    }
    writeln!(out, "{json}")
}

/// An occurrence as one line of text, `path:line:column: …context…` (a
/// page instead of a line and column in a paged document), written
/// straight into `out` (`path` escaped once per document): `--every`
/// prints tens of thousands of them.
fn print_line(doc: &DocOccurrences, o: &Occurrence, path: &str, opts: &EveryOptions, out: &mut Vec<u8>) {
    let text = &doc.doc.text;
    let a = around(&doc.doc, o.start, o.end, opts.chars);
    let paint = |out: &mut Vec<u8>, code: &str, write: &dyn Fn(&mut Vec<u8>)| {
        if opts.color {
            out.extend_from_slice(b"\x1b[");
            out.extend_from_slice(code.as_bytes());
            out.push(b'm');
            write(out);
            out.extend_from_slice(b"\x1b[0m");
        } else {
            write(out);
        }
    };
    // Writing to a Vec cannot fail.
    let number = |out: &mut Vec<u8>, n: u64| {
        let _ = write!(out, "{n}");
    };
    match o.page {
        Some(page) => paint(out, "35", &|out| {
            out.extend_from_slice(path.as_bytes());
            out.extend_from_slice(b"#page=");
            number(out, page);
        }),
        None => {
            paint(out, "35", &|out| out.extend_from_slice(path.as_bytes()));
            out.push(b':');
            paint(out, "32", &|out| number(out, o.line));
            out.push(b':');
            number(out, o.column);
        }
    }
    if o.ocr {
        paint(out, "2", &|out| out.extend_from_slice(b" (ocr)"));
    }
    out.extend_from_slice(b": ");
    if a.cut_before() {
        out.extend_from_slice("…".as_bytes());
    }
    push_one_line(out, &text[a.before.clone()]);
    let mut at = o.start;
    if opts.color {
        for &(from, to) in &o.parts {
            push_one_line(out, &text[at..from]);
            paint(out, "1;31", &|out| push_one_line(out, &text[from..to]));
            at = to;
        }
    }
    push_one_line(out, &text[at..o.end]);
    push_one_line(out, &text[a.after.clone()]);
    if a.cut_after() {
        out.extend_from_slice("…".as_bytes());
    }
    out.push(b'\n');
}

/// [`one_line`] of `s`, pushed onto `out`.
fn push_one_line(out: &mut Vec<u8>, s: &str) {
    let mut space = false;
    let mut buf = [0; 4];
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(b' ');
            space = false;
        }
        if !is_unsafe(c) {
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    if space {
        out.push(b' ');
    }
}
/// The table row of an occurrence.
fn row<'a>(doc: &'a DocOccurrences, o: &Occurrence, opts: &EveryOptions) -> Row<'a> {
    let text = &doc.doc.text;
    let a = around(&doc.doc, o.start, o.end, opts.chars);
    let matched = one_line(&text[o.start..o.end]);
    Row {
        rank: doc.rank,
        path: &doc.path,
        open_path: opts.corpus.join(&doc.path).display().to_string(),
        title: &doc.doc.title,
        line: o.line,
        column: o.column,
        page: o.page,
        score: doc.score,
        snippet: format!("{}{matched}{}", one_line(&text[a.before]), one_line(&text[a.after])),
        matched,
    }
}

/// Text for one output line: whitespace runs (line ends too) as one
/// space, control and bidi characters dropped.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    strip_unsafe(&out).into_owned()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
