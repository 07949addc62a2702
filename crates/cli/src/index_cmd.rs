//! `sagasu index`: build or update the index, once or on every change.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result};
use sagasu_indexer::walk::WalkOptions;
use sagasu_indexer::{IndexOptions, IndexReport};

use crate::args::{Global, IndexArgs};
use crate::output::escape_path;
use crate::progress::Bar;

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
    let report = index_once(&opts)?;
    print_report(&report, args);
    if args.watch {
        opts.rebuild = false;
        watch(&opts, args)?;
    }
    Ok(true)
}

fn print_report(report: &IndexReport, args: &IndexArgs) {
    if args.json {
        println!("{}", serde_json::to_string(report).unwrap_or_default());
        return;
    }
    if let Some(why) = &report.rebuilt {
        eprintln!("sagasu: {why}");
    }
    for s in &report.skipped {
        if args.verbose || !matches!(s.reason.as_str(), "empty") {
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
    println!("{}", report.summary());
}

/// Re-indexes on every change below the corpus, debounced, until killed.
fn watch(opts: &IndexOptions, args: &IndexArgs) -> Result<()> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev {
            let _ = tx.send(ev);
        }
    })
    .context("cannot watch the corpus")?;
    watcher
        .watch(&opts.corpus, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", opts.corpus.display()))?;
    let index_dir = opts.index.canonicalize().unwrap_or_else(|_| opts.index.clone());
    eprintln!("sagasu: watching {} (Ctrl-C to stop)", opts.corpus.display());
    loop {
        let ev = rx.recv().context("the file watcher stopped")?;
        if !relevant(&ev, &index_dir) {
            continue;
        }
        // Debounce: wait until the corpus has been quiet for 300 ms.
        while rx.recv_timeout(Duration::from_millis(300)).is_ok() {}
        match index_once(opts) {
            Ok(report) => print_report(&report, args),
            Err(e) => eprintln!("sagasu: error: {e:#}"),
        }
    }
}

fn relevant(ev: &notify::Event, index_dir: &Path) -> bool {
    !ev.kind.is_access() && ev.paths.iter().any(|p| !p.starts_with(index_dir))
}
