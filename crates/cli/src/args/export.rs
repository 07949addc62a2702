//! `sagasu export`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use sagasu_quickwit::export::DEFAULT_MAX_FILE_BYTES;

pub const EXPORT_HELP: &str = "\
Writes into DIR (new or empty): index-config.yaml (the Quickwit index),
passages-NNNNN.ndjson (one document per passage, each file at most
--max-file-size bytes: one ingest request each) and export-state.json.
With --since PREV (an earlier export folder): only the files new or changed
since, and deletes.ndjson, one body for Quickwit's delete API per file changed
or removed; post them before ingesting (deletes are expensive in Quickwit:
each one rewrites the splits that hold matches).

Then, with Quickwit's CLI (or its REST API):
  quickwit index create --index-config DIR/index-config.yaml
  quickwit index ingest --index ID --input-path DIR/passages-00001.ndjson --wait   (each file)
and search it: sagasu search --quickwit http://HOST:7280/ID QUERY";

/// Engines an index can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    /// Quickwit (distributed search on tantivy).
    Quickwit,
}

#[derive(Debug, Args)]
#[command(after_help = EXPORT_HELP)]
pub struct ExportArgs {
    /// The engine to export to.
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub to: Engine,
    /// The export folder (created; must be empty).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The Quickwit index id.
    #[arg(long, default_value = "sagasu", value_name = "ID")]
    pub index_id: String,
    /// An earlier export folder: export only what changed since.
    #[arg(long, value_name = "PREV")]
    pub since: Option<PathBuf>,
    /// Largest NDJSON file, in bytes (Quickwit takes 10 MiB per request).
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_BYTES, value_name = "BYTES")]
    pub max_file_size: u64,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}
