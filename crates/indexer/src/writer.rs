//! The index writer of a pass: tantivy's writer with sagasu's merge policy,
//! fed one file at a time under back-pressure, committing with sagasu's
//! payload, and cleaning up after a failure.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use sagasu_analysis::schema::Fields;
use tantivy::indexer::{IndexWriterOptions, UserOperation};
use tantivy::schema::document::CompactDocValue;
use tantivy::schema::Field;
use tantivy::{Document, Index, IndexWriter, TantivyDocument, Term};

use crate::directory::Observed;
use crate::error::IndexError;
use crate::merge::{BoundedMerges, MAX_MERGE_DOCS};
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
        inner.set_merge_policy(Box::new(BoundedMerges::new(MAX_MERGE_DOCS)));
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

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
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
    pub fn put_file(
        &mut self,
        key: &str,
        replace: bool,
        mut docs: Vec<(TantivyDocument, usize)>,
    ) -> Result<(), IndexError> {
        let total: usize = docs.iter().map(|d| d.1).sum();
        if total > BATCH_BYTES {
            for (doc, _) in &mut docs {
                doc.add_u64(self.fields.spans, 1);
            }
        }
        let mut ops = Vec::new();
        if replace {
            ops.push(UserOperation::Delete(Term::from_field_text(self.fields.path, key)));
        }
        let mut batch_bytes = 0;
        for (doc, bytes) in docs {
            if batch_bytes > 0 && batch_bytes + bytes > BATCH_BYTES {
                self.run(std::mem::take(&mut ops), batch_bytes)?;
                batch_bytes = 0;
            }
            batch_bytes += bytes;
            ops.push(UserOperation::Add(PassageDoc {
                doc,
                bytes,
                in_flight: Arc::clone(&self.in_flight),
            }));
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

/// Bytes of a file's passages (as counted for [`InFlight`]: about three
/// times the text, one copy per text field) above which they go to tantivy
/// in several batches of at most this many bytes (about 1 MB of text).
/// Large enough that most files, a 300-page book among them, stay one
/// batch; small enough that one batch of text that is all distinct CJK
/// bigrams grows an in-memory segment by tens of megabytes, not hundreds.
pub(crate) const BATCH_BYTES: usize = 3 << 20;

/// Bytes of passages handed to tantivy and not yet indexed, at most.
///
/// tantivy's queue holds up to 10,000 batches, and a batch here is a whole
/// file's passages (so that they land in one segment): unbounded, the queue
/// can hold most of a corpus in memory while the indexing threads, slower
/// than reading and splitting, catch up.
const IN_FLIGHT_LIMIT: usize = 48 << 20;

/// A gauge of the bytes of documents on their way through tantivy's queue.
pub(crate) struct InFlight {
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
    /// long time (the indexing threads died: the pass reports it),
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
pub(crate) struct PassageDoc {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
