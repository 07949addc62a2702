//! Back-pressure between the pass and tantivy's indexing threads: a gauge
//! of the bytes of passages handed to tantivy and not yet indexed.
//!
//! tantivy's queue holds up to 10,000 batches, and a batch here is a whole
//! file's passages (so that they land in one segment): unbounded, the queue
//! can hold most of a corpus in memory while the indexing threads, slower
//! than reading and splitting, catch up. The writer [`acquire`s]
//! (InFlight::acquire) a batch's bytes before handing it over; each
//! passage gives its share back (a [`Held`] dropped) once tantivy has
//! indexed it.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

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
    /// A gauge that lets at most `limit` bytes in flight.
    pub(crate) fn new(limit: usize) -> Arc<InFlight> {
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
    pub(crate) fn acquire(&self, n: usize) {
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

/// Bytes counted in an [`InFlight`] gauge, given back when dropped.
pub(crate) struct Held {
    bytes: usize,
    gauge: Arc<InFlight>,
}

impl Held {
    /// `bytes` of `gauge` (already acquired), given back when dropped.
    pub(crate) fn new(gauge: &Arc<InFlight>, bytes: usize) -> Held {
        Held {
            bytes,
            gauge: Arc::clone(gauge),
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.gauge.release(self.bytes);
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
        drop(Held::new(&gauge, 500));
        gauge.acquire(60);
        let (tx, rx) = std::sync::mpsc::channel();
        let g = Arc::clone(&gauge);
        let waiter = std::thread::spawn(move || {
            g.acquire(60);
            tx.send(()).unwrap();
        });
        // 60 + 60 > 100: the second batch waits for the first to be indexed.
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
        drop(Held::new(&gauge, 60));
        rx.recv_timeout(Duration::from_secs(5))
            .expect("released when the document is dropped");
        waiter.join().unwrap();
        assert_eq!(gauge.state.lock().unwrap().bytes, 60);
    }
}
