//! What an index folder holds: sagasu's marker, an index of sagasu's, or
//! something else.
//!
//! sagasu deletes only what it can prove it wrote. The proof is the marker
//! file [`MARKER`], written when sagasu claims an empty folder, or, for an
//! index built before markers existed, a commit whose payload is sagasu's.
//! Claiming, creating and clearing a folder are the indexer's
//! (`sagasu_indexer`'s `folder.rs`); this module only reads.

use std::path::{Path, PathBuf};

use sagasu_analysis::ANALYZER_VERSION;
use serde::{Deserialize, Serialize};

use crate::commit::Payload;
use crate::error::StoreError;

/// The marker file sagasu writes into every index folder it creates. (A
/// name starting with `.`: tantivy leaves such files alone.)
pub const MARKER: &str = ".sagasu-index";

/// tantivy's commit file.
pub(crate) const META: &str = "meta.json";

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
    /// The marker of this version, recording `corpus`.
    pub fn new(corpus: Option<PathBuf>) -> Marker {
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
    pub fn write(&self, dir: &Path) -> Result<(), std::io::Error> {
        let tmp = dir.join(format!("{MARKER}.tmp"));
        let bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, dir.join(MARKER)))
    }
}

/// What a folder given as `--index` holds.
#[derive(Debug)]
pub enum Holds {
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
pub fn inspect(dir: &Path) -> Result<Holds, StoreError> {
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Holds::Nothing),
        Err(e) => return Err(StoreError::io(dir, e)),
        Ok(md) if !md.is_dir() => return Err(StoreError::NotAFolder { path: dir.into() }),
        Ok(_) => {}
    }
    if let Some(marker) = Marker::read(dir).map_err(|e| StoreError::io(dir, e))? {
        return Ok(Holds::Ours { marker: Some(marker) });
    }
    if committed_by_sagasu(dir) {
        return Ok(Holds::Ours { marker: None });
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| StoreError::io(dir, e))?
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
        Some(name) if name == META => Err(StoreError::Foreign {
            path: dir.into(),
            example: format!("its {META} has no commit of sagasu's"),
        }),
        Some(name) => Err(StoreError::Foreign {
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

/// Whether the file of index key `key` is gone from `corpus` (deleted or
/// moved since it was indexed). A key with an escaped byte (`\`) is not a
/// path as written: it is never said gone.
pub fn file_gone(corpus: &Path, key: &str) -> bool {
    !key.contains('\\')
        && matches!(std::fs::metadata(corpus.join(key)), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_gone_when_its_key_names_nothing_in_the_corpus() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/a.txt"), "a").unwrap();
        assert!(!file_gone(dir.path(), "sub/a.txt"));
        assert!(file_gone(dir.path(), "sub/b.txt"));
        assert!(!file_gone(dir.path(), "sub/\\xff.txt"), "an escaped key is not a path");
    }

    #[test]
    fn an_empty_folder_or_one_with_a_gitignore_holds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(inspect(&dir.path().join("new")).unwrap(), Holds::Nothing));
        assert!(matches!(inspect(dir.path()).unwrap(), Holds::Nothing));
        std::fs::write(dir.path().join(".gitignore"), "*\n").unwrap();
        assert!(matches!(inspect(dir.path()).unwrap(), Holds::Nothing));
        Marker::new(None).write(dir.path()).unwrap();
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
                Err(StoreError::Foreign { example, .. }) => assert!(example.contains(name), "{example}"),
                other => panic!("{name}: {other:?}"),
            }
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MARKER), "{\"marker\": \"something else\"}").unwrap();
        assert!(inspect(dir.path()).is_err());
    }
}
