//! `sagasu terms PATTERN`: the indexed terms that match a prefix or a
//! glob, with their document and occurrence counts, most frequent first;
//! with `--spellings`, the spellings behind them as written, grouped by
//! name.

use anyhow::{Context, Result};
use sagasu_searcher::{Aliases, Searcher};

use crate::args::{Global, TermsArgs};
use crate::output::{escape_path, to_stdout};
use crate::source::open_or_build;

pub fn run(global: &Global, args: &TermsArgs) -> Result<bool> {
    let opened = open_or_build(global)?;
    let searcher = Searcher::new(opened.reader, opened.fields, Aliases::default());
    if args.spellings {
        return spellings(&searcher, args);
    }
    let terms = searcher.terms(&args.pattern, args.limit)?;
    if args.json {
        let json = serde_json::json!({ "pattern": args.pattern, "terms": terms });
        let json = serde_json::to_string(&json).context("cannot serialize the terms")?;
        to_stdout(|out| writeln!(out, "{json}"))?;
    } else {
        to_stdout(|out| {
            for t in &terms {
                writeln!(out, "{:>8} {:>6}  {}", t.occurrences, t.documents, escape_path(&t.term))?;
            }
            Ok(())
        })?;
        if terms.is_empty() {
            eprintln!("sagasu: no indexed term matches \"{}\"", escape_path(&args.pattern));
        } else {
            eprintln!("sagasu: occurrences, documents, term; most frequent first");
        }
    }
    Ok(!terms.is_empty())
}

/// `terms --spellings`: groups of spellings, most frequent first.
fn spellings(searcher: &Searcher, args: &TermsArgs) -> Result<bool> {
    let groups = searcher.spellings(&args.pattern, args.limit)?;
    if args.json {
        let json = serde_json::json!({ "pattern": args.pattern, "groups": groups });
        let json = serde_json::to_string(&json).context("cannot serialize the spellings")?;
        to_stdout(|out| writeln!(out, "{json}"))?;
        return Ok(!groups.is_empty());
    }
    to_stdout(|out| {
        for g in &groups {
            let what = match &g.key {
                Some(key) => format!("name (key {})", escape_path(key)),
                None => "word".to_string(),
            };
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            writeln!(
                out,
                "{what}: {} occurrence{} in {} document{}",
                g.occurrences,
                plural(g.occurrences),
                g.documents,
                plural(g.documents)
            )?;
            for s in &g.spellings {
                writeln!(
                    out,
                    "{:>8} {:>6}  {}",
                    s.occurrences,
                    s.documents,
                    escape_path(&s.spelling)
                )?;
                if args.paths {
                    for p in &s.paths {
                        writeln!(out, "{:>16}  {}", "", escape_path(p))?;
                    }
                }
            }
        }
        Ok(())
    })?;
    if groups.is_empty() {
        eprintln!("sagasu: no indexed term matches \"{}\"", escape_path(&args.pattern));
    } else {
        eprintln!("sagasu: per name or word: occurrences, documents, spelling; most frequent first");
    }
    Ok(!groups.is_empty())
}
