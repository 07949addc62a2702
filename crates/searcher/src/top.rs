//! tantivy's top-k passages by score with the excluded documents (the
//! query's exclusions, the copies of duplicate files) left out *while*
//! collecting: the k-th best score that block-max pruning skips against
//! is then a passage that will be shown, not a copy dropped afterwards.
//!
//! With ten copies of every file, tantivy's plain top 64 held ~6 distinct
//! documents, so a page of 10 searched again with k = 256, and the pruning
//! threshold came from tied copies. Here excluded passages never enter the
//! heap, so one search with the first k fills the page, and feedback reads
//! distinct passages.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use sagasu_analysis::schema::PATH;
use tantivy::collector::sort_key::{NaturalComparator, SortBySimilarityScore};
use tantivy::collector::{SortKeyComputer, TopDocs};
use tantivy::query::{Query, Weight};
use tantivy::{DocAddress, DocId, Score, SegmentReader};

use crate::collector::Exclusions;

/// The best `k` passages of `query` whose documents are not in `excluded`,
/// best first, ties in index order (as tantivy's `order_by_score`, which
/// this is when nothing is excluded).
pub(crate) fn top_k(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    k: usize,
    excluded: &Exclusions,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    if excluded.is_empty() {
        return searcher.search(query, &TopDocs::with_limit(k).order_by_score());
    }
    let by_score = LeavingOut {
        excluded: Arc::new(excluded.clone()),
    };
    searcher.search(query, &TopDocs::with_limit(k).order_by(by_score))
}

/// Sorts by score like `SortBySimilarityScore`, skipping the passages of
/// excluded documents inside tantivy's pruning callback.
struct LeavingOut {
    excluded: Arc<Exclusions>,
}

impl SortKeyComputer for LeavingOut {
    type SortKey = Score;
    type Child = SortBySimilarityScore;
    type Comparator = NaturalComparator;

    fn requires_scoring(&self) -> bool {
        true
    }

    fn segment_sort_key_computer(&self, _reader: &SegmentReader) -> tantivy::Result<SortBySimilarityScore> {
        Ok(SortBySimilarityScore)
    }

    fn collect_segment_top_k(
        &self,
        k: usize,
        weight: &dyn Weight,
        reader: &SegmentReader,
        segment_ord: u32,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let bits = self.excluded.segment(segment_ord);
        let paths = reader.fast_fields().str(PATH)?;
        if self
            .excluded
            .covers(segment_ord, paths.as_ref().map_or(0, |p| p.num_terms() as u64))
        {
            return Ok(Vec::new());
        }
        let Some(paths) = paths.filter(|_| bits.iter().any(|&w| w != 0)) else {
            return SortBySimilarityScore.collect_segment_top_k(k, weight, reader, segment_ord);
        };
        let ords = paths.ords();
        let alive = reader.alive_bitset();
        let left_out = |doc: DocId| {
            alive.is_some_and(|a| a.is_deleted(doc))
                || ords
                    .first(doc)
                    .and_then(|ord| bits.get((ord / 64) as usize).map(|w| w & (1u64 << (ord % 64)) != 0))
                    .unwrap_or(false)
        };
        let mut top = TopHeap::new(k);
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if top.takes(score) && !left_out(doc) {
                top.push(score, doc);
            }
            top.threshold.unwrap_or(Score::MIN)
        })?;
        Ok(top
            .into_vec()
            .into_iter()
            .map(|(score, doc)| (score, DocAddress::new(segment_ord, doc)))
            .collect())
    }
}

/// A heap entry: the higher score is greater; on a tie the lower document
/// is greater (it wins, as in tantivy's own top-k).
struct Entry {
    score: Score,
    doc: DocId,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .partial_cmp(&other.score)
            .unwrap_or(Ordering::Equal)
            .then_with(|| other.doc.cmp(&self.doc))
    }
}

/// The best `k` of one segment's passages, which arrive in document order;
/// `threshold` is the k-th best score once `k` are held (a later passage
/// must beat it strictly, so the earlier document wins a tie).
struct TopHeap {
    heap: BinaryHeap<Reverse<Entry>>,
    k: usize,
    threshold: Option<Score>,
}

impl TopHeap {
    fn new(k: usize) -> TopHeap {
        TopHeap {
            heap: BinaryHeap::with_capacity(k),
            k,
            threshold: None,
        }
    }

    /// Whether a passage of `score` would enter (checked before the
    /// passage's document is looked up).
    fn takes(&self, score: Score) -> bool {
        if self.heap.len() < self.k {
            return true;
        }
        self.threshold.is_some_and(|t| score > t)
    }

    /// Adds a passage [`TopHeap::takes`] accepted.
    fn push(&mut self, score: Score, doc: DocId) {
        if self.heap.len() < self.k {
            self.heap.push(Reverse(Entry { score, doc }));
        } else if let Some(mut min) = self.heap.peek_mut() {
            *min = Reverse(Entry { score, doc });
        }
        if self.heap.len() == self.k {
            self.threshold = self.heap.peek().map(|Reverse(e)| e.score);
        }
    }

    fn into_vec(self) -> Vec<(Score, DocId)> {
        self.heap
            .into_vec()
            .into_iter()
            .map(|Reverse(e)| (e.score, e.doc))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heap_keeps_the_best_and_the_earlier_of_a_tie() {
        let mut top = TopHeap::new(2);
        for (score, doc) in [(1.0, 0), (3.0, 1), (2.0, 2), (3.0, 3), (2.0, 4)] {
            if top.takes(score) {
                top.push(score, doc);
            }
        }
        let mut kept = top.into_vec();
        kept.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        assert_eq!(kept, [(3.0, 1), (3.0, 3)]);
    }
}
