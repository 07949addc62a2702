//! Reading the fingerprints of indexed files back from the index.
//!
//! Each file's first passage (`passage == 0`) carries its path, size, mtime
//! and hash in fast fields, so the manifest is rebuilt from column reads
//! without loading stored documents.

use std::collections::HashMap;

use sagasu_analysis::schema::{Fields, PATH};
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
pub fn read(searcher: &Searcher, _fields: &Fields) -> tantivy::Result<HashMap<String, Fingerprint>> {
    let mut out = HashMap::new();
    let mut path = String::new();
    let mut hash = String::new();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let passage = ff.u64("passage")?;
        let size = ff.u64("size")?;
        let mtime = ff.i64("mtime")?;
        let (Some(paths), Some(hashes)) = (ff.str(PATH)?, ff.str("hash")?) else {
            continue;
        };
        for doc in segment.doc_ids_alive() {
            if passage.first(doc) != Some(0) {
                continue;
            }
            path.clear();
            hash.clear();
            if let Some(ord) = paths.term_ords(doc).next() {
                paths.ord_to_str(ord, &mut path)?;
            }
            if let Some(ord) = hashes.term_ords(doc).next() {
                hashes.ord_to_str(ord, &mut hash)?;
            }
            out.insert(
                path.clone(),
                Fingerprint {
                    size: size.first(doc).unwrap_or(0),
                    mtime: mtime.first(doc).unwrap_or(0),
                    hash: hash.clone(),
                },
            );
        }
    }
    Ok(out)
}
