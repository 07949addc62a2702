//! Collectors over passage hits: grouping the top passages by document
//! (MaxP), counting distinct documents, collecting paths for exclusions.

use std::collections::{HashMap, HashSet};

use sagasu_analysis::schema::{PATH, SPANS};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::group::group_ranked_counting;

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

/// Up to this many paths, [`Exclusions::spread`] looks each one up in each
/// segment's dictionary; beyond, it walks the dictionaries once.
const SPREAD_BY_LOOKUP: usize = 64;

/// Sets bit `ord`, growing `bits` as needed.
fn set_bit(bits: &mut Vec<u64>, ord: u64) {
    let word = (ord / 64) as usize;
    if bits.len() <= word {
        bits.resize(word + 1, 0);
    }
    bits[word] |= 1u64 << (ord % 64);
}

/// Documents left out of a search (its top-level exclusions): path
/// ordinals per segment, as bitsets.
///
/// Ordinals are exact because all passages of a document live in one
/// segment (see [`DocCount`]); no path string is ever looked up, except
/// for a file marked `spans` (indexed in several batches, so in several
/// segments): [`ExclusionCollector`] looks its path up in every segment.
#[derive(Debug, Default, Clone)]
pub struct Exclusions {
    /// Per segment ordinal: one bit per path ordinal.
    segments: Vec<Vec<u64>>,
}

impl Exclusions {
    /// The documents whose path ordinals are set in `segments` (per segment
    /// ordinal, one bit per path ordinal).
    pub(crate) fn of_bits(segments: Vec<Vec<u64>>) -> Exclusions {
        Exclusions { segments }
    }

    /// Adds the documents of `other`.
    pub fn extend(&mut self, other: Exclusions) {
        if self.segments.len() < other.segments.len() {
            self.segments.resize(other.segments.len(), Vec::new());
        }
        for (mine, theirs) in self.segments.iter_mut().zip(other.segments) {
            if mine.len() < theirs.len() {
                mine.resize(theirs.len(), 0);
            }
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a |= b;
            }
        }
    }

    /// The documents of `searcher`'s snapshot that are not in this set.
    pub fn complement(&self, searcher: &tantivy::Searcher) -> tantivy::Result<Exclusions> {
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for (seg, reader) in searcher.segment_readers().iter().enumerate() {
            let terms = reader.fast_fields().str(PATH)?.map_or(0, |p| p.num_terms());
            let mut bits = self.segment_bits(seg as u32, terms.div_ceil(64));
            for (i, w) in bits.iter_mut().enumerate() {
                *w = !*w;
                let valid = terms - i * 64;
                if valid < 64 {
                    *w &= (1u64 << valid) - 1;
                }
            }
            segments.push(bits);
        }
        Ok(Exclusions { segments })
    }

    /// Adds `paths` in every segment that holds them (a file that spans
    /// segments, excluded where it matched, is excluded everywhere).
    pub(crate) fn spread(&mut self, searcher: &tantivy::Searcher, paths: &[String]) -> tantivy::Result<()> {
        let readers = searcher.segment_readers();
        if self.segments.len() < readers.len() {
            self.segments.resize(readers.len(), Vec::new());
        }
        // Many paths (a folder's copies): one walk over each segment's
        // paths beats a dictionary lookup of every path in every segment.
        let wanted: Option<HashSet<&[u8]>> =
            (paths.len() > SPREAD_BY_LOOKUP).then(|| paths.iter().map(|p| p.as_bytes()).collect());
        for (seg, reader) in readers.iter().enumerate() {
            let Some(col) = reader.fast_fields().str(PATH)? else {
                continue;
            };
            let bits = &mut self.segments[seg];
            let dictionary = col.dictionary();
            match &wanted {
                Some(wanted) => {
                    let mut terms = dictionary.stream()?;
                    while terms.advance() {
                        if wanted.contains(terms.key()) {
                            set_bit(bits, terms.term_ord());
                        }
                    }
                }
                None => {
                    for path in paths {
                        if let Some(ord) = dictionary.term_ord(path.as_bytes())? {
                            set_bit(bits, ord);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether every document of `segment` is left out: all of its
    /// `paths` path ordinals. Such a segment is not searched at all (with
    /// ten copies of a folder, the copies indexed after the first fill
    /// whole segments of their own: 18 of the 22 at debdocs ×10).
    pub(crate) fn covers(&self, segment: u32, paths: u64) -> bool {
        let set: u64 = self.segment(segment).iter().map(|w| u64::from(w.count_ones())).sum();
        paths > 0 && set >= paths
    }

    /// Whether no document is left out.
    pub(crate) fn is_empty(&self) -> bool {
        self.segments.iter().all(|bits| bits.iter().all(|&w| w == 0))
    }

    /// The bitset of `segment` (one bit per path ordinal; may be shorter
    /// than the segment's paths, or empty).
    pub(crate) fn segment(&self, segment: u32) -> &[u64] {
        self.segments.get(segment as usize).map_or(&[], Vec::as_slice)
    }

    fn contains(&self, segment: u32, ord: u64) -> bool {
        self.segments
            .get(segment as usize)
            .and_then(|bits| bits.get((ord / 64) as usize))
            .is_some_and(|w| w & (1u64 << (ord % 64)) != 0)
    }

    /// The bitset of `segment`, `words` long.
    fn segment_bits(&self, segment: u32, words: usize) -> Vec<u64> {
        let mut bits = self.segments.get(segment as usize).cloned().unwrap_or_default();
        bits.resize(words, 0);
        bits
    }
}

/// The documents of one segment's matching passages: a bitset over path
/// ordinals, and how many bits the passages set (documents already marked,
/// such as excluded ones, do not count). Both collectors below use it.
pub struct SegmentDocs {
    segment: SegmentOrdinal,
    paths: Option<StrColumn>,
    /// The `spans` marks, if the segment holds a file that spans segments.
    spans: Option<Column<u64>>,
    bits: Vec<u64>,
    new: usize,
    /// Path ordinals of newly marked files that span segments (not in
    /// `new`: they are counted by path).
    spanning: Vec<u64>,
}

impl SegmentDocs {
    fn new(segment: SegmentOrdinal, reader: &SegmentReader, marked: &Exclusions) -> tantivy::Result<SegmentDocs> {
        let paths = reader.fast_fields().str(PATH)?;
        let terms = paths.as_ref().map_or(0, |p| p.num_terms());
        Ok(SegmentDocs {
            segment,
            paths,
            spans: spans_of(reader),
            bits: marked.segment_bits(segment, terms.div_ceil(64) + 1),
            new: 0,
            spanning: Vec::new(),
        })
    }

    fn mark(&mut self, doc: DocId) {
        let Some(ord) = self.paths.as_ref().and_then(|p| p.ords().first(doc)) else {
            return;
        };
        let (word, bit) = ((ord / 64) as usize, 1u64 << (ord % 64));
        if self.bits[word] & bit == 0 {
            self.bits[word] |= bit;
            if self.spans.as_ref().is_some_and(|s| s.first(doc).is_some_and(|v| v > 0)) {
                self.spanning.push(ord);
            } else {
                self.new += 1;
            }
        }
    }
}

/// The `spans` column of a segment, if any of its passages has the mark
/// (most segments have none, and then nothing is looked up per hit).
fn spans_of(reader: &SegmentReader) -> Option<Column<u64>> {
    let col = reader.fast_fields().u64(SPANS).ok()?;
    (col.max_value() > 0).then_some(col)
}

/// The fruit of [`SegmentDocs`]: its segment, its bitset, how many new
/// documents it marked, and the ordinals of the spanning ones among them.
pub type SegmentFruit = (SegmentOrdinal, Vec<u64>, usize, Vec<u64>);

/// The paths of `(segment, ordinal)` pairs.
fn paths_of(searcher: &tantivy::Searcher, pairs: &[(SegmentOrdinal, u64)]) -> tantivy::Result<Vec<String>> {
    let mut out = Vec::with_capacity(pairs.len());
    let mut bytes = Vec::new();
    for &(seg, ord) in pairs {
        if let Some(col) = searcher.segment_reader(seg).fast_fields().str(PATH)? {
            bytes.clear();
            if col.dictionary().ord_to_term(ord, &mut bytes)? {
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    Ok(out)
}

impl SegmentCollector for SegmentDocs {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.mark(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.mark(doc);
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.bits, self.new, self.spanning)
    }
}

/// Collects the documents of the matching passages (for exclusions). A
/// file that spans segments and matches in one is excluded in all.
pub struct ExclusionCollector<'s> {
    /// The snapshot searched (to find a spanning file in other segments).
    pub searcher: &'s tantivy::Searcher,
}

impl Collector for ExclusionCollector<'_> {
    type Fruit = Exclusions;
    type Child = SegmentDocs;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentDocs> {
        SegmentDocs::new(segment, reader, &Exclusions::default())
    }

    /// Scored, so that an excluded phrase removes exactly the documents
    /// the same phrase finds in a ranked search (see [`DocCount`]).
    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Exclusions> {
        let mut segments = Vec::new();
        let mut spanning = Vec::new();
        for (seg, bits, _, ords) in fruits {
            spanning.extend(ords.into_iter().map(|o| (seg, o)));
            let seg = seg as usize;
            if segments.len() <= seg {
                segments.resize(seg + 1, Vec::new());
            }
            segments[seg] = bits;
        }
        let mut excluded = Exclusions { segments };
        if !spanning.is_empty() {
            excluded.spread(self.searcher, &paths_of(self.searcher, &spanning)?)?;
        }
        Ok(excluded)
    }
}

/// Counts the distinct documents among the matching passages, leaving out the documents whose path is in `excluded`.
///
/// Relies on the indexer writing all passages of a document in one
/// `IndexWriter::run` batch, which tantivy keeps in one segment (and merges
/// keep together): distinct path ordinals per segment then add up. A file
/// too large for one batch is marked `spans`: those are counted by their
/// distinct paths.
pub struct DocCount<'a> {
    /// Documents not to count.
    pub excluded: &'a Exclusions,
    /// The snapshot searched (to look up the paths of spanning files).
    pub searcher: &'a tantivy::Searcher,
    /// Whether the query is scored while counting: when it holds a phrase
    /// (see [`DocCount::requires_scoring`]); without one, matching needs
    /// no score, and tantivy unions and intersects whole blocks unscored.
    pub scored: bool,
}

impl Collector for DocCount<'_> {
    type Fruit = usize;
    type Child = SegmentDocs;

    /// A segment whose documents are all excluded counts none, unread.
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFruit> {
        let mut docs = self.for_segment(segment, reader)?;
        let paths = docs.paths.as_ref().map_or(0, |p| p.num_terms() as u64);
        if self.excluded.covers(segment, paths) {
            return Ok(docs.harvest());
        }
        let alive = reader.alive_bitset();
        if self.scored {
            weight.for_each(reader, &mut |doc, _| {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    docs.mark(doc);
                }
            })?;
        } else {
            weight.for_each_no_score(reader, &mut |block| {
                for &doc in block {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        docs.mark(doc);
                    }
                }
            })?;
        }
        Ok(docs.harvest())
    }

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentDocs> {
        // Excluded documents start marked, so they are not counted.
        SegmentDocs::new(segment, reader, self.excluded)
    }

    /// Scored, though no score is read: tantivy decides whether a phrase
    /// of three or more words with slop matches in two ways, by counting
    /// its occurrences when scoring and by a looser pairwise test when
    /// not, and the count must take the documents ranked search and
    /// `--every` list (`"Korea-Japan security"~2` counted two documents of
    /// the corpus and listed one).
    fn requires_scoring(&self) -> bool {
        self.scored
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<usize> {
        let mut spanning = Vec::new();
        let mut count = 0;
        for (seg, _, new, ords) in fruits {
            count += new;
            spanning.extend(ords.into_iter().map(|o| (seg, o)));
        }
        if !spanning.is_empty() {
            let mut paths = paths_of(self.searcher, &spanning)?;
            paths.sort_unstable();
            paths.dedup();
            count += paths.len();
        }
        Ok(count)
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
/// groups of one path found in several segments are merged: a file marked
/// `spans` (in several segments) may form a group per segment, so those do
/// not count towards `limit` until they are merged.
pub fn group_top(
    searcher: &tantivy::Searcher,
    top: &[(Score, DocAddress)],
    per_doc: usize,
    limit: usize,
    excluded: &Exclusions,
) -> tantivy::Result<Vec<DocGroup>> {
    let columns: Vec<Option<StrColumn>> = searcher
        .segment_readers()
        .iter()
        .map(|r| r.fast_fields().str(PATH))
        .collect::<tantivy::Result<_>>()?;
    let spans: Vec<Option<Column<u64>>> = searcher.segment_readers().iter().map(spans_of).collect();
    let ranked = top.iter().filter_map(|&(score, addr)| {
        let ord = columns[addr.segment_ord as usize].as_ref()?.ords().first(addr.doc_id)?;
        let key: SegOrd = (addr.segment_ord, ord);
        (!excluded.contains(key.0, key.1)).then_some((key, score, addr))
    });
    // A spanning file's group in one segment does not count until merged.
    let counts = |_: &SegOrd, addr: &DocAddress| {
        spans[addr.segment_ord as usize]
            .as_ref()
            .is_none_or(|s| s.first(addr.doc_id).is_none_or(|v| v == 0))
    };
    let keyed = group_ranked_counting(ranked, per_doc, limit, counts);
    let mut resolved = resolve_paths(&columns, &keyed)?;
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
    groups.truncate(limit);
    Ok(groups)
}

/// Per segment: the ordinals of its groups, sorted, and their paths in that
/// order (one sorted pass over each segment's path dictionary).
fn resolve_paths<T>(
    columns: &[Option<StrColumn>],
    keyed: &[(SegOrd, T)],
) -> tantivy::Result<Vec<(Vec<u64>, Vec<String>)>> {
    let mut resolved = Vec::with_capacity(columns.len());
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
    Ok(resolved)
}
