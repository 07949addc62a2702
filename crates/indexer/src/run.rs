//! One indexing pass: compare the corpus with the index, upsert what
//! changed, delete what is gone, commit once.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use sagasu_analysis::register_tokenizers;
use sagasu_analysis::schema::Fields;
use tantivy::directory::error::LockError;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{IndexWriterOptions, UserOperation};
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::query::TermQuery;
use tantivy::schema::document::CompactDocValue;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{doc, Document, Index, IndexReader, IndexWriter, TantivyDocument, TantivyError, Term};

use crate::decode::{decode_file, Decoded};
use crate::error::IndexError;
use crate::manifest::{self, Fingerprint};
use crate::open::{damage, foreign_entry, is_current, is_empty_dir, never_committed, open_checked, Payload, SkipMemo};
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
    /// Total memory budget of tantivy's writer, in bytes (its indexing
    /// arenas). With the queue of passages and the merges bounded too, a
    /// full build peaks at 250 MB of RSS on 20,000 documents, 350 MB on
    /// 60,000 (bench/incremental.sh).
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
            memory_budget: 128 * 1024 * 1024,
            passages: PassageConfig::default(),
        }
    }
}

/// Runs one indexing pass of `opts.corpus` into `opts.index`.
///
/// Unchanged files (same size and mtime) are not opened; touched files with
/// the same content hash are read but not re-indexed (their new mtime goes
/// into the commit payload, so they are not read again). Changes become
/// visible in one atomic commit: a crash at any point leaves the last commit
/// intact, and searchers see the old state until then. A rebuild of an index
/// with the current schema is atomic too (all documents are deleted and
/// re-added in the same commit).
pub fn run(opts: &IndexOptions, progress: &dyn Progress) -> Result<IndexReport, IndexError> {
    let started = Instant::now();
    let mut report = IndexReport::default();
    check_corpus(&opts.corpus)?;
    let ipath = opts.index.clone();
    let tantivy_err = |source: TantivyError| IndexError::Tantivy {
        path: ipath.clone(),
        source,
    };

    let start = open_or_create(&opts.index, opts.rebuild)?;
    let index = start.index;
    report.rebuilt = start.rebuilt;
    let fields = Fields::from_schema(&index.schema()).map_err(|missing| IndexError::NotAnIndex {
        path: opts.index.clone(),
        reason: format!("its schema has no `{missing}` field"),
    })?;
    // Taking the writer takes tantivy's writer lock: a concurrent run fails
    // here, before anything is changed.
    let mut writer = writer(&index, opts)?;

    let mut from_scratch = start.fresh || report.rebuilt.is_some();
    let (mut known, old) = if from_scratch {
        (FxHashMap::default(), Payload::default())
    } else {
        let reader = reader(&index, &opts.index)?;
        let known = manifest::read(&reader.searcher(), &fields).map_err(|e| IndexError::Damaged {
            path: opts.index.clone(),
            reason: damage(&e),
        })?;
        (known, Payload::load(&index).unwrap_or_default())
    };
    if start.fresh {
        // Commit the empty index at once: a run killed before its commit
        // then leaves a valid empty index rather than an unmarked one.
        commit(&mut writer, Payload::current(BTreeMap::new(), BTreeMap::new())).map_err(tantivy_err)?;
        from_scratch = false;
    } else if report.rebuilt.is_some() {
        // Atomic rebuild: the old documents stay visible until the commit.
        writer.delete_all_documents().map_err(tantivy_err)?;
    }

    let mut walk_opts = opts.walk.clone();
    walk_opts.exclude = Some(opts.index.clone());
    let walked = walk::walk_detailed(&opts.corpus, &walk_opts);
    let files = walked.files;
    report.skipped.extend(walked.excluded);
    // What the walk could not look at is kept in the index as it is.
    let unreadable: Vec<String> = walked.unreadable.iter().map(|s| s.path.clone()).collect();
    report.skipped.extend(walked.unreadable);
    progress.start(files.len() as u64, files.iter().map(|f| f.size).sum());

    let in_flight = InFlight::new(IN_FLIGHT_LIMIT);
    let sink = Sink {
        opts,
        fields: &fields,
        writer: &writer,
        in_flight: &in_flight,
    };
    let mut seen: FxHashSet<String> = FxHashSet::with_capacity_and_hasher(files.len(), Default::default());
    let mut new = Payload::current(BTreeMap::new(), BTreeMap::new());
    let mut changed = from_scratch;
    for entry in &files {
        seen.insert(entry.key.clone());
        let indexed = known.remove(&entry.key);
        // What the index knows of the file: its stored fingerprint, with the
        // mtime of a later touch that left the content unchanged; or why it
        // was skipped for its content.
        let effective = indexed.as_ref().map(|fp| Fingerprint {
            mtime: old.mtimes.get(&entry.key).copied().unwrap_or(fp.mtime),
            ..fp.clone()
        });
        let memo = old.skipped.get(&entry.key);
        let outcome = index_file(&sink, entry, effective.as_ref(), memo, &mut report);
        progress.advance(entry.size);
        match outcome {
            Outcome::Unchanged { mtime } => {
                report.unchanged += 1;
                if indexed.as_ref().is_some_and(|fp| fp.mtime != mtime) {
                    new.mtimes.insert(entry.key.clone(), mtime);
                }
            }
            Outcome::Written => {
                changed = true;
                if indexed.is_some() {
                    report.updated += 1;
                } else {
                    report.added += 1;
                }
            }
            Outcome::Skipped {
                reason,
                drop_old,
                remember,
            } => {
                if drop_old && indexed.is_some() {
                    writer.delete_term(Term::from_field_text(fields.path, &entry.key));
                    report.removed += 1;
                    changed = true;
                } else if indexed.is_some() {
                    // Kept as it was: keep what we knew of it too.
                    keep_known(&old, &mut new, &entry.key);
                }
                if let Some(stat) = remember {
                    new.skipped.insert(
                        entry.key.clone(),
                        SkipMemo {
                            size: stat.size,
                            mtime: stat.mtime,
                            reason: reason.clone(),
                        },
                    );
                }
                report.skipped.push(Skipped {
                    path: entry.key.clone(),
                    reason,
                });
            }
        }
    }
    // What is left in `known` was indexed but is gone from the corpus, unless
    // the walk could not look at it or at a folder above it (then keep it:
    // nothing is lost).
    let under_unreadable = |key: &str| {
        unreadable
            .iter()
            .any(|u| u.is_empty() || key == *u || (key.starts_with(u) && key.as_bytes().get(u.len()) == Some(&b'/')))
    };
    for key in known.keys() {
        if seen.contains(key) {
            continue;
        }
        if under_unreadable(key) {
            keep_known(&old, &mut new, key);
            continue;
        }
        writer.delete_term(Term::from_field_text(fields.path, key));
        report.removed += 1;
        changed = true;
    }
    for key in old.skipped.keys() {
        if !seen.contains(key) && under_unreadable(key) {
            keep_known(&old, &mut new, key);
        }
    }

    if changed || new != old {
        progress.committing();
        commit(&mut writer, new).map_err(tantivy_err)?;
        writer.wait_merging_threads().map_err(tantivy_err)?;
    } else {
        // Nothing to commit; still delete what a killed run left behind.
        writer.garbage_collect_files().wait().map_err(tantivy_err)?;
        drop(writer);
    }
    let reader = reader(&index, &opts.index)?;
    let searcher = reader.searcher();
    report.passages = searcher.num_docs();
    let first = TermQuery::new(Term::from_field_u64(fields.passage, 0), IndexRecordOption::Basic);
    report.documents = searcher
        .search(&first, &tantivy::collector::Count)
        .map_err(tantivy_err)? as u64;
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// Carries what the old payload knew of `key` over to the new one.
fn keep_known(old: &Payload, new: &mut Payload, key: &str) {
    if let Some(&m) = old.mtimes.get(key) {
        new.mtimes.insert(key.to_string(), m);
    }
    if let Some(memo) = old.skipped.get(key) {
        new.skipped.insert(key.to_string(), memo.clone());
    }
}

/// Commits what the writer holds, with sagasu's payload.
fn commit(writer: &mut Writer, payload: Payload) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload.to_json());
    prepared.commit()?;
    Ok(())
}

/// A reader on the last commit of `index`.
fn reader(index: &Index, path: &Path) -> Result<IndexReader, IndexError> {
    index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: TantivyError| IndexError::Damaged {
            path: path.to_path_buf(),
            reason: damage(&e),
        })
}

enum Outcome {
    /// Not re-indexed; `mtime` is the file's mtime, verified unchanged.
    Unchanged {
        mtime: i64,
    },
    Written,
    Skipped {
        reason: String,
        /// Whether its old passages, if any, are to be deleted.
        drop_old: bool,
        /// The version of the file the reason holds for, when the reason
        /// is its content (binary, empty): it is skipped again, unread,
        /// while its size and mtime stay the same.
        remember: Option<Stat>,
    },
}

/// Where the passages of a run go.
struct Sink<'a> {
    opts: &'a IndexOptions,
    fields: &'a Fields,
    writer: &'a Writer,
    in_flight: &'a Arc<InFlight>,
}

/// Checks one file against what the index knows of it (`old`, or `memo` if
/// it was skipped for its content) and indexes it if it changed.
fn index_file(
    sink: &Sink<'_>,
    entry: &Entry,
    old: Option<&Fingerprint>,
    memo: Option<&SkipMemo>,
    report: &mut IndexReport,
) -> Outcome {
    let Sink {
        opts,
        fields,
        writer,
        in_flight,
    } = *sink;
    if let Some(old) = old {
        if old.size == entry.size && old.mtime == entry.mtime {
            return Outcome::Unchanged { mtime: entry.mtime };
        }
    }
    if let Some(memo) = memo.filter(|m| m.size == entry.size && m.mtime == entry.mtime) {
        return Outcome::Skipped {
            reason: memo.reason.clone(),
            drop_old: true,
            remember: Some(Stat {
                size: memo.size,
                mtime: memo.mtime,
            }),
        };
    }
    let too_big = |size: u64| Outcome::Skipped {
        reason: format!(
            "larger than --max-file-size ({size} bytes > {} bytes)",
            opts.max_file_size
        ),
        drop_old: true,
        remember: None,
    };
    if entry.size > opts.max_file_size {
        return too_big(entry.size);
    }
    let (bytes, stat) = match read_consistent(&entry.path, opts.max_file_size, || {}) {
        Ok(read) => read,
        Err(ReadError::TooBig(size)) => return too_big(size),
        Err(ReadError::Failed(reason)) => {
            return Outcome::Skipped {
                reason,
                drop_old: false,
                remember: None,
            }
        }
    };
    report.bytes_read += bytes.len() as u64;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    if old.is_some_and(|o| o.hash == hash) {
        return Outcome::Unchanged { mtime: stat.mtime };
    }
    let skip = |reason: String| Outcome::Skipped {
        reason,
        drop_old: true,
        remember: Some(stat),
    };
    let (text, encoding, declared_title) = match decode_file(&entry.path, &bytes) {
        Decoded::Text { text, encoding, title } => (text, encoding, title),
        Decoded::Binary(kind) => return skip(format!("binary ({kind})")),
        Decoded::Empty => return skip("empty".into()),
    };
    drop(bytes);
    let passages = passage::split(&text, &opts.passages);
    if passages.is_empty() {
        return skip("empty".into());
    }
    if encoding != "UTF-8" {
        report.encodings.push(format!("{}: {encoding}", entry.key));
    }
    // One batch per document: tantivy keeps a batch's documents in one
    // segment, so all passages of a file live together (the searcher counts
    // distinct documents per segment), and the delete of the old version
    // is applied with the new passages.
    let mut ops = Vec::with_capacity(passages.len() + 1);
    if old.is_some() {
        ops.push(UserOperation::Delete(Term::from_field_text(fields.path, &entry.key)));
    }
    let title = declared_title.as_deref().unwrap_or_else(|| title_of(&text));
    let mut batch_bytes = 0;
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
            fields.size => stat.size,
            fields.mtime => stat.mtime,
            fields.hash => hash.as_str(),
            fields.encoding => encoding,
        );
        let bytes = 2 * (p.byte_end - p.byte_start) + title.len() + 256;
        batch_bytes += bytes;
        ops.push(UserOperation::Add(PassageDoc {
            doc,
            bytes,
            in_flight: Arc::clone(in_flight),
        }));
    }
    in_flight.acquire(batch_bytes);
    if let Err(e) = writer.run(ops) {
        return Outcome::Skipped {
            reason: format!("index writer failed: {e}"),
            drop_old: false,
            remember: None,
        };
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

/// Size and mtime of the version of a file that was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stat {
    size: u64,
    mtime: i64,
}

#[derive(Debug, PartialEq, Eq)]
enum ReadError {
    /// The file is (now) larger than the limit: its size.
    TooBig(u64),
    /// It could not be read consistently: why.
    Failed(String),
}

/// Reads a whole file and checks that it did not change while being read:
/// its size and mtime before the read (from the open handle) must equal its
/// size and mtime after (from its path, so that a file replaced by a rename
/// or deleted is caught too), and the bytes read must be that many.
/// `between` runs after the read, before the check (a seam for tests).
fn read_consistent(path: &Path, limit: u64, between: impl FnOnce()) -> Result<(Vec<u8>, Stat), ReadError> {
    let failed = |what: &str, e: std::io::Error| ReadError::Failed(format!("{what}: {e}"));
    let mut file = std::fs::File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            failed("vanished before it could be read", e)
        } else {
            ReadError::Failed(e.to_string())
        }
    })?;
    let md = file.metadata().map_err(|e| ReadError::Failed(e.to_string()))?;
    let before = Stat {
        size: md.len(),
        mtime: mtime_nanos(&md),
    };
    if before.size > limit {
        return Err(ReadError::TooBig(before.size));
    }
    let mut bytes = Vec::with_capacity(before.size as usize);
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Failed(e.to_string()))?;
    between();
    let after = match std::fs::metadata(path) {
        Ok(md) => Stat {
            size: md.len(),
            mtime: mtime_nanos(&md),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(failed("vanished while being read", e));
        }
        Err(e) => return Err(ReadError::Failed(e.to_string())),
    };
    if after != before || bytes.len() as u64 != before.size || !same_file(&file, path) {
        return Err(ReadError::Failed(
            "changed while being read; run `sagasu index` again".into(),
        ));
    }
    Ok((bytes, before))
}

/// Whether `path` still names the open `file` (not a replacement).
#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, _path: &Path) -> bool {
    true
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

/// How a run starts: on which index, and from what.
struct Start {
    index: Index,
    /// A new, empty index was created.
    fresh: bool,
    /// Why all documents are to be replaced, if they are.
    rebuilt: Option<String>,
}

/// Opens the index in `dir`, creating it when missing. When asked to
/// rebuild, or when another analyzer version built it, all its documents are
/// to be replaced: in place (atomically) when the schema is unchanged,
/// else by deleting the old index's files first. Only files tantivy writes
/// are ever deleted, and only in a folder that holds nothing else.
fn open_or_create(dir: &Path, rebuild: bool) -> Result<Start, IndexError> {
    let io = |source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    if is_empty_dir(dir).map_err(io)? {
        clear_index_dir(dir)?;
        return Ok(Start {
            index: create(dir)?,
            fresh: true,
            rebuilt: None,
        });
    }
    let given = "rebuilt the index from scratch (--rebuild)".to_string();
    let reason = match open_checked(dir) {
        Ok(index) if never_committed(&index) => {
            return Ok(Start {
                index,
                fresh: true,
                rebuilt: None,
            })
        }
        Ok(index) => {
            let same_schema = index.schema() == Fields::build().0;
            let why = match is_current(&index) {
                Ok(()) if !rebuild => {
                    return Ok(Start {
                        index,
                        fresh: false,
                        rebuilt: None,
                    })
                }
                Ok(()) => given,
                Err(why) if rebuild => format!("rebuilt the index from scratch (--rebuild; {why})"),
                Err(why) if Payload::load(&index).is_some() => {
                    format!("rebuilt the index from scratch because {why}")
                }
                // A tantivy index that sagasu did not write.
                Err(why) if !same_schema => {
                    return Err(IndexError::NotAnIndex {
                        path: dir.to_path_buf(),
                        reason: why,
                    })
                }
                // Our schema but no commit of ours: a first build that
                // never committed.
                Err(why) => format!("rebuilt the index from scratch because {why}"),
            };
            if same_schema {
                return Ok(Start {
                    index,
                    fresh: false,
                    rebuilt: Some(why),
                });
            }
            why
        }
        Err(IndexError::Damaged { .. }) if rebuild => given,
        Err(e) => return Err(e),
    };
    clear_index_dir(dir)?;
    Ok(Start {
        index: create(dir)?,
        fresh: false,
        rebuilt: Some(reason),
    })
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

/// Deletes the files of the index in `dir`, holding the writer lock so that
/// a concurrent run is not destroyed. Refuses unless the folder holds
/// nothing but files tantivy writes, and a meta.json (if any) written by
/// tantivy; the lock files and a `.gitignore` are kept.
fn clear_index_dir(dir: &Path) -> Result<(), IndexError> {
    let io = |source| IndexError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let meta = match std::fs::read(dir.join("meta.json")) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    let tantivy_meta = |meta: &[u8]| {
        dir.join(".managed.json").is_file() || String::from_utf8_lossy(meta).contains("\"index_settings\"")
    };
    if meta.as_deref().is_some_and(|m| !tantivy_meta(m)) {
        return Err(IndexError::Foreign {
            path: dir.to_path_buf(),
            example: "its meta.json was not written by tantivy".into(),
        });
    }
    if let Some(name) = foreign_entry(dir).map_err(io)? {
        return Err(IndexError::Foreign {
            path: dir.to_path_buf(),
            example: format!("it holds {name}, which is not an index file"),
        });
    }
    let lock_path = dir.join(INDEX_WRITER_LOCK);
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(io)?;
    if lock.try_lock().is_err() {
        return Err(IndexError::Locked {
            path: dir.to_path_buf(),
            lock: INDEX_WRITER_LOCK,
        });
    }
    // meta.json goes first: a run killed while deleting leaves leftovers
    // that the next run recognizes as no index, not a damaged one.
    let remove = |p: &Path| match std::fs::remove_file(p) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(e)),
        _ => Ok(()),
    };
    remove(&dir.join("meta.json"))?;
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        if matches!(
            name.to_str(),
            Some(".gitignore" | INDEX_WRITER_LOCK | ".tantivy-meta.lock")
        ) {
            continue;
        }
        remove(&entry.path())?;
    }
    // The lock is released here, when `lock` is dropped; the writer of the
    // new index takes it again.
    drop(lock);
    Ok(())
}

/// The index writer of a run: its documents are passages whose memory is
/// accounted for until tantivy has indexed them.
type Writer = IndexWriter<PassageDoc>;

/// Bytes of passages handed to tantivy and not yet indexed, at most.
///
/// tantivy's queue holds up to 10,000 batches, and a batch here is a whole
/// file's passages (so that they land in one segment): unbounded, the queue
/// can hold most of a corpus in memory while the indexing threads, slower
/// than reading and splitting, catch up.
const IN_FLIGHT_LIMIT: usize = 48 << 20;

/// A gauge of the bytes of documents on their way through tantivy's queue.
struct InFlight {
    state: Mutex<Gauge>,
    freed: Condvar,
    limit: usize,
}

#[derive(Default)]
struct Gauge {
    bytes: usize,
    /// Bytes the waiting producer wants to add, if it waits.
    waiting: Option<usize>,
}

impl InFlight {
    fn new(limit: usize) -> Arc<InFlight> {
        Arc::new(InFlight {
            state: Mutex::new(Gauge::default()),
            freed: Condvar::new(),
            limit,
        })
    }

    /// Waits until `n` more bytes fit under the limit (a batch larger than
    /// the limit goes alone), then counts them. If nothing is freed for a
    /// long time (the indexing threads died: the next `run` reports it),
    /// goes on rather than wait forever.
    fn acquire(&self, n: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut idle = Duration::ZERO;
        while state.bytes > 0 && state.bytes + n > self.limit && idle < Duration::from_secs(10) {
            state.waiting = Some(n);
            let (guard, wait) = self
                .freed
                .wait_timeout(state, Duration::from_millis(100))
                .unwrap_or_else(|e| e.into_inner());
            state = guard;
            idle = if wait.timed_out() {
                idle + Duration::from_millis(100)
            } else {
                Duration::ZERO
            };
        }
        state.waiting = None;
        state.bytes += n;
    }

    /// Counts `n` bytes as indexed. The waiting producer is woken once,
    /// when the queue is down to half the limit (or empty): waking it for
    /// every passage cost a context switch per passage (7% of a build).
    fn release(&self, n: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.bytes = state.bytes.saturating_sub(n);
        if let Some(need) = state.waiting {
            if state.bytes == 0 || (state.bytes <= self.limit / 2 && state.bytes + need <= self.limit) {
                state.waiting = None;
                self.freed.notify_one();
            }
        }
    }
}

/// A passage document that gives its bytes back to the [`InFlight`] gauge
/// when tantivy drops it, i.e. once it is indexed.
struct PassageDoc {
    doc: TantivyDocument,
    bytes: usize,
    in_flight: Arc<InFlight>,
}

impl Drop for PassageDoc {
    fn drop(&mut self) {
        self.in_flight.release(self.bytes);
    }
}

impl Document for PassageDoc {
    type Value<'a> = CompactDocValue<'a>;
    type FieldsValuesIter<'a> = Box<dyn Iterator<Item = (Field, CompactDocValue<'a>)> + 'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        Box::new(self.doc.iter_fields_and_values())
    }

    fn into_tantivy_document(mut self) -> TantivyDocument {
        std::mem::take(&mut self.doc)
    }
}

/// tantivy's writer lock file.
const INDEX_WRITER_LOCK: &str = ".tantivy-writer.lock";

fn writer(index: &Index, opts: &IndexOptions) -> Result<Writer, IndexError> {
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(4)
    } else {
        opts.threads
    };
    // tantivy splits the budget between the threads and wants at least
    // 15 MB each.
    let budget = opts.memory_budget.max(threads * 20_000_000);
    let options = IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread(budget / threads)
        .num_merge_threads(1)
        .build();
    let writer = index.writer_with_options::<PassageDoc>(options).map_err(|e| match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked {
            path: opts.index.clone(),
            lock: INDEX_WRITER_LOCK,
        },
        source => IndexError::Tantivy {
            path: opts.index.clone(),
            source,
        },
    })?;
    writer.set_merge_policy(Box::new(BoundedMerges::new(MAX_MERGE_DOCS)));
    Ok(writer)
}

/// Most passages one merge may read. A merge reads its segments through
/// memory maps, whose pages count in the process's resident set: bounding
/// merges (and running one at a time) bounds the peak RSS of a build
/// whatever the corpus size. Segments end up between half this and this
/// size (about 60 to 120 MB of index files each).
const MAX_MERGE_DOCS: u64 = 80_000;

/// tantivy's log merge policy, with each merge bounded to `max_docs`
/// passages: a larger candidate is cut into several merges, and a segment
/// of more than half the bound is not merged again.
#[derive(Debug)]
struct BoundedMerges {
    log: LogMergePolicy,
    max_docs: u64,
}

impl BoundedMerges {
    fn new(max_docs: u64) -> BoundedMerges {
        let mut log = LogMergePolicy::default();
        log.set_max_docs_before_merge((max_docs / 2) as usize);
        BoundedMerges { log, max_docs }
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs: HashMap<SegmentId, u64> = segments.iter().map(|m| (m.id(), u64::from(m.num_docs()))).collect();
        let mut out = Vec::new();
        for candidate in self.log.compute_merge_candidates(segments) {
            let (mut chunk, mut sum) = (Vec::new(), 0);
            for id in candidate.0 {
                let n = docs.get(&id).copied().unwrap_or(0);
                if sum + n > self.max_docs && !chunk.is_empty() {
                    if chunk.len() > 1 {
                        out.push(MergeCandidate(std::mem::take(&mut chunk)));
                    }
                    chunk.clear();
                    sum = 0;
                }
                chunk.push(id);
                sum += n;
            }
            if chunk.len() > 1 {
                out.push(MergeCandidate(chunk));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.txt");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn failed(r: Result<(Vec<u8>, Stat), ReadError>) -> String {
        match r {
            Err(ReadError::Failed(why)) => why,
            other => panic!("expected a failed read, got {other:?}"),
        }
    }

    #[test]
    fn a_stable_file_is_read_with_its_fingerprint() {
        let (_dir, path) = file_with(b"hello world\n");
        let (bytes, stat) = read_consistent(&path, 1 << 20, || {}).unwrap();
        assert_eq!(bytes, b"hello world\n");
        let md = std::fs::metadata(&path).unwrap();
        assert_eq!(
            stat,
            Stat {
                size: 12,
                mtime: mtime_nanos(&md)
            }
        );
    }

    #[test]
    fn a_file_that_grows_while_being_read_is_skipped() {
        let (_dir, path) = file_with(b"first version\n");
        let why = failed(read_consistent(&path, 1 << 20, || {
            let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
            std::io::Write::write_all(&mut f, b"appended while reading\n").unwrap();
        }));
        assert!(why.contains("changed while being read"), "{why}");
    }

    #[test]
    fn a_file_rewritten_with_the_same_size_is_skipped() {
        let (_dir, path) = file_with(b"aaaa\n");
        let why = failed(read_consistent(&path, 1 << 20, || {
            std::fs::write(&path, b"bbbb\n").unwrap();
            // Make sure the mtime moves even on a coarse clock.
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
                .unwrap();
        }));
        assert!(why.contains("changed while being read"), "{why}");
    }

    #[test]
    fn a_file_replaced_by_a_rename_while_being_read_is_skipped() {
        let (dir, path) = file_with(b"old content\n");
        let why = failed(read_consistent(&path, 1 << 20, || {
            let tmp = dir.path().join("new.tmp");
            std::fs::write(&tmp, b"new content\n").unwrap();
            let md = std::fs::metadata(&path).unwrap();
            // Same size and mtime: only the inode tells them apart.
            std::fs::File::options()
                .write(true)
                .open(&tmp)
                .unwrap()
                .set_modified(md.modified().unwrap())
                .unwrap();
            std::fs::rename(&tmp, &path).unwrap();
        }));
        assert!(why.contains("changed while being read"), "{why}");
    }

    #[test]
    fn a_file_that_vanishes_while_being_read_is_skipped() {
        let (_dir, path) = file_with(b"soon gone\n");
        let why = failed(read_consistent(&path, 1 << 20, || std::fs::remove_file(&path).unwrap()));
        assert!(why.contains("vanished while being read"), "{why}");
    }

    #[test]
    fn a_file_that_vanished_before_the_read_is_skipped() {
        let (_dir, path) = file_with(b"x\n");
        std::fs::remove_file(&path).unwrap();
        let why = failed(read_consistent(&path, 1 << 20, || {}));
        assert!(why.contains("vanished before it could be read"), "{why}");
    }

    #[test]
    fn a_file_over_the_limit_is_not_read() {
        let (_dir, path) = file_with(&[b'a'; 100]);
        assert_eq!(read_consistent(&path, 10, || {}).unwrap_err(), ReadError::TooBig(100));
    }

    #[test]
    fn in_flight_bytes_are_bounded_until_documents_are_dropped() {
        let gauge = InFlight::new(100);
        // A batch larger than the limit goes alone.
        gauge.acquire(500);
        gauge.release(500);
        gauge.acquire(60);
        let (tx, rx) = std::sync::mpsc::channel();
        let g = Arc::clone(&gauge);
        let waiter = std::thread::spawn(move || {
            g.acquire(60);
            tx.send(()).unwrap();
        });
        // 60 + 60 > 100: the second batch waits for the first to be indexed.
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
        let doc = PassageDoc {
            doc: TantivyDocument::default(),
            bytes: 60,
            in_flight: Arc::clone(&gauge),
        };
        drop(doc);
        rx.recv_timeout(Duration::from_secs(5))
            .expect("released when the document is dropped");
        waiter.join().unwrap();
        assert_eq!(gauge.state.lock().unwrap().bytes, 60);
    }

    #[test]
    fn merges_are_bounded_in_size() {
        let index = Index::create_in_ram(Fields::build().0);
        let meta = |docs: u32| index.new_segment_meta(SegmentId::generate_random(), docs);
        let policy = BoundedMerges::new(80_000);
        // Segments as two indexing threads flush them, and small ones.
        let mut segments: Vec<SegmentMeta> = (0..16).map(|_| meta(27_000)).collect();
        segments.extend((0..10).map(|_| meta(12)));
        // Segments already at the bound are left alone.
        segments.extend((0..3).map(|_| meta(70_000)));
        let sizes: HashMap<SegmentId, u64> = segments.iter().map(|m| (m.id(), u64::from(m.num_docs()))).collect();
        let candidates = policy.compute_merge_candidates(&segments);
        assert!(!candidates.is_empty());
        let mut merged = std::collections::HashSet::new();
        for c in &candidates {
            assert!(c.0.len() > 1, "a merge of one segment");
            let total: u64 = c.0.iter().map(|id| sizes[id]).sum();
            assert!(total <= 80_000, "a merge of {total} passages");
            for id in &c.0 {
                assert!(sizes[id] <= 40_000, "a segment over half the bound is merged");
                assert!(merged.insert(*id), "a segment in two merges");
            }
        }
    }

    /// The fingerprint stored is the one of the bytes read: a second run
    /// finds the file unchanged without opening it.
    #[test]
    fn a_second_run_opens_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        std::fs::write(corpus.join("a.txt"), "alpha beta gamma\n").unwrap();
        let opts = IndexOptions::new(&corpus, dir.path().join("index"));
        let first = run(&opts, &crate::NoProgress).unwrap();
        assert_eq!((first.added, first.documents), (1, 1));
        let again = run(&opts, &crate::NoProgress).unwrap();
        assert_eq!((again.unchanged, again.bytes_read), (1, 0));
    }
}
