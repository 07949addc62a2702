//! Opening an existing index and checking that it is one of ours.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sagasu_analysis::schema::Fields;
use sagasu_analysis::{register_tokenizers, ANALYZER_VERSION};
use serde::{Deserialize, Serialize};
use tantivy::directory::error::OpenReadError;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyError};

use crate::error::IndexError;

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

/// The commit payload: it marks an index as sagasu's, records the analyzer
/// version, and completes the fingerprints stored with the passages.
///
/// - A file that was touched (new mtime) but whose content hash did not
///   change is not re-indexed, so the mtime stored with its passages goes
///   stale; its verified mtime is kept here instead, so that the next run
///   does not read it again.
/// - A file skipped for its content (binary, empty) has no passages to carry
///   its fingerprint; it is kept here, so that the next run skips it again
///   without reading it.
///
/// The payload is written by the same atomic commit as the passages, so it
/// cannot disagree with them.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Payload {
    /// Analyzer and schema version ([`ANALYZER_VERSION`]).
    pub sagasu_version: serde_json::Value,
    /// Path → mtime (ns) of files verified unchanged by hash since they were
    /// indexed with another mtime.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mtimes: BTreeMap<String, i64>,
    /// Path → fingerprint and reason of files skipped for their content.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<String, SkipMemo>,
}

/// A file skipped for its content, as it was when it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SkipMemo {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, ns since the epoch.
    pub mtime: i64,
    /// Why it was skipped.
    pub reason: String,
}

impl Payload {
    /// The payload of a commit by this version.
    pub fn current(mtimes: BTreeMap<String, i64>, skipped: BTreeMap<String, SkipMemo>) -> Payload {
        Payload {
            sagasu_version: ANALYZER_VERSION.into(),
            mtimes,
            skipped,
        }
    }

    /// The payload of the index's last commit, if it is a sagasu payload.
    pub fn load(index: &Index) -> Option<Payload> {
        let text = index.load_metas().ok()?.payload?;
        serde_json::from_str(&text).ok()
    }

    /// Whether this payload was written by this analyzer version.
    pub fn is_current(&self) -> bool {
        self.sagasu_version.as_u64() == Some(u64::from(ANALYZER_VERSION))
    }

    /// The payload as the commit stores it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Whether `dir` holds no index: no meta.json, and nothing but what tantivy
/// leaves behind before its first commit or after a deletion was cut short
/// (lock files, `.managed.json`, segment and temporary files). A
/// `.gitignore` does not count.
pub(crate) fn is_empty_dir(dir: &Path) -> std::io::Result<bool> {
    if dir.join("meta.json").exists() {
        return Ok(false);
    }
    Ok(foreign_entry(dir)?.is_none())
}

/// Whether `name` is a file tantivy writes in an index folder (or the
/// `.gitignore` that keeps the folder in git).
pub(crate) fn is_index_file(name: &str) -> bool {
    if matches!(
        name,
        ".gitignore" | "meta.json" | ".managed.json" | ".tantivy-writer.lock" | ".tantivy-meta.lock"
    ) || name.starts_with(".tmp")
    {
        return true;
    }
    // Segment components: `<32 hex>.<ext>` and `<32 hex>.<opstamp>.del`.
    let Some((id, ext)) = name.split_once('.') else {
        return false;
    };
    let hex = id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
    let component = matches!(ext, "idx" | "pos" | "term" | "store" | "fast" | "fieldnorm" | "del")
        || ext
            .strip_suffix(".del")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    hex && component
}

/// The first entry of `dir` that tantivy did not write, if any.
pub(crate) fn foreign_entry(dir: &Path) -> std::io::Result<Option<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| {
            let is_file = e.file_type().is_ok_and(|t| t.is_file());
            !(is_file && is_index_file(&e.file_name().to_string_lossy()))
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names.into_iter().next())
}

/// Opens the index at `dir` for reading.
///
/// Fails with [`IndexError::Missing`] when nothing was built there,
/// [`IndexError::Foreign`] or [`IndexError::NotAnIndex`] for a folder of
/// something else, [`IndexError::Outdated`] when another analyzer version
/// built it, and [`IndexError::Damaged`] when its files cannot be read.
///
/// Opening races with a concurrent `sagasu index`: its commit may delete the
/// files of the commit this reader was about to open (merged segments, old
/// deletion bitsets). Then the open is retried on the new commit. Once
/// opened, the reader's files stay readable (they are memory-mapped) even if
/// a later commit deletes them.
pub fn open_index(dir: &Path) -> Result<OpenedIndex, IndexError> {
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

/// An open failure, and whether a file was missing (which a concurrent
/// commit can cause, so that trying again on the new commit may succeed).
enum Retry {
    Missing(IndexError),
    No(IndexError),
}

fn open_once(dir: &Path) -> Result<OpenedIndex, Retry> {
    let path = dir.to_path_buf();
    let index = open_checked(dir).map_err(Retry::No)?;
    let fields = Fields::from_schema(&index.schema()).map_err(|missing| {
        Retry::No(IndexError::NotAnIndex {
            path: path.clone(),
            reason: format!("its schema has no `{missing}` field"),
        })
    })?;
    if never_committed(&index) {
        return Err(Retry::No(IndexError::Missing { path }));
    }
    if let Err(found) = check_version(&index) {
        return Err(Retry::No(IndexError::Outdated {
            path,
            found,
            expected: ANALYZER_VERSION,
        }));
    }
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: TantivyError| {
            let missing = matches!(e, TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(_)));
            let err = IndexError::Damaged {
                path: path.clone(),
                reason: damage(&e),
            };
            if missing {
                Retry::Missing(err)
            } else {
                Retry::No(err)
            }
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
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => IndexError::Foreign {
                path,
                example: "it is a file, not a folder".into(),
            },
            Err(e) => IndexError::Io { path, source: e },
            Ok(false) => IndexError::Foreign {
                example: match foreign_entry(dir) {
                    Ok(Some(name)) => format!("it holds {name} and no meta.json"),
                    _ => "it has no meta.json".into(),
                },
                path,
            },
        });
    }
    let index = Index::open_in_dir(dir).map_err(|e| IndexError::Damaged {
        path,
        reason: damage(&e),
    })?;
    register_tokenizers(&index);
    Ok(index)
}

/// Whether `index` was created by sagasu (its schema) but never committed
/// to: a first build that was cut short. It holds nothing.
pub(crate) fn never_committed(index: &Index) -> bool {
    index
        .load_metas()
        .is_ok_and(|m| m.payload.is_none() && m.segments.is_empty())
        && index.schema() == Fields::build().0
}

/// `Err(found version)` unless the last commit was made by this version.
fn check_version(index: &Index) -> Result<(), String> {
    match Payload::load(index) {
        Some(p) if p.is_current() => Ok(()),
        Some(p) => Err(p.sagasu_version.to_string()),
        None => Err("none (the index records no sagasu version)".into()),
    }
}

/// Whether `index` was written by this analyzer version with this schema;
/// otherwise why not.
pub(crate) fn is_current(index: &Index) -> Result<(), String> {
    match Payload::load(index) {
        Some(p) if p.is_current() => match Fields::from_schema(&index.schema()) {
            Ok(_) => Ok(()),
            Err(missing) => Err(format!("its schema has no `{missing}` field")),
        },
        Some(p) => Err(format!(
            "it was built by analyzer version {}, this is version {ANALYZER_VERSION}",
            p.sagasu_version
        )),
        None => Err("it records no sagasu version".into()),
    }
}

/// A short description of what is wrong with an index, for a user: which
/// file is missing or truncated, without tantivy's internals.
pub(crate) fn damage(e: &TantivyError) -> String {
    let name = |p: &Path| {
        p.file_name()
            .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
    };
    match e {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(p)) => {
            format!("file {} is missing", name(p))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            if io_error.kind() == std::io::ErrorKind::InvalidData {
                format!("file {} is truncated or corrupted", name(filepath))
            } else {
                format!("cannot read {}: {io_error}", name(filepath))
            }
        }
        TantivyError::DataCorruption(dc) => {
            let text = format!("{dc:?}");
            if text.contains("Meta file cannot be deserialized") {
                "meta.json is truncated or corrupted".into()
            } else {
                shorten(&text)
            }
        }
        other => shorten(&other.to_string()),
    }
}

fn shorten(text: &str) -> String {
    let text = text.split("Content:").next().unwrap_or(text).trim();
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_file_names() {
        for ok in [
            "meta.json",
            ".managed.json",
            ".tantivy-writer.lock",
            ".gitignore",
            ".tmpAbC123",
            "2c81f51ca42d442981e8b7b6a6d63465.idx",
            "2c81f51ca42d442981e8b7b6a6d63465.fieldnorm",
            "2c81f51ca42d442981e8b7b6a6d63465.234.del",
        ] {
            assert!(is_index_file(ok), "{ok}");
        }
        for no in [
            "notes.txt",
            "2c81f51ca42d442981e8b7b6a6d6346.idx",
            "2c81f51ca42d442981e8b7b6a6d63465.txt",
            "2c81f51ca42d442981e8b7b6a6d63465..del",
            "Meta.json",
        ] {
            assert!(!is_index_file(no), "{no}");
        }
    }

    #[test]
    fn payload_round_trip_and_version() {
        let mut mtimes = BTreeMap::new();
        mtimes.insert("a.txt".to_string(), 42);
        let mut skipped = BTreeMap::new();
        skipped.insert(
            "b.pdf".to_string(),
            SkipMemo {
                size: 3,
                mtime: 7,
                reason: "binary (PDF)".into(),
            },
        );
        let p = Payload::current(mtimes, skipped);
        let back: Payload = serde_json::from_str(&p.to_json()).unwrap();
        assert_eq!(back, p);
        assert!(back.is_current());
        // The payload of an index without touched files is the bare version.
        assert_eq!(
            Payload::current(BTreeMap::new(), BTreeMap::new()).to_json(),
            format!("{{\"sagasu_version\":{ANALYZER_VERSION}}}")
        );
        let old: Payload = serde_json::from_str("{\"sagasu_version\":0}").unwrap();
        assert!(!old.is_current());
    }
}
