//! The merge policy of sagasu's index writer: tantivy's log merge policy
//! with every merge bounded in size, which bounds the peak memory of a
//! build whatever the corpus size.

use std::collections::HashMap;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};

/// Most passages one merge may read. A merge reads its segments through
/// memory maps, whose pages count in the process's resident set: bounding
/// merges (and running one at a time) bounds the peak RSS of a build
/// whatever the corpus size. Segments end up between half this and this
/// size (about 60 to 120 MB of index files each).
pub(crate) const MAX_MERGE_DOCS: u64 = 80_000;

/// tantivy's log merge policy, with each merge bounded to `max_docs`
/// passages: a larger candidate is cut into several merges, and a segment
/// of more than half the bound is not merged again.
#[derive(Debug)]
pub(crate) struct BoundedMerges {
    log: LogMergePolicy,
    max_docs: u64,
}

impl BoundedMerges {
    pub(crate) fn new(max_docs: u64) -> BoundedMerges {
        let mut log = LogMergePolicy::default();
        log.set_max_docs_before_merge((max_docs / 2) as usize);
        BoundedMerges { log, max_docs }
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs: HashMap<SegmentId, u64> = segments.iter().map(|m| (m.id(), u64::from(m.num_docs()))).collect();
        let mut out = Vec::new();
        for candidate in self.log.compute_merge_candidates(segments) {
            let (mut chunk, mut sum) = (Vec::new(), 0);
            for id in candidate.0 {
                let n = docs.get(&id).copied().unwrap_or(0);
                if sum + n > self.max_docs && !chunk.is_empty() {
                    if chunk.len() > 1 {
                        out.push(MergeCandidate(std::mem::take(&mut chunk)));
                    }
                    chunk.clear();
                    sum = 0;
                }
                chunk.push(id);
                sum += n;
            }
            if chunk.len() > 1 {
                out.push(MergeCandidate(chunk));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sagasu_analysis::schema::Fields;
    use tantivy::Index;

    #[test]
    fn merges_are_bounded_in_size() {
        let index = Index::create_in_ram(Fields::build().0);
        let meta = |docs: u32| index.new_segment_meta(SegmentId::generate_random(), docs);
        let policy = BoundedMerges::new(80_000);
        // Segments as two indexing threads flush them, and small ones.
        let mut segments: Vec<SegmentMeta> = (0..16).map(|_| meta(27_000)).collect();
        segments.extend((0..10).map(|_| meta(12)));
        // Segments already at the bound are left alone.
        segments.extend((0..3).map(|_| meta(70_000)));
        let sizes: HashMap<SegmentId, u64> = segments.iter().map(|m| (m.id(), u64::from(m.num_docs()))).collect();
        let candidates = policy.compute_merge_candidates(&segments);
        assert!(!candidates.is_empty());
        let mut merged = std::collections::HashSet::new();
        for c in &candidates {
            assert!(c.0.len() > 1, "a merge of one segment");
            let total: u64 = c.0.iter().map(|id| sizes[id]).sum();
            assert!(total <= 80_000, "a merge of {total} passages");
            for id in &c.0 {
                assert!(sizes[id] <= 40_000, "a segment over half the bound is merged");
                assert!(merged.insert(*id), "a segment in two merges");
            }
        }
    }
}
