//! The index as the server sees it: the last complete commit, reopened on
//! the first request after a new one.
//!
//! Every request asks [`LiveIndex::current`] for a [`Snapshot`]: one
//! `stat` of the index's `meta.json` tells whether a commit happened since
//! the snapshot was opened (tantivy replaces `meta.json` atomically on
//! every commit). If one did, the index is opened again with
//! `sagasu_store::open_index`, which checks everything `sagasu search`
//! checks; a request then works on one snapshot from start to end, and a
//! tantivy searcher is a consistent view of one commit, so nothing is ever
//! served half-updated.
//!
//! **Trap:** a commit is not always servable: a first build or a rebuild
//! that clears the folder commits "incomplete" checkpoints, and the folder
//! may briefly hold no `meta.json` at all. Then the previous snapshot stays
//! (its files stay readable while it holds them open) and
//! [`Snapshot::stale`] says why; the next commit is tried again.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::SystemTime;

use sagasu_searcher::{Aliases, Searcher};
use sagasu_store::{open_index, StoreError};

/// How to open the index: where it is, and the searcher's settings.
#[derive(Debug, Clone)]
pub struct Source {
    /// The index folder.
    pub index: PathBuf,
    /// Alias groups to expand (the corpus's file and `--aliases`).
    pub aliases: Aliases,
    /// Whether names are searched across romanizations.
    pub romanize: bool,
    /// The corpus folder, where `/file` reads an indexed PDF and results
    /// are checked to be still there; `None`: no file is served or checked.
    pub corpus: Option<PathBuf>,
}

impl Source {
    fn open(&self) -> Result<Searcher, StoreError> {
        let opened = open_index(&self.index)?;
        Ok(Searcher::new(opened.reader, opened.fields, self.aliases.clone())
            .folder(opened.path)
            .romanization(self.romanize))
    }
}

/// What a request works on: one searcher over one commit.
pub struct Snapshot {
    /// The searcher of the last complete commit.
    pub searcher: Arc<Searcher>,
    /// How many times the served index changed since the server started
    /// (0: the index it started with): one more for each commit opened.
    pub generation: u64,
    /// When the served commit was made (its `meta.json` written).
    pub changed: Option<SystemTime>,
    /// Why a newer commit is not served (it is incomplete, or of another
    /// version), if one is not.
    pub stale: Option<String>,
    /// The `meta.json` this snapshot answers for.
    stamp: Option<Stamp>,
}

/// Identity of one version of `meta.json`: tantivy writes a new file and
/// renames it over the old one at every commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: u64,
}

/// The index, reopened when a commit happens.
pub struct LiveIndex {
    source: Source,
    meta: PathBuf,
    current: RwLock<Arc<Snapshot>>,
    /// Held while reopening, so that concurrent requests open it once.
    reopening: Mutex<()>,
}

impl LiveIndex {
    /// How it is opened.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Opens the index (it must be complete: build it first).
    pub fn open(source: Source) -> Result<LiveIndex, StoreError> {
        let meta = source.index.join("meta.json");
        let stamp = stamp(&meta);
        let searcher = Arc::new(source.open()?);
        Ok(LiveIndex {
            current: RwLock::new(Arc::new(Snapshot {
                searcher,
                generation: 0,
                changed: stamp.and_then(|s| s.modified),
                stale: None,
                stamp,
            })),
            source,
            meta,
            reopening: Mutex::new(()),
        })
    }

    /// The snapshot to answer a request with: the current one, or the index
    /// reopened if a commit happened since.
    pub fn current(&self) -> Arc<Snapshot> {
        let now = stamp(&self.meta);
        let snapshot = self.read();
        if snapshot.stamp == now {
            return snapshot;
        }
        let _one = self.reopening.lock().unwrap_or_else(PoisonError::into_inner);
        let snapshot = self.read();
        // Stamped before opening: a commit during the open is seen next time.
        let now = stamp(&self.meta);
        if snapshot.stamp == now {
            return snapshot;
        }
        let next = Arc::new(match self.source.open() {
            Ok(searcher) => Snapshot {
                searcher: Arc::new(searcher),
                generation: snapshot.generation + 1,
                changed: now.and_then(|s| s.modified),
                stale: None,
                stamp: now,
            },
            // Still the same index served.
            Err(e) => Snapshot {
                searcher: Arc::clone(&snapshot.searcher),
                generation: snapshot.generation,
                changed: snapshot.changed,
                stale: Some(why_stale(&e)),
                stamp: now,
            },
        });
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::clone(&next);
        next
    }

    /// The snapshot served now, without looking for a newer commit.
    pub fn served(&self) -> Arc<Snapshot> {
        self.read()
    }

    fn read(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }
}

fn stamp(meta: &std::path::Path) -> Option<Stamp> {
    let m = std::fs::metadata(meta).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
        #[cfg(unix)]
        inode: std::os::unix::fs::MetadataExt::ino(&m),
    })
}

fn why_stale(e: &StoreError) -> String {
    match e {
        StoreError::Incomplete { .. } => "the index is being built; showing its last complete version".into(),
        other => format!("the index cannot be opened now ({other}); showing its last version"),
    }
}
