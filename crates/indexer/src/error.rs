//! Errors of an indexing pass, or of opening an index: one line each, that
//! says what is wrong and what to do, without tantivy's internals.

use std::path::{Path, PathBuf};

use sagasu_store::{describe, io_error, os_error, StoreError};
use tantivy::directory::error::LockError;
use tantivy::directory::INDEX_WRITER_LOCK;
use tantivy::TantivyError;

/// Why an indexing pass (or opening an index) failed as a whole.
///
/// Problems with single files are not errors: they are reported in
/// [`crate::IndexReport::skipped`] and the pass goes on.
///
/// Trap: no variant keeps an `io::Error` or a `TantivyError` as its
/// `source`: the text already says what it says, and a caller printing the
/// chain (`anyhow`'s `{:#}`) would print the OS error twice.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The corpus folder does not exist or is not a folder.
    #[error("corpus folder {path}: {reason}")]
    Corpus {
        /// The corpus path as given.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The index folder is the corpus folder.
    #[error("the index folder {path} is the corpus folder; pass --index a folder outside the corpus, or one inside it (it is left out of the corpus)")]
    SameFolder {
        /// The folder.
        path: PathBuf,
    },
    /// Another process holds the index writer lock.
    #[error("index {path} is locked by another `sagasu index` (tantivy's writer lock {}); try again when it has finished", lock.display())]
    Locked {
        /// The index folder.
        path: PathBuf,
        /// The lock file's name.
        lock: PathBuf,
    },
    /// The first build of the index is still running in another process.
    #[error("index {path} is incomplete: another `sagasu index` is still building it; try again when it has finished")]
    Building {
        /// The index folder.
        path: PathBuf,
    },
    /// The index folder cannot be opened: missing, incomplete, of another
    /// version, damaged, or not sagasu's.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The disk is full. What the pass wrote was deleted again.
    #[error("no space left on device writing the index at {path}")]
    NoSpace {
        /// The index folder.
        path: PathBuf,
    },
    /// An I/O error on the index folder itself.
    #[error("index {path}: {}", os_error(error))]
    Io {
        /// The index folder.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// tantivy failed while writing or committing.
    #[error("index {path}: {reason}")]
    Tantivy {
        /// The index folder.
        path: PathBuf,
        /// What failed, in a few words.
        reason: String,
    },
}

impl IndexError {
    /// An I/O error on the index folder at `path`.
    pub(crate) fn io(path: &Path, error: std::io::Error) -> IndexError {
        if is_full(&error) {
            IndexError::NoSpace { path: path.into() }
        } else {
            IndexError::Io {
                path: path.into(),
                error,
            }
        }
    }

    /// A tantivy error on the index at `path`.
    pub(crate) fn from_tantivy(path: &Path, e: TantivyError) -> IndexError {
        if let TantivyError::LockFailure(LockError::LockBusy, _) = e {
            return IndexError::Locked {
                path: path.into(),
                lock: INDEX_WRITER_LOCK.filepath.clone(),
            };
        }
        if io_error(&e).is_some_and(is_full) {
            return IndexError::NoSpace { path: path.into() };
        }
        IndexError::Tantivy {
            path: path.into(),
            reason: describe(&e),
        }
    }
}

fn is_full(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull || e.raw_os_error() == Some(28)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_full_disk_is_one_plain_line() {
        let e = TantivyError::IoError(Arc::new(std::io::Error::from_raw_os_error(28)));
        let err = IndexError::from_tantivy(Path::new("idx"), e);
        assert_eq!(err.to_string(), "no space left on device writing the index at idx");
        let e = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(matches!(
            IndexError::io(Path::new("idx"), e),
            IndexError::NoSpace { .. }
        ));
    }

    #[test]
    fn the_os_error_is_said_once() {
        let e = IndexError::io(Path::new("idx"), std::io::Error::from_raw_os_error(17));
        assert!(std::error::Error::source(&e).is_none());
        assert_eq!(e.to_string(), "index idx: File exists (os error 17)");
    }
}
