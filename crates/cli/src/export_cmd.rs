//! `sagasu export --to quickwit DIR`: hand the index over to Quickwit
//! (`sagasu_quickwit::export`), then say how to create and fill the
//! Quickwit index.

use anyhow::{Context, Result};
use sagasu_quickwit::export::{ExportState, Previous, CONFIG_FILE, DELETES_FILE};
use sagasu_quickwit::{export, ExportOptions};

use crate::args::{Engine, ExportArgs, Global};
use crate::input::{self, Input};
use crate::output::{escape_path, to_stdout};
use crate::source::open_or_build;

pub fn run(global: &Global, args: &ExportArgs) -> Result<bool> {
    let Engine::Quickwit = args.to;
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
