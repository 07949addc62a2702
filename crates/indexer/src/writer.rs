//! The index writer of a pass: tantivy's writer with sagasu's merge policy,
//! fed one file at a time under back-pressure, committing with sagasu's
//! payload, and cleaning up after a failure.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sagasu_analysis::schema::Fields;
use tantivy::indexer::{IndexWriterOptions, UserOperation};
use tantivy::{Index, IndexWriter, Term};

use crate::content::FilePassage;
use crate::directory::Observed;
use crate::document::PassageDoc;
use crate::error::IndexError;
use crate::inflight::{Held, InFlight};
use crate::merge::{self, BoundedMerges, MAX_MERGE_BYTES, MAX_MERGE_DOCS};
use sagasu_store::{Payload, StoreError};

/// sagasu's index writer for one pass. Holding it holds tantivy's writer
/// lock.
pub(crate) struct Writer {
    inner: IndexWriter<PassageDoc>,
    in_flight: Arc<InFlight>,
    fields: Fields,
    path: PathBuf,
    observed: Observed,
}

impl Writer {
    /// Takes the writer of `index` (at `path`) with `threads` indexing
    /// threads (0: one per core, at most 4) sharing `memory_budget` bytes,
    /// and deletes what a pass that was killed or failed left behind (files
    /// of no commit), so that a full disk does not stay full.
    pub fn open(
        index: &Index,
        path: &Path,
        observed: &Observed,
        threads: usize,
        memory_budget: usize,
    ) -> Result<Writer, IndexError> {
        let threads = self::threads(threads);
        // tantivy splits the budget between the threads and wants at least
        // 15 MB each.
        let budget = memory_budget.max(threads * 20_000_000);
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(budget / threads)
            .num_merge_threads(1)
            .build();
        let inner = index
            .writer_with_options::<PassageDoc>(options)
            .map_err(|e| IndexError::from_tantivy(path, e))?;
        inner.set_merge_policy(Box::new(BoundedMerges::new(
            MAX_MERGE_DOCS,
            MAX_MERGE_BYTES,
            merge::files_in(path.into()),
        )));
        let fields = Fields::from_schema(&index.schema()).map_err(|missing| StoreError::Foreign {
            path: path.into(),
            example: format!("its schema has no `{missing}` field"),
        })?;
        let writer = Writer {
            inner,
            in_flight: InFlight::new(IN_FLIGHT_LIMIT),
            fields,
            path: path.into(),
            observed: observed.clone(),
        };
        writer
            .inner
            .garbage_collect_files()
            .wait()
            .map_err(|e| writer.error(e))?;
        Ok(writer)
    }

    /// Replaces the passages of the file `key` (all of them, if `replace`)
    /// with `docs`. Waits while too many bytes of passages are queued.
    ///
    /// A file's passages go to tantivy as one batch, which tantivy keeps in
    /// one segment: all passages of a file live together, and the searcher
    /// counts and excludes documents by path ordinal within a segment. A
    /// file whose passages hold more than [`BATCH_BYTES`] goes in several
    /// batches instead (tantivy flushes a segment only between batches, so
    /// one huge batch is one huge in-memory segment: a 9 MB file of random
    /// CJK text peaked at 740 MB); its passages are marked `spans`, and the
    /// searcher counts and excludes those by path. The delete of the old
    /// version goes with the first batch (a delete applies to what was
    /// added before it).
    pub fn put_file(&mut self, key: &str, replace: bool, passages: Vec<FilePassage>) -> Result<(), IndexError> {
        let bytes = |p: &FilePassage| p.body().len() + PASSAGE_OVERHEAD;
        let spans = passages.iter().map(bytes).sum::<usize>() > BATCH_BYTES;
        let mut ops = Vec::new();
        if replace {
            ops.push(UserOperation::Delete(Term::from_field_text(self.fields.path, key)));
        }
        let mut batch_bytes = 0;
        for passage in passages {
            let n = bytes(&passage);
            if batch_bytes > 0 && batch_bytes + n > BATCH_BYTES {
                self.run(std::mem::take(&mut ops), batch_bytes)?;
                batch_bytes = 0;
            }
            batch_bytes += n;
            let held = Held::new(&self.in_flight, n);
            ops.push(UserOperation::Add(PassageDoc::new(passage, self.fields, spans, held)));
        }
        self.run(ops, batch_bytes)
    }

    /// Hands one batch to tantivy, once its bytes fit in flight.
    fn run(&mut self, ops: Vec<UserOperation<PassageDoc>>, bytes: usize) -> Result<(), IndexError> {
        if ops.is_empty() {
            return Ok(());
        }
        self.in_flight.acquire(bytes);
        match self.inner.run(ops) {
            Ok(_) => Ok(()),
            // An indexing thread failed (a full disk is noticed by the
            // directory). Not asked of `prepare_commit`, which returns on
            // the first failed thread and leaves the others running.
            Err(e) => Err(self.error(e)),
        }
    }

    /// Deletes the passages of the file `key`.
    pub fn delete_file(&self, key: &str) {
        self.inner.delete_term(Term::from_field_text(self.fields.path, key));
    }

    /// Deletes every passage (a rebuild: the old ones stay visible until
    /// the commit).
    pub fn delete_all(&mut self) -> Result<(), IndexError> {
        self.inner.delete_all_documents().map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Commits what the writer holds, with `payload`.
    pub fn commit(&mut self, payload: &Payload) -> Result<(), IndexError> {
        let prepared = match self.inner.prepare_commit() {
            Ok(p) => p,
            Err(e) => return Err(self.error(e)),
        };
        let mut prepared = prepared;
        prepared.set_payload(&payload.to_json());
        let committed = prepared.commit();
        committed.map(|_| ()).map_err(|e| self.error(e))
    }

    /// Waits for the merges a commit started, and releases the writer.
    pub fn finish(self) -> tantivy::Result<()> {
        self.inner.wait_merging_threads()
    }

    fn error(&self, e: tantivy::TantivyError) -> IndexError {
        if self.observed.disk_full() {
            return IndexError::NoSpace {
                path: self.path.clone(),
            };
        }
        IndexError::from_tantivy(&self.path, e)
    }
}

/// The number of threads `threads` asks for: itself, or for 0 one per
/// core, at most 4.
pub(crate) fn threads(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(4)
    } else {
        threads
    }
}

/// Bytes of a file's passages (their text, as counted for [`InFlight`])
/// above which they go to tantivy in several batches of at most this many
/// bytes. Large enough that most files, a 300-page book among them, stay
/// one batch; small enough that one batch of text that is all distinct CJK
/// bigrams grows an in-memory segment by tens of megabytes, not hundreds.
pub(crate) const BATCH_BYTES: usize = 1 << 20;

/// What a passage costs in memory besides its text (its document, its
/// share of the file), as counted for [`InFlight`].
const PASSAGE_OVERHEAD: usize = 128;

/// Bytes of passages (their text) handed to tantivy and not yet indexed,
/// at most (see [`InFlight`]). A passage borrows its text from its file, so
/// this is about the memory they hold.
const IN_FLIGHT_LIMIT: usize = 16 << 20;
