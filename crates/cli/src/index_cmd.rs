//! `sagasu index`: build or update the index, once or on every change.

use std::io::Write;

use anyhow::{Context, Result};
use sagasu_indexer::walk::WalkOptions;
use sagasu_indexer::{IndexOptions, IndexReport};

use crate::args::{Global, IndexArgs};
use crate::output::{escape_path, to_stdout};
use crate::progress::Bar;
use crate::watch::Watching;

pub fn options(global: &Global, args: Option<&IndexArgs>) -> IndexOptions {
    let mut o = IndexOptions::new(&global.corpus, &global.index);
    if let Some(a) = args {
        o.rebuild = a.rebuild;
        o.walk = WalkOptions {
            hidden: a.hidden,
            no_ignore: a.no_ignore,
            follow: a.follow,
            exclude: None,
        };
        o.max_file_size = a.max_file_size;
        o.threads = a.threads;
    }
    o
}

/// Runs one indexing pass with a progress bar on a terminal.
pub fn index_once(opts: &IndexOptions) -> Result<IndexReport> {
    let bar = Bar::new();
    let report = sagasu_indexer::run(opts, &bar);
    bar.finish();
    report.with_context(|| format!("while indexing into {}", opts.index.display()))
}

pub fn run(global: &Global, args: &IndexArgs) -> Result<bool> {
    let mut opts = options(global, Some(args));
    // Watch before the first pass, so that no change made during it is missed.
    let watching = if args.watch {
        Some(Watching::start(&opts)?)
    } else {
        None
    };
    let report = index_once(&opts)?;
    to_stdout(|out| print_report(&report, args, out))?;
    if let Some(w) = watching {
        opts.rebuild = false;
        w.run(&opts, |report| to_stdout(|out| print_report(report, args, out)))?;
    }
    Ok(true)
}

fn print_report(report: &IndexReport, args: &IndexArgs, out: &mut dyn Write) -> std::io::Result<()> {
    if args.json {
        return writeln!(out, "{}", serde_json::to_string(report).unwrap_or_default());
    }
    if let Some(why) = &report.rebuilt {
        eprintln!("sagasu: {why}");
    }
    // Files left out on purpose (hidden, ignored, empty) are listed only
    // with --verbose; the summary line counts them.
    let quiet = |reason: &str| reason == "empty" || reason.starts_with("hidden") || reason.starts_with("ignored by");
    for s in &report.skipped {
        if args.verbose || !quiet(&s.reason) {
            eprintln!("sagasu: skipped {}: {}", escape_path(&s.path), s.reason);
        }
    }
    if args.verbose {
        for e in &report.encodings {
            eprintln!("sagasu: decoded {}", escape_path(e));
        }
    } else if !report.encodings.is_empty() {
        eprintln!(
            "sagasu: {} file(s) decoded from a legacy encoding (--verbose lists them)",
            report.encodings.len()
        );
    }
    writeln!(out, "{}", report.summary())
}
