//! Opening an existing index and checking that it is one of ours.

use std::path::{Path, PathBuf};

use sagasu_analysis::schema::Fields;
use sagasu_analysis::{register_tokenizers, ANALYZER_VERSION};
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::error::IndexError;

/// Key of the analyzer version in the commit payload.
const VERSION_KEY: &str = "sagasu_version";

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

/// The commit payload that marks an index as sagasu's, with its version.
pub(crate) fn payload() -> String {
    format!("{{\"{VERSION_KEY}\":{ANALYZER_VERSION}}}")
}

/// Whether `dir` holds no files at all (a `.gitignore` does not count).
pub(crate) fn is_empty_dir(dir: &Path) -> std::io::Result<bool> {
    Ok(std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .all(|e| e.file_name() == ".gitignore"))
}

/// The analyzer version recorded in the index's last commit, as text.
fn recorded_version(index: &Index) -> Option<String> {
    let payload = index.load_metas().ok()?.payload?;
    let start = payload.find(VERSION_KEY)? + VERSION_KEY.len() + 2;
    Some(payload[start..].trim_end_matches('}').trim().to_string())
}

/// Opens the index at `dir` for reading.
///
/// Fails with [`IndexError::Missing`] when nothing was built there,
/// [`IndexError::NotAnIndex`] for a folder of something else,
/// [`IndexError::Outdated`] when another analyzer version built it, and
/// [`IndexError::Damaged`] when its files cannot be read.
pub fn open_index(dir: &Path) -> Result<OpenedIndex, IndexError> {
    let path = dir.to_path_buf();
    let index = open_checked(dir)?;
    let fields = Fields::from_schema(&index.schema()).map_err(|missing| IndexError::NotAnIndex {
        path: path.clone(),
        reason: format!("its schema has no `{missing}` field"),
    })?;
    match recorded_version(&index) {
        Some(v) if v == ANALYZER_VERSION.to_string() => {}
        found => {
            return Err(IndexError::Outdated {
                path,
                found: found.unwrap_or_else(|| "unknown".into()),
                expected: ANALYZER_VERSION,
            })
        }
    }
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: tantivy::TantivyError| IndexError::Damaged {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    Ok(OpenedIndex {
        index,
        fields,
        reader,
        path,
    })
}

/// Opens the tantivy index in `dir`, telling a missing index from a foreign
/// folder and from a damaged index.
pub(crate) fn open_checked(dir: &Path) -> Result<Index, IndexError> {
    let path = dir.to_path_buf();
    if !dir.join("meta.json").is_file() {
        return Err(match is_empty_dir(dir) {
            Ok(true) => IndexError::Missing { path },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => IndexError::Missing { path },
            Err(e) => IndexError::Io { path, source: e },
            Ok(false) => IndexError::NotAnIndex {
                path,
                reason: "no meta.json".into(),
            },
        });
    }
    let index = Index::open_in_dir(dir).map_err(|e| IndexError::Damaged {
        path,
        reason: e.to_string(),
    })?;
    register_tokenizers(&index);
    Ok(index)
}

/// Whether `index` was written by this analyzer version.
pub(crate) fn is_current(index: &Index) -> Result<(), String> {
    match recorded_version(index) {
        Some(v) if v == ANALYZER_VERSION.to_string() => match Fields::from_schema(&index.schema()) {
            Ok(_) => Ok(()),
            Err(missing) => Err(format!("its schema has no `{missing}` field")),
        },
        Some(v) => Err(format!(
            "it was built by analyzer version {v}, this is version {ANALYZER_VERSION}"
        )),
        None => Err("it records no sagasu version".into()),
    }
}
