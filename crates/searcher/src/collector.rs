//! Collectors over passage hits: grouping the top passages by document
//! (MaxP), counting distinct documents, collecting paths for exclusions.

use std::collections::{HashMap, HashSet};

use sagasu_analysis::schema::PATH;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// One document's best passages.
#[derive(Debug, Clone)]
pub struct DocGroup {
    /// The document's path key.
    pub path: String,
    /// Its best passages, best first: (score, address).
    pub passages: Vec<(Score, DocAddress)>,
}

impl DocGroup {
    /// The document's score: its best passage's.
    pub fn score(&self) -> Score {
        self.passages.first().map_or(0.0, |p| p.0)
    }
}

/// Collects the set of paths of the matching passages (for exclusions).
pub struct PathSetCollector;

pub struct PathSetSegment {
    paths: Option<StrColumn>,
    ords: HashSet<u64>,
}

impl SegmentCollector for PathSetSegment {
    type Fruit = HashSet<String>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(ord) = self.paths.as_ref().and_then(|p| p.term_ords(doc).next()) {
            self.ords.insert(ord);
        }
    }

    fn harvest(self) -> HashSet<String> {
        let mut out = HashSet::new();
        if let Some(paths) = self.paths {
            for ord in self.ords {
                let mut s = String::new();
                if paths.ord_to_str(ord, &mut s).unwrap_or(false) {
                    out.insert(s);
                }
            }
        }
        out
    }
}

impl Collector for PathSetCollector {
    type Fruit = HashSet<String>;
    type Child = PathSetSegment;

    fn for_segment(&self, _segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<PathSetSegment> {
        Ok(PathSetSegment {
            paths: reader.fast_fields().str(PATH)?,
            ords: HashSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashSet<String>>) -> tantivy::Result<HashSet<String>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

/// Counts the distinct documents among the matching passages, without
/// scoring, leaving out the documents whose path is in `excluded`.
///
/// Relies on the indexer writing all passages of a document in one
/// `IndexWriter::run` batch, which tantivy keeps in one segment (and merges
/// keep together): distinct path ordinals per segment then add up.
pub struct DocCount<'a> {
    /// Paths of documents not to count.
    pub excluded: &'a HashSet<String>,
}

pub struct DocCountSegment {
    paths: Option<StrColumn>,
    seen: Vec<u64>,
    count: usize,
}

impl DocCountSegment {
    fn mark(&mut self, doc: DocId) {
        let Some(ord) = self.paths.as_ref().and_then(|p| p.ords().first(doc)) else {
            return;
        };
        let (word, bit) = ((ord / 64) as usize, 1u64 << (ord % 64));
        if self.seen[word] & bit == 0 {
            self.seen[word] |= bit;
            self.count += 1;
        }
    }
}

impl SegmentCollector for DocCountSegment {
    type Fruit = usize;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.mark(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.mark(doc);
        }
    }

    fn harvest(self) -> usize {
        self.count
    }
}

impl Collector for DocCount<'_> {
    type Fruit = usize;
    type Child = DocCountSegment;

    fn for_segment(&self, _segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<DocCountSegment> {
        let paths = reader.fast_fields().str(PATH)?;
        let terms = paths.as_ref().map_or(0, |p| p.num_terms());
        let mut seen = vec![0u64; terms.div_ceil(64) + 1];
        // Excluded documents count as already seen (and are not counted).
        if let Some(p) = &paths {
            for path in self.excluded {
                if let Some(ord) = p.dictionary().term_ord(path.as_bytes())? {
                    seen[(ord / 64) as usize] |= 1u64 << (ord % 64);
                }
            }
        }
        Ok(DocCountSegment { paths, seen, count: 0 })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<usize>) -> tantivy::Result<usize> {
        Ok(fruits.into_iter().sum())
    }
}

/// A document within one segment: (segment ordinal, path term ordinal).
type SegOrd = (u32, u64);

/// Groups the best-scoring passages (tantivy's top-k, which can skip
/// non-competitive passages) into documents, in order of their best passage.
///
/// At most `limit` groups are formed (later passages only join them). Paths
/// are resolved once per segment in one sorted pass over the dictionary (one
/// lookup per group would decompress a dictionary block each time), and
/// groups of one path found in several segments are merged.
pub fn group_top(
    searcher: &tantivy::Searcher,
    top: &[(Score, DocAddress)],
    per_doc: usize,
    limit: usize,
    excluded: &HashSet<String>,
) -> tantivy::Result<Vec<DocGroup>> {
    let columns: Vec<Option<StrColumn>> = searcher
        .segment_readers()
        .iter()
        .map(|r| r.fast_fields().str(PATH))
        .collect::<tantivy::Result<_>>()?;
    let mut skip: HashSet<(u32, u64)> = HashSet::new();
    for (seg, col) in columns.iter().enumerate() {
        if let Some(col) = col {
            for path in excluded {
                if let Some(ord) = col.dictionary().term_ord(path.as_bytes())? {
                    skip.insert((seg as u32, ord));
                }
            }
        }
    }
    let mut index: HashMap<(u32, u64), usize> = HashMap::new();
    let mut keyed: Vec<(SegOrd, Vec<(Score, DocAddress)>)> = Vec::new();
    for &(score, addr) in top {
        let Some(col) = &columns[addr.segment_ord as usize] else {
            continue;
        };
        let Some(ord) = col.ords().first(addr.doc_id) else {
            continue;
        };
        let key = (addr.segment_ord, ord);
        if skip.contains(&key) {
            continue;
        }
        let i = match index.get(&key) {
            Some(&i) => i,
            None if keyed.len() >= limit => continue,
            None => {
                index.insert(key, keyed.len());
                keyed.push((key, Vec::new()));
                keyed.len() - 1
            }
        };
        if keyed[i].1.len() < per_doc {
            keyed[i].1.push((score, addr));
        }
    }
    // Per segment: its groups' ordinals, sorted, and their paths in that order.
    let mut resolved: Vec<(Vec<u64>, Vec<String>)> = Vec::with_capacity(columns.len());
    for (seg, col) in columns.iter().enumerate() {
        let mut ords: Vec<u64> = keyed
            .iter()
            .filter(|(k, _)| k.0 == seg as u32)
            .map(|(k, _)| k.1)
            .collect();
        ords.sort_unstable();
        let mut names = Vec::with_capacity(ords.len());
        if let Some(col) = col {
            col.dictionary()
                .sorted_ords_to_term_cb(&ords, |bytes| names.push(String::from_utf8_lossy(bytes).into_owned()))?;
        }
        resolved.push((ords, names));
    }
    let mut by_path: HashMap<String, usize> = HashMap::with_capacity(keyed.len());
    let mut groups: Vec<DocGroup> = Vec::with_capacity(keyed.len());
    for ((seg, ord), passages) in keyed {
        let (ords, names) = &mut resolved[seg as usize];
        let Some(path) = ords
            .binary_search(&ord)
            .ok()
            .and_then(|i| names.get_mut(i))
            .map(std::mem::take)
        else {
            continue;
        };
        match by_path.get(&path) {
            Some(&i) => {
                let g: &mut DocGroup = &mut groups[i];
                g.passages.extend(passages);
                g.passages.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                g.passages.truncate(per_doc);
            }
            None => {
                by_path.insert(path.clone(), groups.len());
                groups.push(DocGroup { path, passages });
            }
        }
    }
    Ok(groups)
}
