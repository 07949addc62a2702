//! Opening an index for reading: consistent reads of its last commit, once
//! it is checked to be a complete sagasu index of this version.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sagasu_analysis::schema::Fields;
use sagasu_analysis::{register_tokenizers, ANALYZER_VERSION};
use tantivy::directory::error::OpenReadError;
use tantivy::directory::MmapDirectory;
use tantivy::{Directory, Index, IndexReader, ReloadPolicy, TantivyError};

use crate::commit::{Commit, Payload};
use crate::error::StoreError;
use crate::folder::{self, Holds, META};

/// An opened, checked sagasu index with a reader on its last commit.
pub struct OpenedIndex {
    /// The tantivy index, with sagasu's analyzers registered.
    pub index: Index,
    /// The schema's fields.
    pub fields: Fields,
    /// A reader with [`ReloadPolicy::Manual`]: call `reload()` after a commit.
    pub reader: IndexReader,
    /// Where the index lives.
    pub path: PathBuf,
}

/// Opens the index at `dir` for reading.
///
/// Fails with [`StoreError::Missing`] when nothing was built there,
/// [`StoreError::Incomplete`] when its first build has not finished,
/// [`StoreError::Foreign`] for a folder of something else,
/// [`StoreError::Outdated`] when another analyzer version built it,
/// [`StoreError::Unreadable`] when its commit record does not read, and
/// [`StoreError::Damaged`] when its files cannot be read.
///
/// Opening races with a concurrent `sagasu index`: its commit may delete the
/// files of the commit this reader was about to open (merged segments, old
/// deletion bitsets). Then the open is retried on the new commit. Once
/// opened, the reader's files stay readable (they are memory-mapped) even if
/// a later commit deletes them.
pub fn open_index(dir: &Path) -> Result<OpenedIndex, StoreError> {
    let mut attempt = 0;
    loop {
        match open_once(dir) {
            Err(Retry::Missing(_)) if attempt < 5 => {}
            Err(Retry::Missing(e) | Retry::No(e)) => return Err(e),
            Ok(opened) => return Ok(opened),
        }
        attempt += 1;
        std::thread::sleep(Duration::from_millis(10 << attempt));
    }
}

/// Opens the tantivy index in the folder `dir` through `directory` (the
/// indexer passes one that notices a full disk), with sagasu's tokenizers
/// registered. Nothing is checked beyond tantivy's own files.
pub fn open_in<D: Directory>(dir: &Path, directory: D) -> Result<Index, StoreError> {
    let index = Index::open(directory).map_err(|e| StoreError::damaged(dir, &e))?;
    register_tokenizers(&index);
    Ok(index)
}

/// A reader on the last commit of `index` (at `path`), reloaded only when
/// asked.
pub fn reader(index: &Index, path: &Path) -> Result<IndexReader, StoreError> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| StoreError::damaged(path, &e))
}

/// An open failure, and whether a file was missing (which a concurrent
/// commit can cause, so that trying again on the new commit may succeed).
enum Retry {
    Missing(StoreError),
    No(StoreError),
}

fn open_once(dir: &Path) -> Result<OpenedIndex, Retry> {
    let path = dir.to_path_buf();
    let no = Retry::No;
    if let Holds::Nothing = folder::inspect(dir).map_err(no)? {
        return Err(no(StoreError::Missing { path }));
    }
    let meta = match std::fs::read(dir.join(META)) {
        Ok(meta) => meta,
        // Claimed, the index not created yet: a first build just started.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(no(StoreError::Incomplete { path })),
        Err(e) => return Err(no(StoreError::io(dir, e))),
    };
    if serde_json::from_slice::<serde_json::Value>(&meta).is_err() {
        return Err(no(StoreError::Damaged {
            path,
            reason: "meta.json is truncated or corrupted".into(),
        }));
    }
    let directory = MmapDirectory::open(dir).map_err(|e| {
        no(StoreError::Damaged {
            path: path.clone(),
            reason: e.to_string(),
        })
    })?;
    let index = open_in(dir, directory).map_err(no)?;
    let damaged = |e: &TantivyError| StoreError::damaged(&path, e);
    match Payload::of(&index).map_err(|e| no(damaged(&e)))? {
        Commit::Current(p) if !p.incomplete => {}
        Commit::None | Commit::Current(_) => return Err(no(StoreError::Incomplete { path })),
        Commit::Other(found) => {
            return Err(no(StoreError::Outdated {
                path,
                found,
                expected: ANALYZER_VERSION,
            }))
        }
        Commit::Unreadable(reason) => return Err(no(StoreError::Unreadable { path, reason })),
        Commit::Foreign => {
            return Err(no(StoreError::Outdated {
                path,
                found: "none (the index records no sagasu version)".into(),
                expected: ANALYZER_VERSION,
            }))
        }
    }
    let fields = Fields::from_schema(&index.schema()).map_err(|missing| {
        no(StoreError::Damaged {
            path: path.clone(),
            reason: format!("its schema has no `{missing}` field"),
        })
    })?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: TantivyError| {
            let missing = matches!(e, TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(_)));
            if missing {
                Retry::Missing(damaged(&e))
            } else {
                no(damaged(&e))
            }
        })?;
    Ok(OpenedIndex {
        index,
        fields,
        reader,
        path,
    })
}
