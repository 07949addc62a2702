//! `sagasu index`: build or update the index, once or on every change.

use std::io::Write;

use anyhow::Result;
use sagasu_indexer::walk::WalkOptions;
use sagasu_indexer::{ExtractOptions, IndexOptions, IndexReport};

use crate::args::{Global, IndexArgs};
use crate::output::{escape_path, to_stdout};
use crate::progress::Bar;
use crate::watch::Watching;

pub fn options(global: &Global, args: Option<&IndexArgs>) -> IndexOptions {
    let mut o = IndexOptions::new(&global.corpus, &global.index);
    o.extract = extract_options(global);
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

/// How documents that are not text are read, from the global options.
pub fn extract_options(global: &Global) -> ExtractOptions {
    ExtractOptions {
        pdftotext: global.pdftotext.clone(),
        timeout: std::time::Duration::from_secs(global.helper_timeout),
    }
}

/// Runs one indexing pass with a progress bar on a terminal.
pub fn index_once(opts: &IndexOptions) -> Result<IndexReport> {
    let bar = Bar::new();
    let report = sagasu_indexer::index(opts, &bar);
    bar.finish();
    // The indexer's errors name the index folder.
    Ok(report?)
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
        eprintln!("sagasu: {}", escape_path(why));
    }
    // Files left out on purpose (hidden, ignored, empty) are listed only
    // with --verbose; the summary line counts them.
    for s in &report.skipped {
        if args.verbose || !s.reason.is_deliberate() {
            eprintln!(
                "sagasu: skipped {}: {}",
                escape_path(&s.path),
                escape_path(&s.reason.to_string())
            );
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
    writeln!(out, "{}", summary(report))
}

/// One-line human summary of an indexing pass.
pub fn summary(report: &IndexReport) -> String {
    format!(
        "indexed {} documents ({} passages) in {:.2}s: {} added, {} updated, {} removed, {} unchanged, {} skipped; {} read",
        report.documents,
        report.passages,
        report.elapsed_ms as f64 / 1000.0,
        report.added,
        report.updated,
        report.removed,
        report.unchanged,
        report.skipped.len(),
        human_bytes(report.bytes_read),
    )
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
