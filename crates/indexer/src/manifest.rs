//! What the index knows of the corpus: the fingerprints of indexed files
//! and the commit payload that completes them.
//!
//! Each file's first passage (`passage == 0`) carries its path, size, mtime
//! and hash in fast fields, so the manifest is rebuilt from column reads
//! without loading stored documents; the commit payload ([`Payload`]) adds
//! what passages cannot carry. Both are written by the same atomic commit,
//! so they cannot disagree.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use sagasu_analysis::schema::{HASH, MTIME, PASSAGE, PATH, SIZE};
use sagasu_analysis::ANALYZER_VERSION;
use serde::{Deserialize, Serialize};
use tantivy::columnar::StrColumn;
use tantivy::{Index, Searcher};

use crate::skip::SkipReason;

/// The fingerprint of an indexed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: i64,
    /// Hex BLAKE3 hash of the bytes.
    pub hash: String,
}

/// What the last commit knows: fingerprints by path, and its payload.
#[derive(Debug, Default)]
pub(crate) struct Manifest {
    /// The fingerprint stored with each indexed file, by path.
    pub files: FxHashMap<String, Fingerprint>,
    /// The last commit's payload.
    pub payload: Payload,
}

impl Manifest {
    /// The manifest of the index `searcher` reads, whose last commit wrote
    /// `payload`.
    pub fn read(searcher: &Searcher, payload: Payload) -> tantivy::Result<Manifest> {
        Ok(Manifest {
            files: read(searcher)?,
            payload,
        })
    }

    /// What the index knows of `key`: its stored fingerprint, with the mtime
    /// of a later touch that left the content unchanged.
    pub fn fingerprint(&self, key: &str) -> Option<Indexed<'_>> {
        let fp = self.files.get(key)?;
        let touched = if self.payload.mtimes.is_empty() {
            None
        } else {
            self.payload.mtimes.get(key).copied()
        };
        Some(Indexed {
            stored: fp,
            mtime: touched.unwrap_or(fp.mtime),
        })
    }
}

/// What the index knows of a file (see [`Manifest::fingerprint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Indexed<'m> {
    /// The fingerprint stored with its passages.
    pub stored: &'m Fingerprint,
    /// Its modification time (ns), verified unchanged since it was indexed
    /// (later than the stored one if it was touched since).
    pub mtime: i64,
}

/// The commit payload: it marks a commit as sagasu's, records the analyzer
/// version and whether the index is complete, and completes the
/// fingerprints stored with the passages.
///
/// - A file that was touched (new mtime) but whose content hash did not
///   change is not re-indexed, so the mtime stored with its passages goes
///   stale; its verified mtime is kept here instead, so that the next pass
///   does not read it again.
/// - A file skipped for its content (binary, empty) has no passages to carry
///   its fingerprint; it is kept here, so that the next pass skips it again
///   without reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Payload {
    /// Analyzer and schema version ([`ANALYZER_VERSION`]).
    pub sagasu_version: serde_json::Value,
    /// The first build has not finished: the index holds part of the
    /// corpus. (Absent in a complete index.)
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub incomplete: bool,
    /// Path → mtime (ns) of files verified unchanged by hash since they were
    /// indexed with another mtime.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mtimes: BTreeMap<String, i64>,
    /// Path → fingerprint and reason of files skipped for their content.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<String, SkipMemo>,
}

impl Default for Payload {
    fn default() -> Payload {
        Payload::current()
    }
}

/// A file skipped for its content, as it was when it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SkipMemo {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, ns since the epoch.
    pub mtime: i64,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// What the last commit of an index says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Commit {
    /// Created, never committed to by sagasu (no payload, no segment).
    None,
    /// A commit by this version.
    Current(Payload),
    /// A commit by another analyzer version (its version, as written).
    Other(String),
    /// A commit by someone else (a payload that is not sagasu's), or
    /// documents without a payload.
    Foreign,
}

impl Payload {
    /// An empty payload of this version, of a complete index.
    pub fn current() -> Payload {
        Payload {
            sagasu_version: ANALYZER_VERSION.into(),
            incomplete: false,
            mtimes: BTreeMap::new(),
            skipped: BTreeMap::new(),
        }
    }

    /// This payload, marked as the payload of an unfinished first build.
    pub fn incomplete(mut self) -> Payload {
        self.incomplete = true;
        self
    }

    /// What the last commit of `index` says.
    pub fn of(index: &Index) -> tantivy::Result<Commit> {
        let metas = index.load_metas()?;
        Ok(match metas.payload {
            None if metas.segments.is_empty() => Commit::None,
            None => Commit::Foreign,
            Some(text) => Payload::parse(&text),
        })
    }

    /// Reads a payload: sagasu's of this version, of another, or not ours.
    pub fn parse(text: &str) -> Commit {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
            return Commit::Foreign;
        };
        let version = value["sagasu_version"].clone();
        if version.is_null() {
            return Commit::Foreign;
        }
        if version.as_u64() != Some(u64::from(ANALYZER_VERSION)) {
            return Commit::Other(version.to_string());
        }
        match serde_json::from_value(value) {
            Ok(p) => Commit::Current(p),
            Err(_) => Commit::Other(version.to_string()),
        }
    }

    /// Whether `text` is a payload sagasu wrote (any version).
    pub fn is_sagasus(text: &str) -> bool {
        !matches!(Payload::parse(text), Commit::Foreign)
    }

    /// The payload as the commit stores it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Reads every indexed file's fingerprint, keyed by path.
///
/// The strings of the path and hash columns are looked up by ordinal in one
/// ordered pass over each segment's dictionaries: looking them up one by
/// one would decompress a dictionary block per file.
pub fn read(searcher: &Searcher) -> tantivy::Result<FxHashMap<String, Fingerprint>> {
    let mut out = FxHashMap::default();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let passage = ff.u64(PASSAGE)?;
        let size = ff.u64(SIZE)?;
        let mtime = ff.i64(MTIME)?;
        let (Some(paths), Some(hashes)) = (ff.str(PATH)?, ff.str(HASH)?) else {
            continue;
        };
        // (path ordinal, hash ordinal, size, mtime) of each file's first passage.
        let mut rows = Vec::new();
        for doc in segment.doc_ids_alive() {
            if passage.first(doc) != Some(0) {
                continue;
            }
            let Some(path) = paths.term_ords(doc).next() else {
                continue;
            };
            let hash = hashes.term_ords(doc).next();
            rows.push((path, hash, size.first(doc).unwrap_or(0), mtime.first(doc).unwrap_or(0)));
        }
        let path_terms = Terms::of(&paths, rows.iter().map(|r| r.0))?;
        let hash_terms = Terms::of(&hashes, rows.iter().filter_map(|r| r.1))?;
        for (path, hash, size, mtime) in rows {
            let hash = hash.and_then(|h| hash_terms.get(h)).unwrap_or_default();
            if let Some(path) = path_terms.get(path) {
                out.insert(
                    path.to_string(),
                    Fingerprint {
                        size,
                        mtime,
                        hash: hash.to_string(),
                    },
                );
            }
        }
    }
    Ok(out)
}

/// The strings of some ordinals of a string column.
struct Terms {
    ords: Vec<u64>,
    strings: Vec<String>,
}

impl Terms {
    fn of(column: &StrColumn, ords: impl Iterator<Item = u64>) -> std::io::Result<Terms> {
        let mut ords: Vec<u64> = ords.collect();
        ords.sort_unstable();
        ords.dedup();
        let mut strings = Vec::with_capacity(ords.len());
        column
            .dictionary()
            .sorted_ords_to_term_cb(&ords, |bytes| strings.push(String::from_utf8_lossy(bytes).into_owned()))?;
        Ok(Terms { ords, strings })
    }

    fn get(&self, ord: u64) -> Option<&str> {
        let i = self.ords.binary_search(&ord).ok()?;
        self.strings.get(i).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{index, IndexOptions, NoProgress};

    /// Enough files for the path and hash dictionaries to span several
    /// blocks, so that the ordered lookup crosses block boundaries.
    #[test]
    fn reads_back_every_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let mut expected = std::collections::HashMap::new();
        for i in 0..1500 {
            let rel = format!("d{}/file-{i:05}.txt", i % 7);
            // Some files long enough for several passages.
            let text = format!("document number {i}\n").repeat(if i % 100 == 0 { 200 } else { 1 });
            let p = corpus.join(&rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, &text).unwrap();
            expected.insert(
                rel,
                (text.len() as u64, blake3::hash(text.as_bytes()).to_hex().to_string()),
            );
        }
        let opts = IndexOptions::new(&corpus, dir.path().join("index"));
        let report = index(&opts, &NoProgress).unwrap();
        assert_eq!(report.added, 1500);
        assert!(report.passages > 1500);
        let opened = crate::open_index(&opts.index).unwrap();
        let got = super::read(&opened.reader.searcher()).unwrap();
        assert_eq!(got.len(), expected.len());
        for (path, (size, hash)) in &expected {
            let fp = &got[path];
            assert_eq!((&fp.size, &fp.hash), (size, hash), "{path}");
            let md = std::fs::metadata(corpus.join(path)).unwrap();
            assert_eq!(fp.mtime, crate::walk::mtime_nanos(&md), "{path}");
        }
    }

    #[test]
    fn payload_round_trip_and_version() {
        let mut p = Payload::current();
        p.mtimes.insert("a.txt".to_string(), 42);
        p.skipped.insert(
            "b.pdf".to_string(),
            SkipMemo {
                size: 3,
                mtime: 7,
                reason: SkipReason::Binary { format: "PDF".into() },
            },
        );
        assert_eq!(Payload::parse(&p.to_json()), Commit::Current(p.clone()));
        // The payload of a complete index without touched files is the bare version.
        assert_eq!(
            Payload::current().to_json(),
            format!("{{\"sagasu_version\":{ANALYZER_VERSION}}}")
        );
        assert_eq!(
            Payload::current().incomplete().to_json(),
            format!("{{\"sagasu_version\":{ANALYZER_VERSION},\"incomplete\":true}}")
        );
        // Another version is recognised even if the rest has changed shape.
        assert_eq!(
            Payload::parse("{\"sagasu_version\":1,\"skipped\":{\"x\":{\"reason\":\"empty\"}}}"),
            Commit::Other("1".into())
        );
        assert_eq!(Payload::parse("{\"app\":\"other\"}"), Commit::Foreign);
        assert_eq!(Payload::parse("not json"), Commit::Foreign);
        assert!(Payload::is_sagasus("{\"sagasu_version\":0}"));
    }
}
