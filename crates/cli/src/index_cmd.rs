//! `sagasu index`: build or update the index, once or on every change.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

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
    print_report(&report, args);
    if let Some(w) = watching {
        opts.rebuild = false;
        w.run(&opts, args)?;
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
    // Files left out on purpose (hidden, ignored, empty) are listed only
    // with --verbose; the summary line counts them.
    for s in &report.skipped {
        if args.verbose || !s.reason.is_deliberate() {
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
    println!("{}", summary(report));
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

/// A file watcher on the corpus, feeding a channel of events.
struct Watching {
    rx: mpsc::Receiver<notify::Event>,
    /// Kept alive: dropping it stops the events.
    _watcher: notify::RecommendedWatcher,
    /// The index folder, canonical, whose own writes are ignored.
    index_dir: PathBuf,
}

/// How long the corpus must be quiet before a batch is indexed.
const QUIET: Duration = Duration::from_millis(300);
/// A batch is indexed at the latest this long after its first event, even
/// if changes keep coming.
const MAX_DELAY: Duration = Duration::from_secs(3);

impl Watching {
    fn start(opts: &IndexOptions) -> Result<Watching> {
        use notify::{RecursiveMode, Watcher};
        // Events carry paths below the watched path as given: watch the
        // canonical path so that they compare with the canonical index path.
        let corpus = opts
            .corpus
            .canonicalize()
            .with_context(|| format!("cannot watch {}", opts.corpus.display()))?;
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
            if let Ok(ev) = ev {
                let _ = tx.send(ev);
            }
        })
        .context("cannot watch the corpus")?;
        watcher
            .watch(&corpus, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", opts.corpus.display()))?;
        // The index folder may not exist yet: create it to know its
        // canonical path (the first run would create it anyway).
        let _ = std::fs::create_dir_all(&opts.index);
        let index_dir = opts.index.canonicalize().unwrap_or_else(|_| opts.index.clone());
        Ok(Watching {
            rx,
            _watcher: watcher,
            index_dir,
        })
    }

    /// Re-indexes on every change below the corpus, debounced, until killed.
    /// Prints a summary for every batch that changed the index.
    fn run(self, opts: &IndexOptions, args: &IndexArgs) -> Result<()> {
        eprintln!("sagasu: watching {} (Ctrl-C to stop)", opts.corpus.display());
        loop {
            let ev = self.rx.recv().context("the file watcher stopped")?;
            if !relevant(&ev, &self.index_dir) {
                continue;
            }
            let first = Instant::now();
            while first.elapsed() < MAX_DELAY && self.rx.recv_timeout(QUIET).is_ok() {}
            match index_once(opts) {
                Ok(report) if report.changed() > 0 || report.rebuilt.is_some() => print_report(&report, args),
                Ok(_) => {}
                Err(e) => eprintln!("sagasu: error: {e:#}"),
            }
        }
    }
}

fn relevant(ev: &notify::Event, index_dir: &Path) -> bool {
    !ev.kind.is_access() && ev.paths.iter().any(|p| !p.starts_with(index_dir))
}
