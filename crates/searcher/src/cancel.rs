//! Stopping a search whose answer nobody waits for any more.
//!
//! A [`Cancel`] is a flag the caller sets ([`Cancel::cancel`]) when it
//! gives up: the server, when a request's time is up or its client has
//! gone. [`Cancel::run`] makes it the current thread's while a search
//! runs; every tantivy query built meanwhile (`query::build`, which sits above this module)
//! carries it and stops at its next check: before each segment, every few
//! thousand documents, and for every indexed word a prefix or fuzzy word
//! expands to. Without a cancel (the CLI), queries are built as they
//! always were, with no check at all.
//!
//! **Trap:** a cancelled search returns early with *partial* results. Only
//! the one who cancelled knows, and must drop them
//! ([`Cancel::is_cancelled`] after the search); nothing else may see them.

use std::cell::RefCell;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

/// A search's cancellation flag; clones share it.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

thread_local! {
    static CURRENT: RefCell<Option<Cancel>> = const { RefCell::new(None) };
}

impl Cancel {
    /// A flag not set yet.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Sets the flag: searches that carry it stop at their next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether the flag is set.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Runs `work` (searches on this thread) with this flag as the current
    /// thread's: the queries they build stop when it is set.
    pub fn run<T>(&self, work: impl FnOnce() -> T) -> T {
        struct Restore(Option<Cancel>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let previous = self.0.take();
                CURRENT.with(|c| *c.borrow_mut() = previous);
            }
        }
        let previous = CURRENT.with(|c| c.borrow_mut().replace(self.clone()));
        let _restore = Restore(previous);
        work()
    }

    /// The flag of the search running on this thread, if any.
    pub(crate) fn current() -> Option<Cancel> {
        CURRENT.with(|c| c.borrow().clone())
    }
}

impl fmt::Debug for Cancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cancel({})", self.is_cancelled())
    }
}

/// Documents a scorer steps through between two looks at the flag.
const CHECK_EVERY: u32 = 4096;

/// `inner`, stopping when `cancel` is set: no scorer is built for a
/// segment after it, and a scorer being read ends at its next check.
#[derive(Debug)]
pub(crate) struct Cancellable {
    inner: Box<dyn Query>,
    cancel: Cancel,
}

impl Clone for Cancellable {
    fn clone(&self) -> Cancellable {
        Cancellable {
            inner: self.inner.box_clone(),
            cancel: self.cancel.clone(),
        }
    }
}

impl Cancellable {
    /// `query` carrying the current thread's flag, or `query` itself when
    /// no search on this thread can be cancelled.
    pub fn wrap(query: Box<dyn Query>) -> Box<dyn Query> {
        match Cancel::current() {
            Some(cancel) => Box::new(Cancellable { inner: query, cancel }),
            None => query,
        }
    }
}

impl Query for Cancellable {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(CancellableWeight {
            inner: self.inner.weight(enable_scoring)?,
            cancel: self.cancel.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct CancellableWeight {
    inner: Box<dyn Weight>,
    cancel: Cancel,
}

impl Weight for CancellableWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if self.cancel.is_cancelled() {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(CancellableScorer {
            inner: self.inner.scorer(reader, boost)?,
            cancel: self.cancel.clone(),
            steps: 0,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }

    /// The inner weight's own pruning (block-max WAND for a union), told
    /// to keep nothing more once the flag is set.
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        if self.cancel.is_cancelled() {
            return Ok(());
        }
        self.inner.for_each_pruning(threshold, reader, &mut |doc, score| {
            if self.cancel.is_cancelled() {
                return Score::INFINITY;
            }
            callback(doc, score)
        })
    }
}

struct CancellableScorer {
    inner: Box<dyn Scorer>,
    cancel: Cancel,
    steps: u32,
}

impl DocSet for CancellableScorer {
    fn advance(&mut self) -> DocId {
        self.steps += 1;
        if self.steps >= CHECK_EVERY {
            self.steps = 0;
            if self.cancel.is_cancelled() {
                return self.seek(TERMINATED);
            }
        }
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target == TERMINATED {
            // Not every scorer can seek to the end: step it there through
            // an empty set instead.
            self.inner = Box::new(EmptyScorer);
            return TERMINATED;
        }
        self.inner.seek(target)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for CancellableScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_is_the_threads_only_while_it_runs() {
        assert!(Cancel::current().is_none());
        let cancel = Cancel::new();
        let seen = cancel.run(|| Cancel::current().map(|c| c.is_cancelled()));
        assert_eq!(seen, Some(false));
        assert!(Cancel::current().is_none());
        cancel.cancel();
        assert!(cancel.run(|| Cancel::current().is_some_and(|c| c.is_cancelled())));
    }
}
