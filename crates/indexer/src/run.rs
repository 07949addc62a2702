//! One indexing pass: compare the corpus with the index, upsert what
//! changed, delete what is gone, commit once.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sagasu_analysis::register_tokenizers;
use sagasu_analysis::schema::Fields;
use tantivy::directory::error::LockError;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{doc, Index, IndexWriter, TantivyError, Term};

use crate::decode::{decode_file, Decoded};
use crate::error::IndexError;
use crate::manifest::{self, Fingerprint};
use crate::open::{is_current, is_empty_dir, open_checked, payload};
use crate::passage::{self, PassageConfig};
use crate::progress::Progress;
use crate::report::{IndexReport, Skipped};
use crate::walk::{self, mtime_nanos, Entry, WalkOptions};

/// Everything that shapes an indexing run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// The folder of documents.
    pub corpus: PathBuf,
    /// The index folder (created if missing).
    pub index: PathBuf,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Which files the walk yields.
    pub walk: WalkOptions,
    /// Files larger than this are skipped.
    pub max_file_size: u64,
    /// Indexing threads (0: one per core, at most 4).
    pub threads: usize,
    /// Total memory budget of tantivy's writer, in bytes.
    pub memory_budget: usize,
    /// Passage sizes.
    pub passages: PassageConfig,
}

impl IndexOptions {
    /// Default options for `corpus` and `index`.
    pub fn new(corpus: impl Into<PathBuf>, index: impl Into<PathBuf>) -> Self {
        IndexOptions {
            corpus: corpus.into(),
            index: index.into(),
            rebuild: false,
            walk: WalkOptions::default(),
            max_file_size: 64 * 1024 * 1024,
            threads: 0,
            memory_budget: 256 * 1024 * 1024,
            passages: PassageConfig::default(),
        }
    }
}

/// Runs one indexing pass of `opts.corpus` into `opts.index`.
///
/// Unchanged files (same size and mtime) are not opened; touched files with
/// the same content hash are read but not re-indexed. Changes become visible
/// in one atomic commit: a crash at any point leaves the last commit intact.
pub fn run(opts: &IndexOptions, progress: &dyn Progress) -> Result<IndexReport, IndexError> {
    let started = Instant::now();
    let mut report = IndexReport::default();
    check_corpus(&opts.corpus)?;
    let ipath = opts.index.clone();
    let tantivy_err = |source: TantivyError| IndexError::Tantivy {
        path: ipath.clone(),
        source,
    };

    let (index, rebuilt) = open_or_create(&opts.index, opts.rebuild)?;
    report.rebuilt = rebuilt;
    let fields = Fields::from_schema(&index.schema()).map_err(|missing| IndexError::NotAnIndex {
        path: opts.index.clone(),
        reason: format!("its schema has no `{missing}` field"),
    })?;
    let mut writer = writer(&index, opts)?;

    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: TantivyError| IndexError::Damaged {
            path: opts.index.clone(),
            reason: e.to_string(),
        })?;
    let mut known: HashMap<String, Fingerprint> = if report.rebuilt.is_some() {
        HashMap::new()
    } else {
        manifest::read(&reader.searcher(), &fields).map_err(|e| IndexError::Damaged {
            path: opts.index.clone(),
            reason: e.to_string(),
        })?
    };

    let mut walk_opts = opts.walk.clone();
    walk_opts.exclude = Some(opts.index.clone());
    let (files, walk_skipped) = walk::walk(&opts.corpus, &walk_opts);
    report.skipped.extend(walk_skipped);
    progress.start(files.len() as u64, files.iter().map(|f| f.size).sum());

    let mut seen: HashSet<String> = HashSet::with_capacity(files.len());
    let mut changed = report.rebuilt.is_some();
    for entry in &files {
        seen.insert(entry.key.clone());
        let old = known.remove(&entry.key);
        let outcome = index_file(entry, old.as_ref(), opts, &fields, &writer, &mut report);
        progress.advance(entry.size);
        match outcome {
            Outcome::Unchanged => report.unchanged += 1,
            Outcome::Written => {
                changed = true;
                if old.is_some() {
                    report.updated += 1;
                } else {
                    report.added += 1;
                }
            }
            Outcome::Skipped { reason, drop_old } => {
                if drop_old && old.is_some() {
                    writer.delete_term(Term::from_field_text(fields.path, &entry.key));
                    report.removed += 1;
                    changed = true;
                }
                report.skipped.push(Skipped {
                    path: entry.key.clone(),
                    reason,
                });
            }
        }
    }
    // What is left in `known` was indexed but is gone from the corpus, unless
    // the walk could not look at it (then keep it: nothing is lost).
    let unreadable: HashSet<&str> = report.skipped.iter().map(|s| s.path.as_str()).collect();
    for key in known.keys() {
        if !seen.contains(key) && !unreadable.contains(key.as_str()) {
            writer.delete_term(Term::from_field_text(fields.path, key));
            report.removed += 1;
            changed = true;
        }
    }

    if changed || index.load_metas().map(|m| m.payload.is_none()).unwrap_or(true) {
        progress.committing();
        let mut prepared = writer.prepare_commit().map_err(tantivy_err)?;
        prepared.set_payload(&payload());
        prepared.commit().map_err(tantivy_err)?;
        writer.wait_merging_threads().map_err(tantivy_err)?;
    } else {
        drop(writer);
    }
    reader.reload().map_err(tantivy_err)?;
    let searcher = reader.searcher();
    report.passages = searcher.num_docs();
    let first = TermQuery::new(Term::from_field_u64(fields.passage, 0), IndexRecordOption::Basic);
    report.documents = searcher
        .search(&first, &tantivy::collector::Count)
        .map_err(tantivy_err)? as u64;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

enum Outcome {
    Unchanged,
    Written,
    Skipped { reason: String, drop_old: bool },
}

fn index_file(
    entry: &Entry,
    old: Option<&Fingerprint>,
    opts: &IndexOptions,
    fields: &Fields,
    writer: &IndexWriter,
    report: &mut IndexReport,
) -> Outcome {
    if let Some(old) = old {
        if old.size == entry.size && old.mtime == entry.mtime {
            return Outcome::Unchanged;
        }
    }
    if entry.size > opts.max_file_size {
        return Outcome::Skipped {
            reason: format!(
                "larger than --max-file-size ({} bytes > {} bytes)",
                entry.size, opts.max_file_size
            ),
            drop_old: true,
        };
    }
    let bytes = match read_stable(&entry.path, opts.max_file_size) {
        Ok(b) => b,
        Err(reason) => {
            return Outcome::Skipped {
                reason,
                drop_old: false,
            }
        }
    };
    report.bytes_read += bytes.len() as u64;
    // Metadata after the read: a file that changed while we read it is skipped.
    match std::fs::metadata(&entry.path) {
        Ok(md) if md.len() == bytes.len() as u64 && mtime_nanos(&md) == entry.mtime => {}
        Ok(_) => {
            return Outcome::Skipped {
                reason: "changed while being read; run `sagasu index` again".into(),
                drop_old: false,
            }
        }
        Err(e) => {
            return Outcome::Skipped {
                reason: format!("vanished while being read: {e}"),
                drop_old: false,
            }
        }
    }
    let hash = blake3::hash(&bytes).to_hex().to_string();
    if old.is_some_and(|o| o.hash == hash) {
        return Outcome::Unchanged;
    }
    let (text, encoding, declared_title) = match decode_file(&entry.path, &bytes) {
        Decoded::Text { text, encoding, title } => (text, encoding, title),
        Decoded::Binary(kind) => {
            return Outcome::Skipped {
                reason: format!("binary ({kind})"),
                drop_old: true,
            }
        }
        Decoded::Empty => {
            return Outcome::Skipped {
                reason: "empty".into(),
                drop_old: true,
            }
        }
    };
    drop(bytes);
    let passages = passage::split(&text, &opts.passages);
    if passages.is_empty() {
        return Outcome::Skipped {
            reason: "empty".into(),
            drop_old: true,
        };
    }
    if encoding != "UTF-8" {
        report.encodings.push(format!("{}: {encoding}", entry.key));
    }
    if old.is_some() {
        writer.delete_term(Term::from_field_text(fields.path, &entry.key));
    }
    let title = declared_title.as_deref().unwrap_or_else(|| title_of(&text));
    for (i, p) in passages.iter().enumerate() {
        let doc = doc!(
            fields.path => entry.key.as_str(),
            fields.title => title,
            fields.body => &text[p.byte_start..p.byte_end],
            fields.body_stem => &text[p.byte_start..p.byte_end],
            fields.line_start => p.line_start,
            fields.line_end => p.line_end,
            fields.byte_start => p.byte_start as u64,
            fields.passage => i as u64,
            fields.size => entry.size,
            fields.mtime => entry.mtime,
            fields.hash => hash.as_str(),
            fields.encoding => encoding,
        );
        if let Err(e) = writer.add_document(doc) {
            return Outcome::Skipped {
                reason: format!("index writer failed: {e}"),
                drop_old: false,
            };
        }
    }
    Outcome::Written
}

/// The title of a document: its first non-empty line, trimmed and bounded.
pub(crate) fn title_of(text: &str) -> &str {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    match line.char_indices().nth(200) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}

/// Reads a whole file, refusing to read past `limit` bytes (the file may have
/// grown since the walk).
fn read_stable(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!("vanished before it could be read: {e}")
        } else {
            e.to_string()
        }
    })?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("grew past --max-file-size ({limit} bytes) while being read"));
    }
    Ok(bytes)
}

fn check_corpus(corpus: &Path) -> Result<(), IndexError> {
    match std::fs::metadata(corpus) {
        Ok(md) if md.is_dir() => Ok(()),
        Ok(_) => Err(IndexError::Corpus {
            path: corpus.into(),
            reason: "not a folder".into(),
        }),
        Err(e) => Err(IndexError::Corpus {
            path: corpus.into(),
            reason: e.to_string(),
        }),
    }
}

/// Opens the index in `dir`, creating it when missing; rebuilds it when asked
/// or when another analyzer version built it. Returns why it was rebuilt.
fn open_or_create(dir: &Path, rebuild: bool) -> Result<(Index, Option<String>), IndexError> {
    let io = |source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    if is_empty_dir(dir).map_err(io)? {
        return Ok((create(dir)?, None));
    }
    let reason = if rebuild {
        Some("--rebuild was given".to_string())
    } else {
        match open_checked(dir) {
            Ok(index) => match is_current(&index) {
                Ok(()) => return Ok((index, None)),
                Err(why) => Some(format!("rebuilt from scratch because {why}")),
            },
            Err(e @ IndexError::NotAnIndex { .. }) | Err(e @ IndexError::Damaged { .. }) => return Err(e),
            Err(e) => return Err(e),
        }
    };
    if !dir.join("meta.json").is_file() {
        return Err(IndexError::NotAnIndex {
            path: dir.to_path_buf(),
            reason: "no meta.json; refusing to delete a folder that is not an index".into(),
        });
    }
    clear_index_dir(dir)?;
    Ok((create(dir)?, reason))
}

fn create(dir: &Path) -> Result<Index, IndexError> {
    let (schema, _) = Fields::build();
    let index = Index::create_in_dir(dir, schema).map_err(|source| IndexError::Tantivy {
        path: dir.to_path_buf(),
        source,
    })?;
    register_tokenizers(&index);
    Ok(index)
}

/// Deletes the files of the index in `dir` (keeps a `.gitignore`), taking the
/// writer lock first so that a concurrent run is not destroyed.
fn clear_index_dir(dir: &Path) -> Result<(), IndexError> {
    let lock = dir.join(".tantivy-writer.lock");
    if let Ok(file) = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock)
    {
        if file.try_lock().is_err() {
            return Err(IndexError::Locked {
                path: dir.to_path_buf(),
                lock: ".tantivy-writer.lock",
            });
        }
    }
    let io = |source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        if entry.file_name() == ".gitignore" {
            continue;
        }
        let p = entry.path();
        if p.is_dir() {
            std::fs::remove_dir_all(&p).map_err(io)?;
        } else {
            std::fs::remove_file(&p).map_err(io)?;
        }
    }
    Ok(())
}

fn writer(index: &Index, opts: &IndexOptions) -> Result<IndexWriter, IndexError> {
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(4)
    } else {
        opts.threads
    };
    let budget = opts.memory_budget.max(threads * 20_000_000);
    index.writer_with_num_threads(threads, budget).map_err(|e| match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked {
            path: opts.index.clone(),
            lock: ".tantivy-writer.lock",
        },
        source => IndexError::Tantivy {
            path: opts.index.clone(),
            source,
        },
    })
}
