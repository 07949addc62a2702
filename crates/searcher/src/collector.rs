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

/// Groups the best-scoring passages (tantivy's top-k, which can skip
/// non-competitive passages) into documents, in order of their best passage.
///
/// Returns the groups and whether every matching passage was seen.
pub fn group_top(
    searcher: &tantivy::Searcher,
    top: &[(Score, DocAddress)],
    per_doc: usize,
    excluded: &HashSet<String>,
) -> tantivy::Result<Vec<DocGroup>> {
    let columns: Vec<Option<StrColumn>> = searcher
        .segment_readers()
        .iter()
        .map(|r| r.fast_fields().str(PATH))
        .collect::<tantivy::Result<_>>()?;
    let mut index: HashMap<(u32, u64), Option<usize>> = HashMap::new();
    let mut groups: Vec<DocGroup> = Vec::new();
    for &(score, addr) in top {
        let Some(col) = &columns[addr.segment_ord as usize] else {
            continue;
        };
        let Some(ord) = col.ords().first(addr.doc_id) else {
            continue;
        };
        let slot = match index.get(&(addr.segment_ord, ord)) {
            Some(slot) => *slot,
            None => {
                let mut path = String::new();
                col.ord_to_str(ord, &mut path)?;
                let slot = if excluded.contains(&path) {
                    None
                } else {
                    groups.push(DocGroup {
                        path,
                        passages: Vec::new(),
                    });
                    Some(groups.len() - 1)
                };
                index.insert((addr.segment_ord, ord), slot);
                slot
            }
        };
        if let Some(i) = slot {
            if groups[i].passages.len() < per_doc {
                groups[i].passages.push((score, addr));
            }
        }
    }
    Ok(groups)
}
