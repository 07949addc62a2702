//! `sagasu export --to quickwit`: a sagasu index's passages as Quickwit
//! documents.
//!
//! An export folder holds:
//!
//! - `index-config.yaml`: the Quickwit index ([`crate::mapping`]);
//! - `passages-00001.ndjson`, …: one JSON document per line and passage
//!   ([`Record`]), each file at most [`ExportOptions::max_file_bytes`]
//!   (Quickwit's REST ingest takes at most 10 MiB per request);
//! - `export-state.json`: the fingerprint (content hash) of every exported
//!   file, so that a later export `--since` this folder sends only what
//!   changed;
//! - `deletes.ndjson` (with `--since`): one body for Quickwit's delete API
//!   (`POST /api/v1/<index>/delete-tasks`) per file removed or changed
//!   since, to run *before* ingesting the new passages (a delete task only
//!   deletes documents published before it).
//!
//! The passages are read from the index (stored text and title, the
//! passage's place), in segment and document order; a file's passages
//! are contiguous. The folder must be new or empty: nothing is ever
//! overwritten or deleted.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sagasu_analysis::schema::Fields;
use sagasu_analysis::ANALYZER_VERSION;
use serde::{Deserialize, Serialize};
use tantivy::schema::Value;
use tantivy::{DocId, SegmentReader, TantivyDocument};

use crate::error::ExportError;
use crate::mapping::{index_config, valid_index_id};
use crate::tokens::{title_tokens, token_fields, TokenFields};

/// Name of the state file in an export folder.
pub const STATE_FILE: &str = "export-state.json";
/// Name of the delete-task bodies in an export folder made `--since`.
pub const DELETES_FILE: &str = "deletes.ndjson";
/// Name of the index configuration in an export folder.
pub const CONFIG_FILE: &str = "index-config.yaml";
/// Default bound of one NDJSON file: under Quickwit's 10 MiB per request.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// What to export, and where.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The export folder (created; must be empty if it exists).
    pub dir: PathBuf,
    /// The Quickwit index id (see [`valid_index_id`]).
    pub index_id: String,
    /// A previous export (`--since`): export only the files new or
    /// changed since, and list the ones to delete.
    pub since: Option<Previous>,
    /// Bound of one NDJSON file, in bytes.
    pub max_file_bytes: u64,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportReport {
    /// Files whose passages were exported.
    pub documents: usize,
    /// Passages exported.
    pub passages: usize,
    /// Files left out because they did not change since `--since`.
    pub unchanged: usize,
    /// Paths whose passages Quickwit must delete first (changed or
    /// removed since `--since`), as in `deletes.ndjson`.
    pub deletes: Vec<String>,
    /// The NDJSON files written, in order.
    pub files: Vec<PathBuf>,
    /// Bytes of NDJSON written.
    pub bytes: u64,
}

/// One Quickwit document: a passage, its place and its token fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `path#passage`.
    pub id: String,
    /// Path relative to the corpus.
    pub path: String,
    /// Index of the passage within its document.
    pub passage: u64,
    /// The document's title as written.
    pub title: String,
    /// First line of the passage.
    pub line_start: u64,
    /// Last line of the passage.
    pub line_end: u64,
    /// Byte offset of the passage in its decoded document.
    pub byte_start: u64,
    /// Page of the passage's first byte, for paged documents (PDF); absent
    /// otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// The passage text as written.
    pub text: String,
    /// Exact forms ([`crate::tokens`]).
    pub body: String,
    /// Stems.
    pub body_stem: String,
    /// Romanization keys.
    pub body_key: String,
    /// Exact forms of the title.
    pub title_tokens: String,
}

impl Record {
    /// The record of a passage: its token fields analyzed from `text` and
    /// `title`.
    pub fn new(place: Place, title: String, text: String) -> Record {
        let TokenFields {
            body,
            body_stem,
            body_key,
        } = token_fields(&text);
        Record {
            id: format!("{}#{}", place.path, place.passage),
            title_tokens: title_tokens(&title),
            path: place.path,
            passage: place.passage,
            title,
            line_start: place.line_start,
            line_end: place.line_end,
            byte_start: place.byte_start,
            page: place.page,
            text,
            body,
            body_stem,
            body_key,
        }
    }

    /// The record with `lead` (the first line of a document without a
    /// title, which the local index scores as its title) in its title
    /// tokens, so that the cluster scores titles as the local index does.
    pub fn with_lead(mut self, lead: Option<&str>) -> Record {
        if let Some(lead) = lead {
            self.title_tokens = title_tokens(&format!("{}\n{lead}", self.title));
        }
        self
    }
}

/// Where a passage is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Path relative to the corpus.
    pub path: String,
    /// Index of the passage within its document.
    pub passage: u64,
    /// First line.
    pub line_start: u64,
    /// Last line.
    pub line_end: u64,
    /// Byte offset in the decoded document.
    pub byte_start: u64,
    /// Page of the first byte, for paged documents.
    pub page: Option<u64>,
}

/// The state file: what an export held.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportState {
    /// Always `"sagasu-quickwit-export"`.
    pub format: String,
    /// The analyzer version of the exported tokens: an export since one of
    /// another version would mix tokens of two analyzers.
    pub analyzer_version: u32,
    /// The Quickwit index id.
    pub index_id: String,
    /// Content hash of every file of the index at export time, by path.
    pub files: BTreeMap<String, String>,
}

const FORMAT: &str = "sagasu-quickwit-export";

/// A previous export: its state file's path (for messages) and what it
/// held. The caller reads the file (a user's input: regular, bounded);
/// this crate only parses its text.
#[derive(Debug, Clone)]
pub struct Previous {
    /// The state file.
    pub file: PathBuf,
    /// Its content.
    pub state: ExportState,
}

impl ExportState {
    /// The state file `--since PATH` names: `PATH/export-state.json` for
    /// an export folder, else `PATH` itself.
    pub fn file(path: &Path) -> PathBuf {
        if path.is_dir() {
            path.join(STATE_FILE)
        } else {
            path.to_path_buf()
        }
    }

    /// Parses the text of the state file `file` (named in errors).
    pub fn parse(text: &str, file: &Path) -> Result<ExportState, ExportError> {
        let file = file.to_path_buf();
        let state: ExportState = serde_json::from_str(text).map_err(|e| ExportError::Since {
            path: file.clone(),
            message: format!("not a sagasu export state: {e}"),
        })?;
        if state.format != FORMAT {
            return Err(ExportError::Since {
                path: file,
                message: format!("not a sagasu export state (format {:?})", state.format),
            });
        }
        if state.analyzer_version != ANALYZER_VERSION {
            return Err(ExportError::Since {
                path: file,
                message: format!(
                    "exported with analyzer version {}, this sagasu has {ANALYZER_VERSION}: \
                     export everything into a new Quickwit index instead",
                    state.analyzer_version
                ),
            });
        }
        Ok(state)
    }
}

/// Exports the passages of the index `searcher` reads (a snapshot of one
/// commit) as `opts` says.
pub fn export(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    opts: &ExportOptions,
) -> Result<ExportReport, ExportError> {
    if !valid_index_id(&opts.index_id) {
        return Err(ExportError::IndexId(opts.index_id.clone()));
    }
    let previous = opts.since.as_ref().map(|p| &p.state);
    if let Some(Previous { file, state: p }) = &opts.since {
        if p.index_id != opts.index_id {
            return Err(ExportError::Since {
                path: file.clone(),
                message: format!(
                    "it exported the Quickwit index {:?}, not {:?} (--index-id)",
                    p.index_id, opts.index_id
                ),
            });
        }
    }
    prepare_dir(&opts.dir)?;
    let fingerprints = sagasu_store::read_fingerprints(searcher)?;
    let current: BTreeMap<String, String> = fingerprints.into_iter().map(|(k, f)| (k, f.hash)).collect();
    let changed = |path: &str| previous.is_none_or(|p| p.files.get(path) != current.get(path));

    let mut report = ExportReport::default();
    let mut out = Parts::new(&opts.dir, opts.max_file_bytes);
    for segment in searcher.segment_readers() {
        let rows = segment_rows(segment, fields, &changed)?;
        // Analysis is the slow step: in parallel, written in order.
        for chunk in rows.chunks(1024) {
            let lines: Vec<String> = chunk
                .par_iter()
                .map(|(place, title, lead, text)| {
                    let record = Record::new(place.clone(), title.clone(), text.clone()).with_lead(lead.as_deref());
                    serde_json::to_string(&record).expect("a record serializes")
                })
                .collect();
            for line in lines {
                out.write(&line)?;
            }
            report.passages += chunk.len();
            report.documents += chunk.iter().filter(|r| r.0.passage == 0).count();
        }
    }
    let (files, bytes) = out.finish()?;
    report.files = files;
    report.bytes = bytes;
    if let Some(p) = previous {
        report.unchanged = current.keys().filter(|k| !changed(k)).count();
        report.deletes = p
            .files
            .keys()
            .filter(|k| current.get(*k) != p.files.get(*k))
            .cloned()
            .collect();
        let lines: String = report.deletes.iter().map(|p| delete_task(p) + "\n").collect();
        write_file(&opts.dir.join(DELETES_FILE), lines.as_bytes())?;
    }
    write_file(&opts.dir.join(CONFIG_FILE), index_config(&opts.index_id).as_bytes())?;
    let state = ExportState {
        format: FORMAT.to_string(),
        analyzer_version: ANALYZER_VERSION,
        index_id: opts.index_id.clone(),
        files: current,
    };
    let state = serde_json::to_string_pretty(&state).expect("the state serializes") + "\n";
    write_file(&opts.dir.join(STATE_FILE), state.as_bytes())?;
    Ok(report)
}

/// The body of a Quickwit delete task removing every passage of `path`.
pub fn delete_task(path: &str) -> String {
    serde_json::json!({ "query": format!("path:{}", quote(path)) }).to_string()
}

/// `text` as a double-quoted term of Quickwit's query language.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A passage to export: where, its title, the lead scored with it, its
/// text.
type Row = (Place, String, Option<String>, String);

/// The alive passages of one segment whose file `wanted` says to export,
/// in document order.
fn segment_rows(
    segment: &SegmentReader,
    fields: &Fields,
    wanted: &impl Fn(&str) -> bool,
) -> Result<Vec<Row>, ExportError> {
    let ff = segment.fast_fields();
    let Some(paths) = ff.str(sagasu_analysis::schema::PATH)? else {
        return Ok(Vec::new());
    };
    let passages = ff.u64(sagasu_analysis::schema::PASSAGE)?;
    let store = segment.get_store_reader(64)?;
    let mut rows = Vec::new();
    let mut path = String::new();
    let mut last_ord = None;
    let mut keep = false;
    for doc in segment.doc_ids_alive() {
        let Some(ord) = paths.term_ords(doc).next() else {
            continue;
        };
        if last_ord != Some(ord) {
            path.clear();
            paths.ord_to_str(ord, &mut path)?;
            keep = wanted(&path);
            last_ord = Some(ord);
        }
        if !keep {
            continue;
        }
        let stored: TantivyDocument = store.get(doc as DocId)?;
        let text = |f| stored.get_first(f).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let num = |f| stored.get_first(f).and_then(|v| v.as_u64()).unwrap_or(0);
        let place = Place {
            path: path.clone(),
            passage: passages.first(doc).unwrap_or(0),
            line_start: num(fields.line_start),
            line_end: num(fields.line_end),
            byte_start: num(fields.byte_start),
            page: stored.get_first(fields.page).and_then(|v| v.as_u64()),
        };
        // The shown title, then what is scored with it (the lead of a
        // document without a title: `sagasu_indexer`'s title picker).
        let mut titles = stored.get_all(fields.title).filter_map(|v| v.as_str());
        let title = titles.next().unwrap_or("").to_string();
        let lead = titles.next().map(str::to_string);
        rows.push((place, title, lead, text(fields.body)));
    }
    Ok(rows)
}

/// Creates `dir`, or checks that it is empty.
fn prepare_dir(dir: &Path) -> Result<(), ExportError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(ExportError::NotEmpty(dir.to_path_buf()));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| ExportError::io(dir, e))
        }
        Err(e) => Err(ExportError::io(dir, e)),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    std::fs::write(path, bytes).map_err(|e| ExportError::io(path, e))
}

/// NDJSON files of bounded size: `passages-00001.ndjson`, …
struct Parts<'a> {
    dir: &'a Path,
    max: u64,
    current: Option<(PathBuf, BufWriter<File>, u64)>,
    done: Vec<PathBuf>,
    bytes: u64,
}

impl<'a> Parts<'a> {
    fn new(dir: &'a Path, max: u64) -> Parts<'a> {
        Parts {
            dir,
            max: max.max(1),
            current: None,
            done: Vec::new(),
            bytes: 0,
        }
    }

    /// Appends one line, starting a new file when it would pass the bound
    /// (a line longer than the bound gets a file of its own).
    fn write(&mut self, line: &str) -> Result<(), ExportError> {
        let len = line.len() as u64 + 1;
        if self.current.as_ref().is_some_and(|c| c.2 > 0 && c.2 + len > self.max) {
            self.close()?;
        }
        if self.current.is_none() {
            let path = self.dir.join(format!("passages-{:05}.ndjson", self.done.len() + 1));
            let file = File::create(&path).map_err(|e| ExportError::io(&path, e))?;
            self.current = Some((path, BufWriter::new(file), 0));
        }
        let (path, w, written) = self.current.as_mut().expect("a file is open");
        w.write_all(line.as_bytes())
            .and_then(|()| w.write_all(b"\n"))
            .map_err(|e| ExportError::io(path, e))?;
        *written += len;
        self.bytes += len;
        Ok(())
    }

    fn close(&mut self) -> Result<(), ExportError> {
        if let Some((path, mut w, _)) = self.current.take() {
            w.flush().map_err(|e| ExportError::io(&path, e))?;
            self.done.push(path);
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(Vec<PathBuf>, u64), ExportError> {
        self.close()?;
        Ok((self.done, self.bytes))
    }
}
