//! The folder at a glance: every indexed document with what the index
//! knows of it ([`Searcher::files`]), and the files whose bytes are the
//! same under several names ([`Duplicates`]), which ranked search shows
//! once.
//!
//! Both read the index's own manifest (each file's first passage carries
//! its size, mtime and content hash: `sagasu_store::read_fingerprints`);
//! nothing is read from the corpus folder.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use sagasu_analysis::schema::{PASSAGE, PATH};
use sagasu_store::Fingerprint;
use serde::Serialize;
use tantivy::{DocAddress, SegmentOrdinal};

use crate::collector::Exclusions;
use crate::error::SearchError;
use crate::query::{AnalyzedQuery, FieldSel};
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
}

/// Where one document's passages are: how many, its first and its last
/// (by passage number).
#[derive(Default)]
struct Spread {
    passages: u64,
    first: Option<DocAddress>,
    last: Option<(u64, DocAddress)>,
}

impl Searcher {
    /// Every indexed document, by path, with its title, passages, pages,
    /// size, mtime and hash. Reads one stored passage per document (two for
    /// a paged one), so it costs a pass over the documents, not the text.
    pub fn files(&self) -> Result<Vec<IndexedFile>, SearchError> {
        let searcher = self.reader.searcher();
        let fingerprints = sagasu_store::read_fingerprints(&searcher)?;
        let mut spreads: BTreeMap<String, Spread> = BTreeMap::new();
        for (seg, reader) in searcher.segment_readers().iter().enumerate() {
            let ff = reader.fast_fields();
            let passage = ff.u64(PASSAGE)?;
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
            });
        }
        Ok(out)
    }

    /// The duplicate files of the searcher's snapshot, read once per
    /// commit (the index's fingerprints are a pass over its documents).
    pub(crate) fn duplicates(&self, searcher: &tantivy::Searcher) -> Result<Arc<Duplicates>, SearchError> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.duplicates.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, d)) = cached.as_ref() {
            if *g == generation {
                return Ok(d.clone());
            }
        }
        let d = Arc::new(Duplicates::of(&sagasu_store::read_fingerprints(searcher)?));
        *cached = Some((generation, d.clone()));
        Ok(d)
    }
}

/// Files with the same bytes under several names, grouped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Duplicates {
    /// Each group's paths, sorted; groups sorted by their first path.
    pub groups: Vec<Vec<String>>,
}

impl Duplicates {
    /// The groups of paths whose fingerprints have the same hash.
    pub fn of<'a>(fingerprints: impl IntoIterator<Item = (&'a String, &'a Fingerprint)>) -> Duplicates {
        let mut by_hash: HashMap<&str, Vec<String>> = HashMap::new();
        for (path, fp) in fingerprints {
            if !fp.hash.is_empty() {
                by_hash.entry(&fp.hash).or_default().push(path.clone());
            }
        }
        let mut groups: Vec<Vec<String>> = by_hash.into_values().filter(|g| g.len() > 1).collect();
        groups.iter_mut().for_each(|g| g.sort());
        groups.sort();
        Duplicates { groups }
    }

    /// The other paths of `path`'s group (empty when it has no copy).
    pub fn others(&self, path: &str) -> Vec<String> {
        self.groups
            .iter()
            .find(|g| g.iter().any(|p| p == path))
            .map(|g| g.iter().filter(|p| *p != path).cloned().collect())
            .unwrap_or_default()
    }

    /// The copies a ranked search leaves out, each group shown by its
    /// first path; none when the query names a path (`path:`, `--path`):
    /// the copy it names may be any of them, so each is shown.
    pub(crate) fn left_out(&self, searcher: &tantivy::Searcher, q: &AnalyzedQuery) -> tantivy::Result<Exclusions> {
        let mut out = Exclusions::default();
        if self.groups.is_empty() || names_a_path(q) {
            return Ok(out);
        }
        let copies: Vec<String> = self.groups.iter().flat_map(|g| g[1..].iter().cloned()).collect();
        out.spread(searcher, &copies)?;
        Ok(out)
    }
}

/// Whether any clause of `q`, its exclusions included, restricts the path.
fn names_a_path(q: &AnalyzedQuery) -> bool {
    let mut found = false;
    for clause in std::iter::once(&q.root).chain(&q.exclusions) {
        clause.walk(&mut |leaf, _| found |= leaf.field == FieldSel::Path);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_hold_the_same_bytes_under_several_names() {
        let fp = |hash: &str| Fingerprint {
            size: 1,
            mtime: 0,
            hash: hash.to_string(),
        };
        let files: Vec<(String, Fingerprint)> = vec![
            ("b/copy.txt".into(), fp("h1")),
            ("a.txt".into(), fp("h1")),
            ("c.txt".into(), fp("h2")),
            ("d.txt".into(), fp("")),
            ("e.txt".into(), fp("")),
            ("z.txt".into(), fp("h3")),
            ("y.txt".into(), fp("h3")),
            ("x.txt".into(), fp("h3")),
        ];
        let d = Duplicates::of(files.iter().map(|(p, f)| (p, f)));
        assert_eq!(
            d.groups,
            vec![vec!["a.txt", "b/copy.txt"], vec!["x.txt", "y.txt", "z.txt"]]
        );
        assert_eq!(d.others("y.txt"), ["x.txt", "z.txt"]);
        assert!(d.others("c.txt").is_empty());
    }
}
