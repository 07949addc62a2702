//! The index folder's lifecycle: what a folder holds, claiming it with
//! sagasu's marker, creating an index in it, and clearing an old index.
//!
//! sagasu deletes only what it can prove it wrote. The proof is the marker
//! file [`MARKER`], written when sagasu claims an empty folder, or, for an
//! index built before markers existed, a commit whose payload is sagasu's.
//! Even then only the files tantivy lists as its own (`.managed.json`) and
//! `meta.json` are deleted; anything else in the folder is left alone.

use std::path::{Path, PathBuf};

use sagasu_analysis::schema::Fields;
use sagasu_analysis::{register_tokenizers, ANALYZER_VERSION};
use serde::{Deserialize, Serialize};
use tantivy::directory::{Directory, INDEX_WRITER_LOCK};
use tantivy::Index;

use crate::directory::{self, Observed};
use crate::error::{describe, IndexError};
use crate::fault;
use crate::manifest::Payload;

/// The marker file sagasu writes into every index folder it creates. (A
/// name starting with `.`: tantivy leaves such files alone.)
pub const MARKER: &str = ".sagasu-index";

/// tantivy's files that are not in its `.managed.json`.
const META: &str = "meta.json";
const MANAGED: &str = ".managed.json";

/// The content of the marker file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// Says what the file is; always `"sagasu index folder"`.
    pub marker: String,
    /// The analyzer version of the sagasu that claimed the folder.
    pub analyzer_version: u32,
    /// The corpus of the last pass (canonical), if known: a pass on the
    /// same corpus may rebuild the index without being asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corpus: Option<PathBuf>,
}

const MARKER_TEXT: &str = "sagasu index folder";

impl Marker {
    fn new(corpus: Option<PathBuf>) -> Marker {
        Marker {
            marker: MARKER_TEXT.into(),
            analyzer_version: ANALYZER_VERSION,
            corpus,
        }
    }

    /// The marker in `dir`, if there is one of ours.
    pub fn read(dir: &Path) -> Result<Option<Marker>, std::io::Error> {
        match std::fs::read(dir.join(MARKER)) {
            Ok(bytes) => Ok(serde_json::from_slice::<Marker>(&bytes)
                .ok()
                .filter(|m| m.marker == MARKER_TEXT)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Writes the marker into `dir` (atomically: a temporary file renamed).
    fn write(&self, dir: &Path) -> Result<(), IndexError> {
        let tmp = dir.join(format!("{MARKER}.tmp"));
        let bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        std::fs::write(&tmp, bytes)
            .and_then(|()| std::fs::rename(&tmp, dir.join(MARKER)))
            .map_err(|e| IndexError::io(dir, e))
    }
}

/// What a folder given as `--index` holds.
#[derive(Debug)]
pub(crate) enum Holds {
    /// Nothing: missing, or empty but for a `.gitignore`.
    Nothing,
    /// An index folder sagasu wrote: its marker, or (an index built before
    /// markers) a commit with sagasu's payload.
    Ours {
        /// The marker, if the folder has one.
        marker: Option<Marker>,
    },
}

/// What `dir` holds; a folder of something else is an error that names
/// what is there.
pub(crate) fn inspect(dir: &Path) -> Result<Holds, IndexError> {
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Holds::Nothing),
        Err(e) => return Err(IndexError::io(dir, e)),
        Ok(md) if !md.is_dir() => return Err(IndexError::NotAFolder { path: dir.into() }),
        Ok(_) => {}
    }
    if let Some(marker) = Marker::read(dir).map_err(|e| IndexError::io(dir, e))? {
        return Ok(Holds::Ours { marker: Some(marker) });
    }
    if committed_by_sagasu(dir) {
        return Ok(Holds::Ours { marker: None });
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| IndexError::io(dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".gitignore")
        .collect();
    names.sort();
    // meta.json first: it is what makes the folder look like an index.
    if let Some(i) = names.iter().position(|n| n == META) {
        names.swap(0, i);
    }
    match names.first() {
        None => Ok(Holds::Nothing),
        Some(name) if name == META => Err(IndexError::Foreign {
            path: dir.into(),
            example: format!("its {META} has no commit of sagasu's"),
        }),
        Some(name) => Err(IndexError::Foreign {
            path: dir.into(),
            example: format!("it holds {}", sagasu_analysis::safe::escape_unsafe(name)),
        }),
    }
}

/// Whether `dir/meta.json` is a tantivy meta file whose commit payload is
/// sagasu's: the proof of authorship of an index built before markers.
fn committed_by_sagasu(dir: &Path) -> bool {
    let Ok(bytes) = std::fs::read(dir.join(META)) else {
        return false;
    };
    let Ok(meta) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return false;
    };
    meta["payload"].as_str().is_some_and(Payload::is_sagasus)
}

/// The corpus the index at `dir` was last built from, as its marker
/// records it (canonical). `None` when the folder has no marker of sagasu's
/// or the marker records no corpus.
pub fn built_from(dir: &Path) -> Option<PathBuf> {
    Marker::read(dir).ok().flatten()?.corpus
}

/// Claims `dir` for a new index: creates it if missing and writes the
/// marker. `dir` must hold nothing ([`inspect`]).
pub(crate) fn claim(dir: &Path, corpus: Option<PathBuf>) -> Result<Marker, IndexError> {
    std::fs::create_dir_all(dir).map_err(|e| IndexError::io(dir, e))?;
    let marker = Marker::new(corpus);
    marker.write(dir)?;
    Ok(marker)
}

/// Records `corpus` (and this analyzer version) in the marker of an index
/// folder of ours, writing a marker into a folder that predates them.
pub(crate) fn remark(dir: &Path, old: Option<&Marker>, corpus: Option<PathBuf>) -> Result<(), IndexError> {
    let new = Marker::new(corpus);
    if old != Some(&new) {
        new.write(dir)?;
    }
    Ok(())
}

/// Opens the tantivy index in `dir`, with sagasu's tokenizers registered,
/// and what notices a full disk while it is written.
pub(crate) fn open(dir: &Path) -> Result<(Index, Observed), IndexError> {
    let (directory, full) = directory::open(dir).map_err(|e| IndexError::Damaged {
        path: dir.into(),
        reason: e.to_string(),
    })?;
    let index = Index::open(directory).map_err(|e| IndexError::Damaged {
        path: dir.into(),
        reason: describe(&e),
    })?;
    register_tokenizers(&index);
    Ok((index, full))
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
    fn an_empty_folder_or_one_with_a_gitignore_holds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(inspect(&dir.path().join("new")).unwrap(), Holds::Nothing));
        assert!(matches!(inspect(dir.path()).unwrap(), Holds::Nothing));
        std::fs::write(dir.path().join(".gitignore"), "*\n").unwrap();
        assert!(matches!(inspect(dir.path()).unwrap(), Holds::Nothing));
        claim(dir.path(), None).unwrap();
        assert!(matches!(inspect(dir.path()).unwrap(), Holds::Ours { marker: Some(_) }));
    }

    #[test]
    fn anything_else_is_foreign_and_named() {
        for name in [
            ".tmp_draft.md",
            "0123456789abcdef0123456789abcdef.store",
            "meta.json",
            "notes.txt",
        ] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(name), "{}").unwrap();
            match inspect(dir.path()) {
                Err(IndexError::Foreign { example, .. }) => assert!(example.contains(name), "{example}"),
                other => panic!("{name}: {other:?}"),
            }
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MARKER), "{\"marker\": \"something else\"}").unwrap();
        assert!(inspect(dir.path()).is_err());
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
            MARKER.to_string(),
            lock(&tantivy::directory::META_LOCK),
            lock(&INDEX_WRITER_LOCK),
            "notes.txt".into(),
        ];
        assert_eq!(left, expected);
    }
}
