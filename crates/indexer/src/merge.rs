//! The merge policy of sagasu's index writer: tantivy's log merge policy
//! with every merge bounded in passages and in bytes, which bounds the peak
//! memory of a build whatever the corpus size and whatever its text.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tantivy::index::{SegmentComponent, SegmentId, SegmentMeta};
use tantivy::merge_policy::{LogMergePolicy, MergeCandidate, MergePolicy};

/// Most passages one merge may read. A merge reads its segments through
/// memory maps, whose pages count in the process's resident set: bounding
/// merges (and running one at a time) bounds the peak RSS of a build
/// whatever the corpus size.
pub(crate) const MAX_MERGE_DOCS: u64 = 80_000;

/// Most bytes of segment files one merge may read (see [`MAX_MERGE_DOCS`]).
/// debdocs makes about 2.3 KB of index a passage (80,000 passages: 180 MB
/// of maps), random CJK text (all distinct bigrams) ten times that: this
/// bound is the one reached on both, and segments end up between 48 and
/// 96 MB of files.
pub(crate) const MAX_MERGE_BYTES: u64 = 96 << 20;

/// How many bytes a segment's files hold on disk.
pub(crate) type SegmentSize = Arc<dyn Fn(&SegmentMeta) -> u64 + Send + Sync>;

/// The size of a segment as its files in the index folder `dir` say.
pub(crate) fn files_in(dir: PathBuf) -> SegmentSize {
    Arc::new(move |meta: &SegmentMeta| {
        [
            SegmentComponent::Postings,
            SegmentComponent::Positions,
            SegmentComponent::Terms,
            SegmentComponent::Store,
            SegmentComponent::FastFields,
            SegmentComponent::FieldNorms,
        ]
        .into_iter()
        .filter_map(|c| std::fs::metadata(dir.join(meta.relative_path(c))).ok())
        .map(|m| m.len())
        .sum()
    })
}

/// tantivy's log merge policy, with each merge bounded to `max_docs`
/// passages and `max_bytes` bytes of segment files: a larger candidate is
/// cut into several merges, and a segment over half either bound is not
/// merged again.
pub(crate) struct BoundedMerges {
    log: LogMergePolicy,
    max_docs: u64,
    max_bytes: u64,
    size: SegmentSize,
}

impl std::fmt::Debug for BoundedMerges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BoundedMerges")
            .field("max_docs", &self.max_docs)
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}

impl BoundedMerges {
    pub(crate) fn new(max_docs: u64, max_bytes: u64, size: SegmentSize) -> BoundedMerges {
        let mut log = LogMergePolicy::default();
        log.set_max_docs_before_merge((max_docs / 2) as usize);
        BoundedMerges {
            log,
            max_docs,
            max_bytes,
            size,
        }
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let sizes: HashMap<SegmentId, (u64, u64)> = segments
            .iter()
            .map(|m| (m.id(), (u64::from(m.num_docs()), (self.size)(m))))
            .collect();
        // A segment over half the bound in bytes is done, as the log policy
        // leaves one over half the bound in passages.
        let open: Vec<SegmentMeta> = segments
            .iter()
            .filter(|m| sizes[&m.id()].1 <= self.max_bytes / 2)
            .cloned()
            .collect();
        let mut out = Vec::new();
        for candidate in self.log.compute_merge_candidates(&open) {
            let (mut chunk, mut docs, mut bytes) = (Vec::new(), 0, 0);
            for id in candidate.0 {
                let (d, b) = sizes.get(&id).copied().unwrap_or((0, 0));
                if !chunk.is_empty() && (docs + d > self.max_docs || bytes + b > self.max_bytes) {
                    if chunk.len() > 1 {
                        out.push(MergeCandidate(std::mem::take(&mut chunk)));
                    }
                    chunk.clear();
                    (docs, bytes) = (0, 0);
                }
                chunk.push(id);
                docs += d;
                bytes += b;
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
        // Segments of prose: 1.5 KB a passage.
        let policy = BoundedMerges::new(
            80_000,
            1 << 40,
            Arc::new(|m: &SegmentMeta| u64::from(m.num_docs()) * 1500),
        );
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

    // Issue 26: a file of random CJK text (millions of distinct bigrams)
    // makes segments of ~15 KB a passage: bounded in passages only, one
    // merge read 27 MB of text's whole index (peak 680 MB).
    #[test]
    fn merges_are_bounded_in_bytes() {
        let index = Index::create_in_ram(Fields::build().0);
        let meta = |docs: u32| index.new_segment_meta(SegmentId::generate_random(), docs);
        let mb = 1 << 20;
        let bytes = |m: &SegmentMeta| u64::from(m.num_docs()) * 15_000;
        let policy = BoundedMerges::new(80_000, 96 * mb, Arc::new(bytes));
        // 1,500 passages a segment: 21 MB each, far under the bound in passages.
        let mut segments: Vec<SegmentMeta> = (0..24).map(|_| meta(1_500)).collect();
        // Over half the bound in bytes: left alone.
        segments.extend((0..2).map(|_| meta(4_000)));
        let size: HashMap<SegmentId, u64> = segments.iter().map(|m| (m.id(), bytes(m))).collect();
        let candidates = policy.compute_merge_candidates(&segments);
        assert!(!candidates.is_empty());
        for c in &candidates {
            assert!(c.0.len() > 1, "a merge of one segment");
            let total: u64 = c.0.iter().map(|id| size[id]).sum();
            assert!(total <= 96 * mb, "a merge of {} MB", total / mb);
            assert!(
                c.0.iter().all(|id| size[id] <= 48 * mb),
                "a segment over half the bound is merged"
            );
        }
    }
}
