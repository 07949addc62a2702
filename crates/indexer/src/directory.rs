//! The directory an index lives in: tantivy's [`MmapDirectory`] behind a
//! thin wrapper that notices a full disk, and, in debug builds with the
//! fault-injection seam's `enospc-after-bytes:N`, has only N bytes of room.
//!
//! Why notice it here: tantivy turns some I/O errors into strings (its
//! store and fast-field writers give `InternalError("No space left …")`),
//! and sagasu does not match on tantivy's texts. The wrapper sees the
//! `io::Error` itself.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite, WatchCallback, WatchHandle,
    WritePtr,
};
use tantivy::Directory;

/// What is observed of an index directory while tantivy uses it: whether a
/// write failed for lack of room, and how many copies of it are alive.
#[derive(Debug, Clone, Default)]
pub(crate) struct Observed(Arc<Shared>);

#[derive(Debug, Default)]
struct Shared {
    full: AtomicBool,
    /// Copies of the directory alive (tantivy clones it for every thread
    /// and reader that uses the index).
    copies: Mutex<usize>,
    unused: Condvar,
}

impl Observed {
    /// Whether a write failed with ENOSPC since the directory was opened.
    pub fn disk_full(&self) -> bool {
        self.0.full.load(Ordering::Relaxed)
    }

    /// Waits until no copy of the directory is left, i.e. every tantivy
    /// thread that used it has ended, or `limit` has passed.
    pub fn wait_unused(&self, limit: Duration) {
        let deadline = Instant::now() + limit;
        let mut copies = self.0.copies.lock().unwrap_or_else(|e| e.into_inner());
        while *copies > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            copies = self
                .0
                .unused
                .wait_timeout(copies, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn count(&self, delta: isize) {
        let mut copies = self.0.copies.lock().unwrap_or_else(|e| e.into_inner());
        *copies = copies.saturating_add_signed(delta);
        if *copies == 0 {
            self.0.unused.notify_all();
        }
    }

    /// Notes `r`'s error if it is ENOSPC.
    fn watch<T>(&self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r {
            if e.kind() == io::ErrorKind::StorageFull || e.raw_os_error() == Some(28) {
                self.0.full.store(true, Ordering::Relaxed);
            }
        }
        r
    }
}

/// Opens the directory of the index folder `dir`.
pub(crate) fn open(dir: &Path) -> Result<(IndexDirectory, Observed), OpenDirectoryError> {
    let inner = MmapDirectory::open(dir)?;
    let observed = Observed::default();
    observed.count(1);
    let directory = IndexDirectory {
        inner,
        full: observed.clone(),
        room: room(),
    };
    Ok((directory, observed))
}

/// The room the fault-injection seam leaves, if it says so.
fn room() -> Option<Arc<Mutex<Room>>> {
    #[cfg(debug_assertions)]
    if let Some(free) = crate::fault::seam::faults().enospc_after_bytes {
        return Some(Arc::new(Mutex::new(Room {
            free,
            files: Default::default(),
        })));
    }
    None
}

/// Bytes on disk of the files written through the wrapper, and the room
/// left (the fault-injection seam's full disk).
#[derive(Debug, Default)]
struct Room {
    free: u64,
    files: std::collections::HashMap<PathBuf, u64>,
}

impl Room {
    /// Takes `n` bytes for `path`, or fails with ENOSPC.
    fn take(&mut self, path: &Path, n: u64) -> io::Result<()> {
        if n > self.free {
            self.free = 0;
            return Err(io::Error::from_raw_os_error(28));
        }
        self.free -= n;
        *self.files.entry(path.to_path_buf()).or_default() += n;
        Ok(())
    }

    fn give_back(&mut self, path: &Path) {
        if let Some(n) = self.files.remove(path) {
            self.free += n;
        }
    }
}

fn lock(room: &Mutex<Room>) -> std::sync::MutexGuard<'_, Room> {
    room.lock().unwrap_or_else(|e| e.into_inner())
}

/// An index folder's directory; see the module docs.
#[derive(Debug)]
pub(crate) struct IndexDirectory {
    inner: MmapDirectory,
    full: Observed,
    room: Option<Arc<Mutex<Room>>>,
}

impl Clone for IndexDirectory {
    fn clone(&self) -> IndexDirectory {
        self.full.count(1);
        IndexDirectory {
            inner: self.inner.clone(),
            full: self.full.clone(),
            room: self.room.clone(),
        }
    }
}

impl Drop for IndexDirectory {
    fn drop(&mut self) {
        self.full.count(-1);
    }
}

/// A file being written, whose errors are watched.
struct Watched {
    inner: WritePtr,
    path: PathBuf,
    full: Observed,
    room: Option<Arc<Mutex<Room>>>,
}

impl Write for Watched {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(room) = &self.room {
            self.full.watch(lock(room).take(&self.path, buf.len() as u64))?;
        }
        self.full.watch(self.inner.write_all(buf))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.full.watch(self.inner.flush())
    }
}

impl TerminatingWrite for Watched {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.full.watch(self.inner.terminate_ref(token))
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)?;
        if let Some(room) = &self.room {
            lock(room).give_back(path);
        }
        Ok(())
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let inner = self.inner.open_write(path)?;
        Ok(io::BufWriter::new(Box::new(Watched {
            inner,
            path: path.to_path_buf(),
            full: self.full.clone(),
            room: self.room.clone(),
        })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        if let Some(room) = &self.room {
            let mut room = lock(room);
            // The new version replaces the old one.
            room.give_back(path);
            self.full.watch(room.take(path, data.len() as u64))?;
        }
        self.full.watch(self.inner.atomic_write(path, data))
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A failed pass waits for the copies tantivy's threads hold: the wait
    /// ends when the last copy is dropped, whichever thread holds it.
    #[test]
    fn the_wait_ends_when_the_last_copy_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (directory, observed) = open(dir.path()).unwrap();
        let copy = directory.clone();
        drop(directory);
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let holder = std::thread::spawn(move || {
            rx.recv().unwrap();
            drop(copy);
        });
        tx.send(()).unwrap();
        observed.wait_unused(Duration::from_secs(600));
        assert_eq!(*observed.0.copies.lock().unwrap(), 0);
        holder.join().unwrap();
        // With no copy left, it does not wait at all.
        let started = Instant::now();
        observed.wait_unused(Duration::from_secs(600));
        assert!(started.elapsed() < Duration::from_secs(60));
    }

    #[test]
    fn a_full_disk_is_noticed_in_any_write() {
        let dir = tempfile::tempdir().unwrap();
        let (directory, observed) = open(dir.path()).unwrap();
        assert!(!observed.disk_full());
        let err = observed.watch::<()>(Err(io::Error::from_raw_os_error(28)));
        assert!(err.is_err() && observed.disk_full());
        drop(directory);
    }
}
