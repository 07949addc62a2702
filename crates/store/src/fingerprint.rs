//! The fingerprints of indexed files, read back from the index.
//!
//! Each file's first passage (`passage == 0`) carries its path, size, mtime
//! and hash in fast fields, so the fingerprints are read from columns
//! without loading stored documents.

use rustc_hash::FxHashMap;
use sagasu_analysis::schema::{HASH, MTIME, PASSAGE, PATH, SIZE};
use tantivy::columnar::StrColumn;
use tantivy::Searcher;

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
