//! `sagasu export --to quickwit DIR`: hand the index over to Quickwit
//! (`sagasu_quickwit::export`), then say how to create and fill the
//! Quickwit index.
//!
//! The export folder may not lie inside the corpus: the next pass would
//! index the export (issue 24, item 14: 316 documents became 319, and an
//! NDJSON file was the top hit for "license").

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use sagasu_quickwit::export::{ExportState, Previous, CONFIG_FILE, DELETES_FILE};
use sagasu_quickwit::{export, ExportOptions};

use crate::args::{Engine, ExportArgs, Global};
use crate::input::{self, Input};
use crate::output::{escape_path, to_stdout};
use crate::source::open_or_build;

pub fn run(global: &Global, args: &ExportArgs) -> Result<bool> {
    let Engine::Quickwit = args.to;
    refuse_inside_corpus(&args.dir, &global.corpus)?;
    if let Some(recorded) = sagasu_store::built_from(&global.index) {
        refuse_inside_corpus(&args.dir, &recorded)?;
    }
    // Inputs are read before an index is built.
    let since = match &args.since {
        Some(path) => {
            let file = ExportState::file(path);
            let text = input::read(&file, Input::ExportState)?;
            Some(Previous {
                state: ExportState::parse(&text, &file)?,
                file,
            })
        }
        None => None,
    };
    let opened = open_or_build(global)?;
    let opts = ExportOptions {
        dir: args.dir.clone(),
        index_id: args.index_id.clone(),
        since,
        max_file_bytes: args.max_file_size,
    };
    let report = export(&opened.reader.searcher(), &opened.fields, &opts)?;
    if args.json {
        let json = serde_json::to_string(&report).context("cannot write JSON")?;
        to_stdout(|out| writeln!(out, "{json}"))?;
        return Ok(true);
    }
    let dir = escape_path(&args.dir.to_string_lossy()).into_owned();
    eprintln!(
        "sagasu: exported {} passages of {} documents to {dir} ({} file(s), {:.1} MB){}",
        report.passages,
        report.documents,
        report.files.len(),
        report.bytes as f64 / 1e6,
        if args.since.is_some() {
            format!(
                "; {} unchanged, {} to delete first ({dir}/{DELETES_FILE})",
                report.unchanged,
                report.deletes.len()
            )
        } else {
            String::new()
        }
    );
    eprintln!(
        "sagasu: next: quickwit index create --index-config {dir}/{CONFIG_FILE}, then ingest each {dir}/passages-*.ndjson \
         (see sagasu export --help)"
    );
    Ok(true)
}

/// Refuses an export folder `dir` inside `corpus` (compared as real paths:
/// `dir` need not exist yet, the nearest folder above it that does decides).
fn refuse_inside_corpus(dir: &Path, corpus: &Path) -> Result<()> {
    let Ok(corpus) = corpus.canonicalize() else {
        return Ok(());
    };
    if real_path(dir).starts_with(&corpus) {
        bail!(
            "the export folder {} is inside the corpus {}: the next index pass would index the export; \
             choose a folder outside it",
            escape_path(&dir.to_string_lossy()),
            escape_path(&corpus.to_string_lossy())
        );
    }
    Ok(())
}

/// The real path of `path`, which may not exist yet: the real path of the
/// nearest folder above it that exists, and the rest of it as written.
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |mut p: PathBuf, part| {
                if part == ".." {
                    p.pop();
                } else if part != "." {
                    p.push(part);
                }
                p
            });
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}
