//! The index folder's lifecycle, as a pass writes it: claiming it with
//! sagasu's marker, opening and creating an index in it, and clearing an
//! old index. What a folder holds is read by `sagasu_store::inspect`.
//!
//! sagasu deletes only what it can prove it wrote (see `sagasu_store`'s
//! [`MARKER`](sagasu_store::MARKER)). Even then only the files tantivy
//! lists as its own (`.managed.json`) and `meta.json` are deleted; anything
//! else in the folder is left alone.

use std::path::{Path, PathBuf};

use sagasu_analysis::register_tokenizers;
use sagasu_analysis::schema::Fields;
use sagasu_store::{Marker, StoreError};
use tantivy::directory::{Directory, INDEX_WRITER_LOCK};
use tantivy::Index;

use crate::directory::{self, Observed};
use crate::error::IndexError;
use crate::fault;

/// tantivy's files that are not in its `.managed.json`.
const META: &str = "meta.json";
const MANAGED: &str = ".managed.json";

/// Claims `dir` for a new index: creates it if missing and writes the
/// marker. `dir` must hold nothing ([`inspect`]).
pub(crate) fn claim(dir: &Path, corpus: Option<PathBuf>) -> Result<Marker, IndexError> {
    std::fs::create_dir_all(dir).map_err(|e| IndexError::io(dir, e))?;
    let marker = Marker::new(corpus);
    marker.write(dir).map_err(|e| IndexError::io(dir, e))?;
    Ok(marker)
}

/// Records `corpus` (and this analyzer version) in the marker of an index
/// folder of ours, writing a marker into a folder that predates them.
pub(crate) fn remark(dir: &Path, old: Option<&Marker>, corpus: Option<PathBuf>) -> Result<(), IndexError> {
    let new = Marker::new(corpus);
    if old != Some(&new) {
        new.write(dir).map_err(|e| IndexError::io(dir, e))?;
    }
    Ok(())
}

/// Opens the tantivy index in `dir`, with sagasu's tokenizers registered,
/// and what notices a full disk while it is written.
pub(crate) fn open(dir: &Path) -> Result<(Index, Observed), IndexError> {
    let (directory, full) = directory::open(dir).map_err(|e| StoreError::Damaged {
        path: dir.into(),
        reason: e.to_string(),
    })?;
    Ok((sagasu_store::open_in(dir, directory)?, full))
}

/// Creates a new, empty index with sagasu's schema in the claimed `dir`.
pub(crate) fn create(dir: &Path) -> Result<(Index, Observed), IndexError> {
    let (directory, full) =
        directory::open(dir).map_err(|e| IndexError::io(dir, std::io::Error::other(e.to_string())))?;
    let index = Index::create(directory, Fields::build().0, Default::default()).map_err(|e| {
        if full.disk_full() {
            IndexError::NoSpace { path: dir.into() }
        } else {
            IndexError::from_tantivy(dir, e)
        }
    })?;
    register_tokenizers(&index);
    Ok((index, full))
}

/// Deletes the files of the index in `dir` that belong to no commit (what
/// a failed pass wrote), with tantivy's garbage collection.
pub(crate) fn collect_garbage(dir: &Path) {
    if let Ok((index, _)) = open(dir) {
        if let Ok(writer) = index.writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000) {
            let _ = writer.garbage_collect_files().wait();
        }
    }
}

/// Deletes the index in `dir`, an index folder of ours, holding tantivy's
/// writer lock so that a concurrent pass is not destroyed: `meta.json`
/// first (a pass killed while deleting leaves a folder with a marker and no
/// index, which the next pass recreates), then every file tantivy lists as
/// its own. The marker, the lock files, a `.gitignore` and anything tantivy
/// did not list stay.
pub(crate) fn clear(dir: &Path) -> Result<(), IndexError> {
    let directory = tantivy::directory::MmapDirectory::open(dir)
        .map_err(|e| IndexError::io(dir, std::io::Error::other(e.to_string())))?;
    let _lock = directory
        .acquire_lock(&INDEX_WRITER_LOCK)
        .map_err(|_| IndexError::Locked {
            path: dir.into(),
            lock: INDEX_WRITER_LOCK.filepath.clone(),
        })?;
    let managed: Vec<PathBuf> = match std::fs::read(dir.join(MANAGED)) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    remove(dir, Path::new(META))?;
    fault::crash_point("clearing");
    for name in managed.iter().filter(|p| is_plain_name(p)) {
        remove(dir, name)?;
    }
    remove(dir, Path::new(MANAGED))
}

/// Whether `p` is a bare file name (what `.managed.json` should hold): a
/// damaged list must not make sagasu delete outside the folder.
fn is_plain_name(p: &Path) -> bool {
    let mut parts = p.components();
    matches!(parts.next(), Some(std::path::Component::Normal(_))) && parts.next().is_none()
}

fn remove(dir: &Path, name: &Path) -> Result<(), IndexError> {
    match std::fs::remove_file(dir.join(name)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(IndexError::io(dir, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_names_are_deleted() {
        assert!(is_plain_name(Path::new("2c81f51ca42d442981e8b7b6a6d63465.idx")));
        for bad in ["../x", "/etc/passwd", "a/b", ".", ""] {
            assert!(!is_plain_name(Path::new(bad)), "{bad}");
        }
    }

    #[test]
    fn a_cleared_folder_keeps_what_tantivy_did_not_list() {
        let dir = tempfile::tempdir().unwrap();
        claim(dir.path(), None).unwrap();
        let (index, _) = create(dir.path()).unwrap();
        let mut w: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let fields = Fields::from_schema(&index.schema()).unwrap();
        w.add_document(tantivy::doc!(fields.path => "a.txt", fields.body => "hello"))
            .unwrap();
        w.commit().unwrap();
        drop(w);
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        clear(dir.path()).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let lock = |l: &tantivy::directory::Lock| l.filepath.to_string_lossy().into_owned();
        let expected = [
            sagasu_store::MARKER.to_string(),
            lock(&tantivy::directory::META_LOCK),
            lock(&INDEX_WRITER_LOCK),
            "notes.txt".into(),
        ];
        assert_eq!(left, expected);
    }
}
