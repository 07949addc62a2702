//! One indexing pass: walk the corpus, [`plan`] against what the index
//! knows, read and index what changed, delete what is gone, commit.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sagasu_analysis::schema::Fields;
use sagasu_store::{SkipReason, StoreError};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::content::{self, FilePassage, FileStamp};
use crate::error::IndexError;
use crate::extract::ocr::{Cache, Ocr, CACHE_LIMIT};
use crate::extract::{self, ExtractOptions};
use crate::fault;
use crate::folder;
use crate::manifest::Manifest;
use crate::passage::PassageConfig;
use crate::plan::{plan, Action, Ledger, Outcome, Step};
use crate::prepare;
use crate::progress::Progress;
use crate::read::{read_consistent, Stat};
use crate::report::{IndexReport, PageLeftOut};
use crate::start::{Start, Starting};
use crate::walk::{self, Entry, WalkOptions};
use crate::writer::{self, Writer};

/// Everything that shapes an indexing pass.
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
    /// Files larger than this are skipped; so are documents whose
    /// extracted text is larger.
    pub max_file_size: u64,
    /// Indexing threads, and threads that read and extract files (0: one
    /// per core, at most 4).
    pub threads: usize,
    /// How documents that are not text are read (the PDF helper and its
    /// time limit).
    pub extract: ExtractOptions,
    /// Total memory budget of tantivy's writer, in bytes (its indexing
    /// arenas). 96 MB: a segment's flush needs about half its arena again
    /// (tantivy's sorted term list) when the text is all distinct terms,
    /// and with 128 MB the 27 MB random-CJK file peaked at 417 MB (345 MB
    /// now; 10× debdocs 346 → 318 MB; issue 26). With the queue of
    /// passages and the merges bounded too, the peak does not grow with
    /// the corpus.
    pub memory_budget: usize,
    /// Passage sizes.
    pub passages: PassageConfig,
    /// A first build commits (as incomplete) each time it has read this
    /// many more bytes, so that an interrupted build resumes from there.
    pub checkpoint_bytes: u64,
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
            extract: ExtractOptions::default(),
            memory_budget: 96 * 1024 * 1024,
            passages: PassageConfig::default(),
            checkpoint_bytes: 256 << 20,
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
///
/// A first build commits at its start, and every
/// [`checkpoint_bytes`](IndexOptions::checkpoint_bytes), with a payload
/// that marks the index incomplete: [`open_index`](sagasu_store::open_index)
/// refuses it ([`StoreError::Incomplete`]) until a pass finishes it, and a
/// pass resumes it from its last commit.
///
/// If the pass fails (a full disk), what it wrote since the last commit is
/// deleted again, once every tantivy thread of the pass has ended.
pub fn index(opts: &IndexOptions, progress: &dyn Progress) -> Result<IndexReport, IndexError> {
    let started = Instant::now();
    let corpus = check_corpus(&opts.corpus, &opts.index)?;
    let start = Start::open(&opts.index, opts.rebuild, Some(corpus.clone()))?;
    let opened = Writer::open(
        &start.index,
        &opts.index,
        &start.observed,
        opts.threads,
        opts.memory_budget,
    );
    let mut writer = match opened {
        Err(IndexError::Locked { path, .. }) if start.starting == Starting::Resume => {
            return Err(IndexError::Building { path })
        }
        other => other?,
    };
    let report = start
        .prepare(&mut writer, &opts.index, Some(corpus))
        .and_then(|manifest| Pass::new(opts, &mut writer, &start.starting).run(&manifest, progress));
    let mut report = match report {
        Ok(report) => report,
        Err(e) => {
            // Undo what the pass wrote: the last commit stays. Every thread
            // that may still write (tantivy's `prepare_commit` returns on
            // the first failed indexing thread without joining the others;
            // a merge in flight is not waited for) must be done first.
            let observed = start.observed.clone();
            drop(writer);
            drop(start);
            observed.wait_unused(Duration::from_secs(60));
            folder::collect_garbage(&opts.index);
            return Err(e);
        }
    };
    if writer.finish().is_err() {
        // The commit is done and complete; a merge after it failed (a full
        // disk). Its files belong to no commit.
        folder::collect_garbage(&opts.index);
    }
    report.rebuilt = start.rebuilt;
    report.resumed = start.starting == Starting::Resume;
    let reader = sagasu_store::reader(&start.index, &opts.index)?;
    let searcher = reader.searcher();
    report.passages = searcher.num_docs();
    let fields = Fields::from_schema(&start.index.schema()).map_err(|_| StoreError::Damaged {
        path: opts.index.clone(),
        reason: "its schema changed".into(),
    })?;
    let first = TermQuery::new(Term::from_field_u64(fields.passage, 0), IndexRecordOption::Basic);
    report.documents = searcher
        .search(&first, &tantivy::collector::Count)
        .map_err(|e| IndexError::from_tantivy(&opts.index, e))? as u64;
    trim_ocr_cache(&opts.index, &searcher);
    // A cache for searchers (they find the duplicates again without it).
    let _ = sagasu_store::store_duplicates(&opts.index, &searcher);
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    fault::pass_done();
    Ok(report)
}

/// Deletes the OCR cache's entries of contents the index no longer holds,
/// and keeps it within its limit (if the index folder has one).
fn trim_ocr_cache(index: &Path, searcher: &tantivy::Searcher) {
    if !index.join(extract::ocr::CACHE_DIR).is_dir() {
        return;
    }
    if let Ok(files) = sagasu_store::read_fingerprints(searcher) {
        let keep = files.into_values().map(|fp| fp.hash).collect();
        Cache::new(index).trim(&keep, CACHE_LIMIT);
    }
}

/// The corpus folder, canonical; it must be a folder, and not the index
/// folder itself.
fn check_corpus(corpus: &Path, index: &Path) -> Result<PathBuf, IndexError> {
    let err = |reason: String| IndexError::Corpus {
        path: corpus.into(),
        reason,
    };
    match std::fs::metadata(corpus) {
        Ok(md) if md.is_dir() => {}
        Ok(_) => return Err(err("not a folder; pass --corpus a folder".into())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(err(
                "no such folder; point sagasu at your documents with --corpus DIR or SAGASU_CORPUS=DIR".into(),
            ))
        }
        Err(e) => return Err(err(sagasu_store::os_error(&e))),
    }
    let canonical = corpus.canonicalize().map_err(|e| err(sagasu_store::os_error(&e)))?;
    if index.canonicalize().is_ok_and(|i| i == canonical) {
        return Err(IndexError::SameFolder { path: index.into() });
    }
    Ok(canonical)
}

/// The state of one pass over the corpus.
struct Pass<'a> {
    opts: &'a IndexOptions,
    writer: &'a mut Writer,
    /// Whether this is a first build, which commits checkpoints.
    first_build: bool,
    /// Files written so far (for the fault-injection seam).
    written: u64,
    /// Bytes read at the last checkpoint.
    checkpointed: u64,
}

impl<'a> Pass<'a> {
    fn new(opts: &'a IndexOptions, writer: &'a mut Writer, starting: &Starting) -> Pass<'a> {
        Pass {
            opts,
            writer,
            first_build: matches!(starting, Starting::FirstBuild | Starting::Resume),
            written: 0,
            checkpointed: 0,
        }
    }

    fn run(mut self, manifest: &Manifest, progress: &dyn Progress) -> Result<IndexReport, IndexError> {
        let mut walk_opts = self.opts.walk.clone();
        walk_opts.exclude = Some(self.opts.index.clone());
        let walked = walk::walk(&self.opts.corpus, &walk_opts);
        fault::walked();
        let unreadable = walked.unreadable_keys();
        let plan = plan(
            &walked.files,
            &unreadable,
            manifest,
            self.opts.max_file_size,
            self.opts.extract.timeout,
        );
        progress.start(walked.files.len() as u64, walked.files.iter().map(|f| f.size).sum());

        let mut ledger = Ledger::new(manifest, self.first_build);
        ledger.report.skipped.extend(walked.skipped);
        // Files to read are prepared on several threads, in walk order;
        // the others are decided here as their turn comes.
        let reads: Vec<usize> = (0..plan.steps.len())
            .filter(|&i| plan.steps[i].action == Action::Read)
            .collect();
        let mut step_at = 0;
        let threads = writer::threads(self.opts.threads);
        let entry_of = |step: &Step| &walked.files[step.file as usize];
        let mut next_read = |pass: &mut Pass, ledger: &mut Ledger, read: Option<(usize, Prepared)>| {
            // The steps before the read (kept or skipped unread), then the read.
            let until = read.as_ref().map_or(plan.steps.len(), |r| reads[r.0]);
            let mut prepared = read.map(|r| r.1);
            while step_at < plan.steps.len() && step_at <= until {
                let step = &plan.steps[step_at];
                let entry = entry_of(step);
                let outcome = match &step.action {
                    Action::Keep => Outcome::Unchanged { mtime: entry.mtime },
                    Action::Skip(reason) => Outcome::Skipped {
                        reason: (**reason).clone(),
                        stat: Some(Stat {
                            size: entry.size,
                            mtime: entry.mtime,
                        }),
                    },
                    Action::Read => match prepared.take() {
                        Some(p) => pass.write(entry, step, p, &mut ledger.report)?,
                        None => break,
                    },
                };
                progress.advance(entry.size);
                if ledger.record(entry, step, outcome) {
                    pass.writer.delete_file(&entry.key);
                }
                if pass.first_build && ledger.report.bytes_read - pass.checkpointed >= pass.opts.checkpoint_bytes {
                    pass.writer.commit(&ledger.checkpoint_payload().incomplete())?;
                    pass.checkpointed = ledger.report.bytes_read;
                }
                step_at += 1;
            }
            Ok::<(), IndexError>(())
        };
        let opts = self.opts;
        // Without --follow, what is read is held to the corpus's real path
        // (a folder may be swapped for a link after the walk).
        let root = (!opts.walk.follow).then(|| opts.corpus.canonicalize().ok()).flatten();
        // OCR reads pages on as many threads as there are cores (its
        // helpers run while the files' threads wait for them).
        let ocr_threads = match opts.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let ocr = Ocr::new(
            &opts.extract.ocr,
            opts.extract.timeout,
            Some(&opts.index),
            ocr_threads,
            progress,
        );
        prepare::in_order(
            reads.len(),
            threads,
            PREPARE_BUDGET,
            |r| entry_of(&plan.steps[reads[r]]).size,
            |r| {
                prepare(
                    opts,
                    root.as_deref(),
                    &ocr,
                    entry_of(&plan.steps[reads[r]]),
                    &plan.steps[reads[r]],
                )
            },
            |r, prepared| next_read(&mut self, &mut ledger, Some((r, prepared))),
        )?;
        let counts = ocr.counts();
        (ledger.report.ocr.pages, ledger.report.ocr.cached, ledger.report.ocr.ms) =
            (counts.pages, counts.cached, counts.millis);
        let r = &mut ledger.report.ocr;
        (r.reread_korean, r.reread_vertical, r.vertical_unread) =
            (counts.reread_korean, counts.reread_vertical, counts.vertical_unread);
        next_read(&mut self, &mut ledger, None)?;
        for key in &plan.gone {
            self.writer.delete_file(key);
        }
        ledger.finish(&plan);
        let payload_changed = ledger.payload != manifest.payload;
        if ledger.changed || payload_changed || self.first_build {
            progress.committing();
            fault::crash_point("commit");
            self.writer.commit(&ledger.payload)?;
        }
        Ok(ledger.report)
    }

    /// Hands a prepared file to the writer, or says why not.
    fn write(
        &mut self,
        entry: &Entry,
        step: &Step,
        p: Prepared,
        report: &mut IndexReport,
    ) -> Result<Outcome, IndexError> {
        report.bytes_read += p.bytes_read;
        let docs = match p.result {
            Ok(docs) => docs,
            Err(outcome) => return Ok(outcome),
        };
        if let Some(encoding) = p.encoding {
            report.encodings.push(format!("{}: {encoding}", entry.key));
        }
        report
            .ocr
            .pages_left_out
            .extend(p.left_out.into_iter().map(|(page, reason)| PageLeftOut {
                path: entry.key.clone(),
                page,
                reason,
            }));
        self.writer.put_file(&entry.key, step.indexed.is_some(), docs)?;
        self.written += 1;
        fault::file_written(self.written);
        Ok(Outcome::Written)
    }
}

/// Bytes of files (their sizes) read and prepared ahead of the writer, at
/// most (a larger file is prepared alone).
const PREPARE_BUDGET: u64 = 16 << 20;

/// A file read, checked against the index and cut into passages, ready for
/// the writer.
struct Prepared {
    /// Its passage documents, or what happened instead.
    result: Result<Vec<FilePassage>, Outcome>,
    /// Bytes read from it.
    bytes_read: u64,
    /// The encoding it was decoded from, if not UTF-8.
    encoding: Option<&'static str>,
    /// Its pages that OCR could not read, and why.
    left_out: Vec<(u64, SkipReason)>,
}

/// Reads `entry`, and unless its content is the indexed one, extracts its
/// text and makes its passage documents (on a worker thread). `root` is the
/// corpus's real path when links are not followed: the file read must be
/// `root` joined with its path in the corpus.
fn prepare(opts: &IndexOptions, root: Option<&Path>, ocr: &Ocr, entry: &Entry, step: &Step) -> Prepared {
    let done = |result, bytes_read| Prepared {
        result: Err(result),
        bytes_read,
        encoding: None,
        left_out: Vec::new(),
    };
    let real = root.and_then(|root| Some(root.join(entry.path.strip_prefix(&opts.corpus).ok()?)));
    let (bytes, stat) = match read_consistent(&entry.path, real.as_deref(), opts.max_file_size, || {}) {
        Ok(read) => read,
        Err(reason) => return done(Outcome::Skipped { reason, stat: None }, 0),
    };
    let bytes_read = bytes.len() as u64;
    let hash = blake3::hash(&bytes).to_hex();
    if step.indexed.is_some_and(|o| o.stored.hash == hash.as_str()) {
        return done(Outcome::Unchanged { mtime: stat.mtime }, bytes_read);
    }
    let skipped = |reason| Outcome::Skipped {
        reason,
        stat: Some(stat),
    };
    let mut text = match extract::text_of(
        &entry.path,
        &bytes,
        hash.as_str(),
        &opts.extract,
        ocr,
        opts.max_file_size,
    ) {
        Ok(text) => text,
        Err(reason) => return done(skipped(reason), bytes_read),
    };
    drop(bytes);
    let stamp = FileStamp {
        size: stat.size,
        mtime: stat.mtime,
        hash: hash.as_str(),
    };
    let encoding = (text.encoding != "UTF-8").then_some(text.encoding);
    let left_out = std::mem::take(&mut text.left_out);
    let passages = content::passages(&entry.key, text, stamp, &opts.passages);
    if passages.is_empty() {
        return done(skipped(SkipReason::Empty), bytes_read);
    }
    Prepared {
        result: Ok(passages),
        bytes_read,
        encoding,
        left_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    fn corpus_with(files: &[(&str, &str)]) -> (tempfile::TempDir, IndexOptions) {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for (name, text) in files {
            std::fs::write(corpus.join(name), text).unwrap();
        }
        let opts = IndexOptions::new(&corpus, dir.path().join("index"));
        (dir, opts)
    }

    /// The fingerprint stored is the one of the bytes read: a second pass
    /// finds the file unchanged without opening it.
    #[test]
    fn a_second_pass_opens_nothing() {
        let (_dir, opts) = corpus_with(&[("a.txt", "alpha beta gamma\n")]);
        let first = index(&opts, &NoProgress).unwrap();
        assert_eq!((first.added, first.documents), (1, 1));
        let again = index(&opts, &NoProgress).unwrap();
        assert_eq!((again.unchanged, again.bytes_read), (1, 0));
    }

    /// Panics (as an interrupted pass stops) once `n` files were checked.
    struct StopAfter(u64, std::sync::atomic::AtomicU64);

    impl Progress for StopAfter {
        fn advance(&self, _bytes: u64) {
            if self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == self.0 {
                panic!("interrupted");
            }
        }
    }

    /// A first build that is interrupted after a checkpoint leaves an
    /// incomplete index; the next pass resumes it without re-reading what
    /// the checkpoint committed.
    #[test]
    fn an_interrupted_first_build_resumes_from_its_last_checkpoint() {
        let files: Vec<(String, String)> = (0..30)
            .map(|i| (format!("f{i:02}.txt"), format!("file number {i} with some words\n")))
            .collect();
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let (_dir, mut opts) = corpus_with(&refs);
        // A checkpoint after every file.
        opts.checkpoint_bytes = 1;
        opts.threads = 1;
        let interrupted = std::panic::catch_unwind(|| index(&opts, &StopAfter(20, Default::default())));
        assert!(interrupted.is_err());
        assert!(matches!(
            sagasu_store::open_index(&opts.index),
            Err(StoreError::Incomplete { .. })
        ));
        let resumed = index(&opts, &NoProgress).unwrap();
        assert!(resumed.resumed);
        // The 19 files of the last checkpoint are not read again.
        assert_eq!(
            (resumed.unchanged, resumed.added, resumed.documents),
            (19, 11, 30),
            "{resumed:?}"
        );
        assert!(sagasu_store::open_index(&opts.index).is_ok());
        let again = index(&opts, &NoProgress).unwrap();
        assert!(!again.resumed);
        assert_eq!(again.unchanged, 30);
    }

    #[test]
    fn the_corpus_cannot_be_the_index_folder() {
        let (_dir, mut opts) = corpus_with(&[("a.txt", "text\n")]);
        opts.index = opts.corpus.join(".");
        assert!(matches!(index(&opts, &NoProgress), Err(IndexError::SameFolder { .. })));
        let names: Vec<_> = std::fs::read_dir(&opts.corpus).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
