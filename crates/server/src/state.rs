//! What every handler shares ([`App`]): the live index, the `Host` check,
//! the limits, and the bounded pool that runs searches.

use std::sync::Arc;

use sagasu_searcher::Searcher;
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
    /// One permit per search running.
    slots: Arc<Semaphore>,
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

impl App {
    /// The shared state.
    pub fn new(live: LiveIndex, hosts: HostCheck, limits: Limits) -> App {
        App {
            slots: Arc::new(Semaphore::new(limits.search_slots.max(1))),
            live,
            hosts,
            limits,
        }
    }

    /// Runs `work` on the current snapshot's searcher, on a blocking
    /// thread, once one of the search slots is free; returns its result
    /// and why the snapshot is stale, if it is.
    ///
    /// **Trap:** the slot goes with the work, not with the request: a
    /// request that times out stops waiting, but its search still holds
    /// the slot until it ends, so the bound on CPU work holds.
    pub async fn run<T, F>(self: &Arc<Self>, work: F) -> Result<(T, Option<String>), Fault>
    where
        F: FnOnce(&Searcher) -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = Arc::clone(&self.slots)
            .acquire_owned()
            .await
            .map_err(|_| Fault::Closed)?;
        let app = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let snapshot = app.live.current();
            (work(&snapshot.searcher), snapshot.stale.clone())
        })
        .await
        .map_err(|_| Fault::Panicked)
    }
}
