//! `sagasu index --watch`: re-index whenever a file of the corpus changes,
//! until killed.
//!
//! A watcher must outlive what goes wrong around it. Two things do:
//!
//! - The corpus folder is deleted and created again (a checkout, a sync
//!   tool, `rm -r corpus && cp -r backup corpus`). The watch of the old
//!   folder dies with it, so the watcher notices the folder is gone, says
//!   so once, polls for it to come back and watches the new folder.
//! - A pass fails (another `sagasu index` holds the writer lock, the disk is
//!   full). Its changes are not lost: the pass runs again after a back-off
//!   (1 s, doubling up to a minute), however many events come meanwhile.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};
use sagasu_indexer::{IndexOptions, IndexReport};

use crate::build::index_once;
use crate::output::{error_line, path_name};

/// How long the corpus must be quiet before a batch is indexed.
const QUIET: Duration = Duration::from_millis(300);
/// A batch is indexed at the latest this long after its first event, even
/// if changes keep coming.
const MAX_DELAY: Duration = Duration::from_secs(3);
/// How often a missing corpus folder is looked for.
const POLL: Duration = Duration::from_millis(500);
/// The first wait before a failed pass runs again; it doubles up to
/// [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// A folder's identity (device, inode): a folder created again under the
/// same name is another folder, and needs a new watch.
fn identity(path: &Path) -> Result<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Ok((m.dev(), m.ino())),
        Ok(_) => anyhow::bail!("not a folder"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => anyhow::bail!("no such folder"),
        Err(e) => Err(e.into()),
    }
}

/// The folder being watched.
struct Watched {
    /// Canonical path: events carry paths below it, compared with the
    /// canonical index path.
    path: PathBuf,
    identity: (u64, u64),
}

/// A file watcher on the corpus, feeding a channel of events.
pub struct Watching {
    rx: mpsc::Receiver<notify::Event>,
    watcher: notify::RecommendedWatcher,
    /// The corpus as given on the command line.
    corpus: PathBuf,
    /// The folder watched now; `None` while the corpus is gone.
    watched: Option<Watched>,
    /// The index folder, canonical, whose own writes are ignored.
    index_dir: PathBuf,
}

/// What the loop waits for next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Due {
    /// Nothing to do until an event comes.
    Nothing,
    /// A pass at this instant, for a batch whose pass failed; the back-off
    /// that led to it, doubled if it fails again.
    Retry(Instant, Duration),
}

impl Watching {
    /// Starts watching `opts.corpus` (before the first pass, so that no
    /// change made during it is missed).
    pub fn start(opts: &IndexOptions) -> Result<Watching> {
        let (tx, rx) = mpsc::channel();
        let watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
            if let Ok(ev) = ev {
                let _ = tx.send(ev);
            }
        })
        .context("cannot watch the corpus")?;
        // The index folder may not exist yet: create it to know its
        // canonical path (the first run would create it anyway).
        let _ = std::fs::create_dir_all(&opts.index);
        let index_dir = opts.index.canonicalize().unwrap_or_else(|_| opts.index.clone());
        let mut w = Watching {
            rx,
            watcher,
            corpus: opts.corpus.clone(),
            watched: None,
            index_dir,
        };
        w.arm()
            .with_context(|| format!("cannot watch {}", path_name(&opts.corpus)))?;
        Ok(w)
    }

    /// Watches the corpus folder if it is not watched yet or was replaced.
    /// Returns whether a new folder is watched now (a pass is due then:
    /// its files may have changed unseen).
    fn arm(&mut self) -> Result<bool> {
        let identity = identity(&self.corpus)?;
        if self.watched.as_ref().is_some_and(|w| w.identity == identity) {
            return Ok(false);
        }
        if let Some(old) = self.watched.take() {
            // Already gone with its folder, usually.
            let _ = self.watcher.unwatch(&old.path);
        }
        let path = self.corpus.canonicalize()?;
        self.watcher.watch(&path, RecursiveMode::Recursive)?;
        self.watched = Some(Watched { path, identity });
        Ok(true)
    }

    /// Re-indexes on every change below the corpus, debounced, until
    /// killed; `report` prints each pass that changed the index. With
    /// `first`, a pass runs at once, and is retried like any other if it
    /// fails (`sagasu serve`: another `sagasu index` may hold the index).
    pub fn run(
        mut self,
        opts: &IndexOptions,
        first: bool,
        mut report: impl FnMut(&IndexReport) -> Result<()>,
    ) -> Result<()> {
        eprintln!("sagasu: watching {} (Ctrl-C to stop)", path_name(&opts.corpus));
        // Due now; a failure waits FIRST_BACKOFF (the half doubled).
        let mut due = if first {
            Due::Retry(Instant::now(), FIRST_BACKOFF / 2)
        } else {
            Due::Nothing
        };
        let mut gone = false;
        loop {
            let changed = self.wait(due, gone)?;
            // Is the corpus still the folder watched?
            match self.arm() {
                Ok(replaced) => {
                    if gone || replaced {
                        eprintln!("sagasu: watching {} again", path_name(&self.corpus));
                    }
                    gone = false;
                    // A failed batch waits for its retry, whatever comes.
                    let pass = replaced
                        || match due {
                            Due::Retry(at, _) => Instant::now() >= at,
                            Due::Nothing => changed,
                        };
                    if !pass {
                        continue;
                    }
                }
                Err(e) => {
                    if !gone {
                        eprintln!(
                            "sagasu: {} is gone ({}); waiting for it to come back",
                            path_name(&self.corpus),
                            error_line(&e)
                        );
                        self.watched = None;
                        gone = true;
                    }
                    continue;
                }
            }
            due = match index_once(opts) {
                Ok(r) => {
                    if r.changed() > 0 || r.rebuilt.is_some() {
                        report(&r)?;
                    }
                    Due::Nothing
                }
                Err(e) => {
                    let backoff = match due {
                        Due::Retry(_, last) => (last * 2).min(MAX_BACKOFF),
                        Due::Nothing => FIRST_BACKOFF,
                    };
                    eprintln!("sagasu: error: {}; retrying in {} s", error_line(&e), backoff.as_secs());
                    Due::Retry(Instant::now() + backoff, backoff)
                }
            };
        }
    }

    /// Waits until a pass may be due: a relevant event (then the batch is
    /// debounced and `true` returned), a retry's time, or, while the corpus
    /// is gone, the next poll.
    fn wait(&self, due: Due, gone: bool) -> Result<bool> {
        let deadline = match due {
            Due::Retry(at, _) => Some(at),
            Due::Nothing => None,
        };
        let deadline = if gone {
            Some(deadline.map_or(Instant::now() + POLL, |d| d.min(Instant::now() + POLL)))
        } else {
            deadline
        };
        loop {
            let ev = match deadline {
                None => self.rx.recv().context("the file watcher stopped")?,
                Some(at) => match self.rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(ev) => ev,
                    Err(RecvTimeoutError::Timeout) => return Ok(false),
                    Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the file watcher stopped"),
                },
            };
            if relevant(&ev, &self.index_dir) {
                let first = Instant::now();
                while first.elapsed() < MAX_DELAY && self.rx.recv_timeout(QUIET).is_ok() {}
                return Ok(true);
            }
        }
    }
}

/// Whether an event may change what is indexed: not a mere read, and not
/// only the index's own files.
fn relevant(ev: &notify::Event, index_dir: &Path) -> bool {
    !ev.kind.is_access() && ev.paths.iter().any(|p| !p.starts_with(index_dir))
}
