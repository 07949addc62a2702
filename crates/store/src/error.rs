//! What can be wrong with an index folder when it is opened: one line
//! each, that says what is wrong and what to do, without tantivy's
//! internals.

use std::path::{Path, PathBuf};

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

/// Why an index folder could not be opened (or inspected).
///
/// Trap: no variant keeps an `io::Error` or a `TantivyError` as its
/// `source`: the text already says what it says, and a caller printing the
/// chain (`anyhow`'s `{:#}`) would print the OS error twice.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
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
    /// The last commit is of this version, but its record (the commit
    /// payload) does not read: its format changed without a version bump.
    #[error("index {path} was built by this analyzer version, but its commit record cannot be read ({reason}); run `sagasu index` to re-index")]
    Unreadable {
        /// The index folder.
        path: PathBuf,
        /// Why it does not read.
        reason: String,
    },
    /// The index files are damaged (truncated, missing, unreadable).
    #[error("index {path} is damaged ({reason}); run `sagasu index --rebuild`")]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// What is damaged.
        reason: String,
    },
    /// An I/O error on the index folder itself.
    #[error("index {path}: {}", os_error(error))]
    Io {
        /// The index folder.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
}

impl StoreError {
    /// An I/O error on the index folder at `path`.
    pub fn io(path: &Path, error: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.into(),
            error,
        }
    }

    /// The index at `path` is damaged: `e` says how.
    pub fn damaged(path: &Path, e: &TantivyError) -> StoreError {
        StoreError::Damaged {
            path: path.into(),
            reason: describe(e),
        }
    }
}

/// The OS's words for an I/O error (`Permission denied (os error 13)`),
/// from the error itself or the first of its sources that has them.
pub fn os_error(err: &std::io::Error) -> String {
    if err.raw_os_error().is_some() {
        return err.to_string();
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(err);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.raw_os_error().is_some() {
                return io.to_string();
            }
        }
        source = e.source();
    }
    err.to_string()
}

/// The I/O error inside a tantivy error, if there is one.
pub fn io_error(e: &TantivyError) -> Option<&std::io::Error> {
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
pub fn describe(e: &TantivyError) -> String {
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

    #[test]
    fn the_os_error_is_said_once() {
        let e = StoreError::io(Path::new("idx"), std::io::Error::from_raw_os_error(17));
        assert!(std::error::Error::source(&e).is_none());
        assert_eq!(e.to_string(), "index idx: File exists (os error 17)");
    }
}
