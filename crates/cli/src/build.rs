//! Running an indexing pass for a command: its options from the
//! arguments, the progress bar, and the one-line summary. `sagasu index`,
//! `--watch` and every command that builds a missing index use it.

use anyhow::Result;
use sagasu_indexer::walk::WalkOptions;
use sagasu_indexer::{ExtractOptions, IndexOptions, IndexReport, OcrOptions};

use crate::args::{Global, IndexArgs};
use crate::progress::Bar;

/// The options of a pass on `--corpus` into `--index`; `args` are those
/// of `sagasu index` (other commands build with the defaults).
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
        ocr: OcrOptions {
            enabled: !global.no_ocr,
            tesseract: global.tesseract.clone(),
            pdftoppm: global.pdftoppm.clone(),
            languages: global.ocr_lang.clone(),
        },
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
