//! The folder at a glance: every indexed document with what the index
//! knows of it ([`Searcher::files`]), and the index's duplicate files
//! (`Copies`), read once per commit for ranked search.
//!
//! Both read the index's own manifest (each file's first passage carries
//! its size, mtime and content hash: `sagasu_store::read_fingerprints`);
//! nothing is read from the corpus folder.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use sagasu_analysis::schema::{INDEXED_AT, PASSAGE, PATH};
use sagasu_store::Fingerprint;
use serde::Serialize;
use tantivy::{DocAddress, SegmentOrdinal};

use crate::duplicates::Copies;
use crate::error::SearchError;
use crate::search::Searcher;
use crate::stored::StoredPassage;

/// One indexed document, as the index holds it.
#[derive(Debug, Clone, Serialize)]
pub struct IndexedFile {
    /// Path relative to the corpus (its key in search results).
    pub path: String,
    /// Its title (`""` when it has none).
    pub title: String,
    /// How many passages it was cut into.
    pub passages: u64,
    /// Its pages, for a paged document (PDF, scans); `None` for the others.
    pub pages: Option<u64>,
    /// Size of the file in bytes, as indexed.
    pub size: u64,
    /// Modification time of the indexed version, ns since the epoch.
    pub mtime: i64,
    /// Hex BLAKE3 hash of its bytes.
    pub hash: String,
    /// When the indexed version was read, ns since the epoch (0 if the
    /// index does not say).
    pub indexed: i64,
}

/// Where one document's passages are: how many, its first and its last
/// (by passage number).
#[derive(Default)]
struct Spread {
    passages: u64,
    /// When its first passage was indexed.
    indexed: i64,
    first: Option<DocAddress>,
    last: Option<(u64, DocAddress)>,
}

impl Searcher {
    /// Every indexed document, by path, with its title, passages, pages,
    /// size, mtime, hash and when it was indexed. Reads one stored passage per document (two for
    /// a paged one), so it costs a pass over the documents, not the text.
    pub fn files(&self) -> Result<Vec<IndexedFile>, SearchError> {
        let searcher = self.reader.searcher();
        let fingerprints = sagasu_store::read_fingerprints(&searcher)?;
        let mut spreads: BTreeMap<String, Spread> = BTreeMap::new();
        for (seg, reader) in searcher.segment_readers().iter().enumerate() {
            let ff = reader.fast_fields();
            let passage = ff.u64(PASSAGE)?;
            let indexed = ff.i64(INDEXED_AT)?;
            let Some(paths) = ff.str(PATH)? else { continue };
            let mut by_ord: HashMap<u64, Spread> = HashMap::new();
            for doc in reader.doc_ids_alive() {
                let Some(ord) = paths.ords().first(doc) else { continue };
                let n = passage.first(doc).unwrap_or(0);
                let addr = DocAddress::new(seg as SegmentOrdinal, doc);
                let s = by_ord.entry(ord).or_default();
                s.passages += 1;
                if n == 0 {
                    s.first = Some(addr);
                    s.indexed = indexed.first(doc).unwrap_or(0);
                }
                if s.last.is_none_or(|(m, _)| n > m) {
                    s.last = Some((n, addr));
                }
            }
            let mut bytes = Vec::new();
            for (ord, s) in by_ord {
                bytes.clear();
                if !paths
                    .dictionary()
                    .ord_to_term(ord, &mut bytes)
                    .map_err(tantivy::TantivyError::from)?
                {
                    continue;
                }
                // A file indexed in several batches spans segments.
                let all = spreads.entry(String::from_utf8_lossy(&bytes).into_owned()).or_default();
                all.passages += s.passages;
                if s.first.is_some() {
                    all.indexed = s.indexed;
                }
                all.first = all.first.or(s.first);
                if all.last.is_none_or(|(m, _)| s.last.is_some_and(|(n, _)| n > m)) {
                    all.last = s.last;
                }
            }
        }
        let mut out = Vec::with_capacity(spreads.len());
        for (path, s) in spreads {
            let load = |addr| StoredPassage::load(&searcher, &self.fields, addr);
            let first = s.first.or(s.last.map(|l| l.1)).map(load).transpose()?;
            let pages = match (first.as_ref().and_then(|p| p.page), s.last) {
                (Some(_), Some((_, addr))) => load(addr)?.page_at(usize::MAX),
                _ => None,
            };
            let fp = fingerprints.get(&path).cloned().unwrap_or(Fingerprint {
                size: 0,
                mtime: 0,
                hash: String::new(),
            });
            out.push(IndexedFile {
                title: first.map(|p| p.title).unwrap_or_default(),
                path,
                passages: s.passages,
                pages,
                size: fp.size,
                mtime: fp.mtime,
                hash: fp.hash,
                indexed: s.indexed,
            });
        }
        Ok(out)
    }

    /// The duplicate files of the searcher's snapshot, read once per
    /// commit (what the indexing pass stored, or else a pass over the
    /// index's fingerprints).
    pub(crate) fn duplicates(&self, searcher: &tantivy::Searcher) -> Result<Arc<Copies>, SearchError> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.duplicates.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, d)) = cached.as_ref() {
            if *g == generation {
                return Ok(d.clone());
            }
        }
        let d = Arc::new(Copies::of(searcher, self.folder.as_deref())?);
        *cached = Some((generation, d.clone()));
        Ok(d)
    }
}
