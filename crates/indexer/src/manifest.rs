//! What the index knows of the corpus for a pass: the fingerprints of
//! indexed files (read back by `sagasu_store::read_fingerprints`) and the
//! commit payload that completes them. Both are written by the same atomic
//! commit, so they cannot disagree.

use rustc_hash::FxHashMap;
use sagasu_store::{Fingerprint, Payload};
use tantivy::Searcher;

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
            files: sagasu_store::read_fingerprints(searcher)?,
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

#[cfg(test)]
mod tests {
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
        let opened = sagasu_store::open_index(&opts.index).unwrap();
        let got = sagasu_store::read_fingerprints(&opened.reader.searcher()).unwrap();
        assert_eq!(got.len(), expected.len());
        for (path, (size, hash)) in &expected {
            let fp = &got[path];
            assert_eq!((&fp.size, &fp.hash), (size, hash), "{path}");
            let md = std::fs::metadata(corpus.join(path)).unwrap();
            assert_eq!(fp.mtime, crate::walk::mtime_nanos(&md), "{path}");
        }
    }
}
