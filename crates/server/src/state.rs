//! What every handler shares ([`App`]): the live index, the `Host` check,
//! the limits, and the bounded pools that run searches.
//!
//! Searches run in two pools ([`Lane`]): a query with a prefix or fuzzy
//! word (which stands for many indexed words) waits for a slot of its own
//! pool, so that however many such queries arrive, the others never queue
//! behind them; and a search whose request is given up (its time is up,
//! its client has gone) is cancelled, so that its slot and its CPU are
//! freed within moments rather than when it would have finished.

use std::sync::Arc;

use sagasu_searcher::query::parse;
use sagasu_searcher::{Cancel, Searcher};
use tokio::sync::Semaphore;

use crate::config::Limits;
use crate::host::HostCheck;
use crate::live::LiveIndex;

/// What every handler shares.
pub struct App {
    /// The index, reopened after each commit.
    pub live: LiveIndex,
    /// The `Host` values answered.
    pub hosts: HostCheck,
    /// The limits.
    pub limits: Limits,
    /// Whether the corpus is re-indexed on every change (the page says so).
    pub watching: bool,
    /// One permit per search running, for searches of [`Lane::Plain`].
    plain: Arc<Semaphore>,
    /// One permit per search running, for searches of [`Lane::Costly`].
    costly: Arc<Semaphore>,
}

/// Which pool a search waits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Words and phrases.
    Plain,
    /// A query with a prefix or fuzzy word.
    Costly,
}

impl Lane {
    /// The lane of query text `q` (none: a document view without a
    /// query). A query that does not parse is refused at once: plain.
    pub fn of(q: Option<&str>) -> Lane {
        match q.map(parse) {
            Some(Ok(node)) if node.has_prefix_or_fuzzy() => Lane::Costly,
            _ => Lane::Plain,
        }
    }
}

/// A search that could not finish.
#[derive(Debug, thiserror::Error)]
pub enum Fault {
    /// The search panicked (a bug): the server goes on.
    #[error("the search failed unexpectedly")]
    Panicked,
    /// The server is shutting down.
    #[error("the server is shutting down")]
    Closed,
}

/// Cancels a search when the request that waits for it is dropped (its
/// time is up, or its client has gone).
struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

impl App {
    /// The shared state.
    pub fn new(live: LiveIndex, hosts: HostCheck, limits: Limits, watching: bool) -> App {
        let slots = limits.search_slots.max(1);
        App {
            plain: Arc::new(Semaphore::new(slots)),
            costly: Arc::new(Semaphore::new((slots / 2).max(1))),
            live,
            hosts,
            limits,
            watching,
        }
    }

    /// Runs `work` on the current snapshot's searcher, on a blocking
    /// thread, once one of the slots of `lane` is free; returns its result
    /// and why the snapshot is stale, if it is.
    ///
    /// **Trap:** the slot goes with the work, not with the request: a
    /// request that times out stops waiting at once, and its search, told
    /// to stop ([`Cancel`]), holds the slot until it has stopped (its
    /// partial results go nowhere). The bound on CPU work holds.
    pub async fn run<T, F>(self: &Arc<Self>, lane: Lane, work: F) -> Result<(T, Option<String>), Fault>
    where
        F: FnOnce(&Searcher) -> T + Send + 'static,
        T: Send + 'static,
    {
        let pool = match lane {
            Lane::Plain => &self.plain,
            Lane::Costly => &self.costly,
        };
        let permit = Arc::clone(pool).acquire_owned().await.map_err(|_| Fault::Closed)?;
        let cancel = Cancel::new();
        let _cancel_when_dropped = CancelOnDrop(cancel.clone());
        let app = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let snapshot = app.live.current();
            let done = cancel.run(|| work(&snapshot.searcher));
            (done, snapshot.stale.clone())
        })
        .await
        .map_err(|_| Fault::Panicked)
    }
}

#[cfg(test)]
mod tests {
    use super::Lane;

    #[test]
    fn prefix_and_fuzzy_words_wait_in_their_own_lane() {
        for q in ["a*", "Nordpol* summit", "(x OR Ishbia~1)", "x -cho*", "title:kor*"] {
            assert_eq!(Lane::of(Some(q)), Lane::Costly, "{q}");
        }
        for q in ["summit", "\"joint declaration\"", "path:004*", "(unbalanced"] {
            assert_eq!(Lane::of(Some(q)), Lane::Plain, "{q}");
        }
        assert_eq!(Lane::of(None), Lane::Plain);
    }
}
