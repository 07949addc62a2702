//! Ranked results (the default mode, `--within document`, and
//! `--quickwit`'s answers): searched on the local index, and printed as
//! text, one JSON object, or a table.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use sagasu_analysis::safe::escape_unsafe;
use sagasu_searcher::{SearchOptions, SearchResults, Searcher};

use super::explain;
use crate::args::{Format, Global, SearchArgs, Within};
use crate::format::{Row, TableWriter};
use crate::output::{escape_path, paint, to_stdout, use_color};

/// Runs `query` on the local index, in passages or whole documents
/// (`--within`).
pub fn search(searcher: &Searcher, args: &SearchArgs, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
    Ok(match args.within {
        Within::Passage => searcher.search(query, opts)?,
        Within::Document => searcher.search_within_documents(query, opts)?,
    })
}

/// Prints `res` in the format asked for; returns whether anything matched.
pub fn print(global: &Global, args: &SearchArgs, query: &str, res: &SearchResults) -> Result<bool> {
    let format = args.format();
    let table = !matches!(format, Format::Text | Format::Json);
    let gone = res.results.iter().filter(|d| d.gone).count();
    if gone > 0 {
        // A table's rows are places to open: a gone file's are left out.
        let shown = if table { "left out" } else { "marked gone" };
        eprintln!(
            "sagasu: {gone} result(s) {shown}: deleted since they were indexed (`sagasu index` updates the index)"
        );
    }
    if table {
        to_stdout(|out| print_table(res, format, &global.corpus, out))?;
        return Ok(res.total_documents > 0);
    }
    if format == Format::Json {
        let json = res.to_json().context("cannot serialize the results")?;
        to_stdout(|out| out.write_all(&json))?;
    } else {
        if res.fallback {
            eprintln!("sagasu: no passage has all the words; showing passages with any of them");
        }
        if let Some(ex) = &res.explain {
            explain::print_query(&res.expansions, ex);
            if let Some(used) = &res.feedback {
                explain::print_feedback(used);
            }
        }
        to_stdout(|out| print_text(res, use_color(global.color), out))?;
        if res.results.is_empty() {
            eprintln!("sagasu: no match for \"{}\"", escape_unsafe(query));
            for s in &res.suggestions {
                let terms: Vec<_> = s.terms.iter().map(|t| escape_unsafe(t)).collect();
                eprintln!(
                    "sagasu: did you mean {}? ({} not found)",
                    terms.join(", "),
                    escape_unsafe(&s.word)
                );
            }
        } else if res.total_documents > args.offset + res.results.len() {
            eprintln!(
                "sagasu: {} of {} documents shown (--limit/--offset for more)",
                res.results.len(),
                res.total_documents
            );
        }
    }
    Ok(res.total_documents > 0)
}

/// Ranked results as a table: one row per passage shown.
fn print_table(
    res: &SearchResults,
    format: Format,
    corpus: &Path,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut table = TableWriter::new(format, false);
    for doc in res.results.iter().filter(|d| !d.gone) {
        for p in &doc.passages {
            let row = Row {
                rank: doc.rank,
                path: &doc.path,
                open_path: corpus.join(&doc.path).display().to_string(),
                title: &doc.title,
                line: p.line,
                column: 1,
                page: p.page,
                score: p.score,
                matched: String::new(),
                snippet: p.snippet.clone(),
            };
            table.write(&row, out)?;
        }
    }
    Ok(())
}

/// Prints results as text: per document a header line, then its snippets
/// prefixed with `path:line:` (`path#page=N:` for a PDF).
pub fn print_text(res: &SearchResults, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    for doc in &res.results {
        let path = escape_path(&doc.path);
        // A document without a title in its text is titled by its file
        // name, which the path already shows, or has none (a numbered or
        // hashed file name).
        let title = if doc.title.is_empty() || names_file(&doc.title, &doc.path) {
            String::new()
        } else {
            format!("  {}", paint(color, "1", &escape_path(&doc.title)))
        };
        let gone = if doc.gone {
            format!("  {}", paint(color, "1;31", "[gone: deleted since it was indexed]"))
        } else {
            String::new()
        };
        writeln!(
            out,
            "{} {}{title}  {}{gone}",
            paint(color, "1;33", &format!("{}.", doc.rank)),
            paint(color, "35", &path),
            paint(color, "2", &format!("(score {:.3})", doc.score)),
        )?;
        if !doc.duplicates.is_empty() {
            let others: Vec<_> = doc.duplicates.iter().map(|p| escape_path(p)).collect();
            let line = format!("(the same file is also at {})", others.join(", "));
            writeln!(out, "   {}", paint(color, "2", &line))?;
        }
        for p in &doc.passages {
            let mut snippet = String::new();
            let mut last = 0;
            for &(a, b) in &p.highlights {
                snippet.push_str(&p.snippet[last..a]);
                snippet.push_str(&paint(color, "1;31", &p.snippet[a..b]));
                last = b;
            }
            snippet.push_str(&p.snippet[last..]);
            // A place a person can open: `report.pdf#page=12` (what PDF
            // viewers and browsers accept), else `path:line`.
            let place = match p.page {
                Some(page) => format!(
                    "{}{}",
                    paint(color, "35", &path),
                    paint(color, "32", &format!("#page={page}"))
                ),
                None => format!(
                    "{}:{}",
                    paint(color, "35", &path),
                    paint(color, "32", &p.line.to_string())
                ),
            };
            // Text read by OCR from a scan may be misspelled: say so.
            let ocr = if p.ocr {
                paint(color, "2", " (ocr)")
            } else {
                String::new()
            };
            writeln!(out, "{place}{ocr}: {snippet}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Whether `title` is the file name of `path` (with or without its
/// extension).
fn names_file(title: &str, path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    title == name || name.rsplit_once('.').is_some_and(|(stem, _)| stem == title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_that_is_the_file_name_is_not_shown_twice() {
        assert!(names_file("003_07", "003_07.txt"));
        assert!(names_file("notes.md", "dir/notes.md"));
        assert!(names_file("11394", "docs/11394.txt"));
        assert!(!names_file("New Partnership", "004.txt"));
        assert!(!names_file("docs", "docs/11394.txt"));
    }
}
