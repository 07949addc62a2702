//! `sagasu index`: build or update the index, once or on every change.

use std::io::Write;

use anyhow::Result;
use sagasu_indexer::{IndexReport, SkipReason};

use crate::args::{Global, IndexArgs};
use crate::build::{index_once, options, summary};
use crate::output::{escape_path, to_stdout};
use crate::watch::Watching;

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
        w.run(&opts, false, |report| to_stdout(|out| print_report(report, args, out)))?;
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
    print_ocr(report, args.verbose);
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

/// What OCR did, on stderr: the pages read and the time, the pages left
/// out and why (pages without text only with --verbose: a blank page is
/// no trouble).
fn print_ocr(report: &IndexReport, verbose: bool) {
    let ocr = &report.ocr;
    let mut blank = 0;
    for p in &ocr.pages_left_out {
        if matches!(p.reason, SkipReason::OcrNoText { .. }) && !verbose {
            blank += 1;
            continue;
        }
        eprintln!(
            "sagasu: left out {}#page={}: {}",
            escape_path(&p.path),
            p.page,
            escape_path(&p.reason.to_string())
        );
    }
    if blank > 0 {
        eprintln!("sagasu: OCR found no text on {blank} page(s) (--verbose lists them)");
    }
    if ocr.vertical_unread > 0 {
        eprintln!(
            "sagasu: OCR found next to nothing on {} page(s), or single characters: if they are vertical Japanese, \
             apt-get install {} reads them (then sagasu index --rebuild)",
            ocr.vertical_unread,
            sagasu_indexer::ocr_package_of(sagasu_indexer::OCR_VERTICAL)
        );
    }
    if ocr.pages > 0 || ocr.cached > 0 {
        let cached = match ocr.cached {
            0 => String::new(),
            n => format!(" ({n} more from its cache)"),
        };
        eprintln!(
            "sagasu: OCR read {} page(s) in {:.1}s{cached}",
            ocr.pages,
            ocr.ms as f64 / 1000.0
        );
    }
}
