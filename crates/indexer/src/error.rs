//! Errors of an indexing pass, or of opening an index: one line each, that
//! says what is wrong and what to do, without tantivy's internals.

use std::path::{Path, PathBuf};

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

use crate::walk::os_error;

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
    #[error("corpus {path}: {reason}")]
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
    /// No index has been built at this path yet.
    #[error("no index at {path}; run `sagasu index` first")]
    Missing {
        /// The index folder.
        path: PathBuf,
    },
    /// The first build of the index did not finish.
    #[error("index {path} is incomplete: its first build did not finish; run `sagasu index` to finish it")]
    Incomplete {
        /// The index folder.
        path: PathBuf,
    },
    /// The folder holds something sagasu did not write.
    #[error("{path} is not a sagasu index ({example}); sagasu deletes only files it wrote, so pass --index a new or empty folder")]
    Foreign {
        /// The folder.
        path: PathBuf,
        /// What is there instead, e.g. `it holds notes.txt`.
        example: String,
    },
    /// The index path is a file.
    #[error("index {path} is a file, not a folder; pass --index a folder")]
    NotAFolder {
        /// The path.
        path: PathBuf,
    },
    /// The index was built by another version of the analyzer or schema.
    #[error("index {path} was built by analyzer version {found}, this sagasu uses version {expected}; run `sagasu index` to re-index")]
    Outdated {
        /// The index folder.
        path: PathBuf,
        /// Version found in the index.
        found: String,
        /// Version of this build.
        expected: u32,
    },
    /// The index files are damaged (truncated, missing, unreadable).
    #[error("index {path} is damaged ({reason}); run `sagasu index --rebuild`")]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What is damaged.
        reason: String,
    },
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
                lock: crate::writer::lock_name(),
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

/// The I/O error inside a tantivy error, if there is one.
fn io_error(e: &TantivyError) -> Option<&std::io::Error> {
    match e {
        TantivyError::IoError(io) => Some(io),
        TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, .. })
        | TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. })
        | TantivyError::OpenDirectoryError(OpenDirectoryError::IoError { io_error, .. }) => Some(io_error),
        TantivyError::LockFailure(LockError::IoError(io), _) => Some(io),
        _ => None,
    }
}

/// What went wrong, for a person: which file is missing or truncated, the
/// OS's words for an I/O error; never tantivy's internals.
pub(crate) fn describe(e: &TantivyError) -> String {
    let name = |p: &Path| {
        p.file_name()
            .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
    };
    match e {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(p)) => format!("file {} is missing", name(p)),
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            if io_error.kind() == std::io::ErrorKind::InvalidData {
                format!("file {} is truncated or corrupted", name(filepath))
            } else {
                format!("cannot read {}: {}", name(filepath), os_error(io_error))
            }
        }
        TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(_)) | TantivyError::IncompatibleIndex(_) => {
            "it was written by an incompatible version of tantivy".into()
        }
        TantivyError::OpenWriteError(OpenWriteError::FileAlreadyExists(p)) => {
            format!("file {} already exists", name(p))
        }
        TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
            format!("cannot write {}: {}", name(filepath), os_error(io_error))
        }
        TantivyError::OpenDirectoryError(OpenDirectoryError::DoesNotExist(_)) => "the folder does not exist".into(),
        TantivyError::OpenDirectoryError(OpenDirectoryError::NotADirectory(_)) => "it is not a folder".into(),
        TantivyError::DataCorruption(_) => "its files are corrupted".into(),
        TantivyError::ErrorInThread(_) | TantivyError::Poisoned => "an indexing thread failed".into(),
        other => match io_error(other) {
            Some(io) => os_error(io),
            None => "tantivy failed".into(),
        },
    }
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
