//! Collectors that group passage hits by document (MaxP).
//!
//! Passages of one document may live in several segments (tantivy spreads
//! documents over its indexing threads), so groups are merged by path.

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

/// Collects every matching passage, keeping the best `per_doc` of each
/// document; the fruit is sorted by document score, then path.
pub struct GroupCollector {
    /// Passages kept per document.
    pub per_doc: usize,
}

pub struct GroupSegment {
    paths: Option<StrColumn>,
    segment: SegmentOrdinal,
    per_doc: usize,
    groups: HashMap<u64, Vec<(Score, DocId)>>,
}

fn trim(v: &mut Vec<(Score, DocId)>, keep: usize) {
    v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    v.truncate(keep);
}

impl SegmentCollector for GroupSegment {
    type Fruit = Vec<(String, Vec<(Score, DocAddress)>)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(paths) = &self.paths else { return };
        let Some(ord) = paths.term_ords(doc).next() else { return };
        let v = self.groups.entry(ord).or_default();
        v.push((score, doc));
        if v.len() >= self.per_doc * 4 {
            trim(v, self.per_doc);
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = Vec::with_capacity(self.groups.len());
        let Some(paths) = self.paths else { return out };
        let mut s = String::new();
        for (ord, mut v) in self.groups {
            trim(&mut v, self.per_doc);
            s.clear();
            if paths.ord_to_str(ord, &mut s).unwrap_or(false) {
                out.push((
                    s.clone(),
                    v.into_iter()
                        .map(|(sc, d)| (sc, DocAddress::new(self.segment, d)))
                        .collect(),
                ));
            }
        }
        out
    }
}

impl Collector for GroupCollector {
    type Fruit = Vec<DocGroup>;
    type Child = GroupSegment;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<GroupSegment> {
        Ok(GroupSegment {
            paths: reader.fast_fields().str(PATH)?,
            segment,
            per_doc: self.per_doc.max(1),
            groups: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<<GroupSegment as SegmentCollector>::Fruit>) -> tantivy::Result<Vec<DocGroup>> {
        let mut merged: HashMap<String, Vec<(Score, DocAddress)>> = HashMap::new();
        for fruit in fruits {
            for (path, v) in fruit {
                merged.entry(path).or_default().extend(v);
            }
        }
        let mut out: Vec<DocGroup> = merged
            .into_iter()
            .map(|(path, mut passages)| {
                passages.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                passages.truncate(self.per_doc.max(1));
                DocGroup { path, passages }
            })
            .collect();
        out.sort_by(|a, b| b.score().total_cmp(&a.score()).then_with(|| a.path.cmp(&b.path)));
        Ok(out)
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
