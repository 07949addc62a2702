//! The one answer to "where does this query match in this text?".
//!
//! A [`Matcher`] is built once from the analyzed query; [`Matcher::find`]
//! takes any text (a passage, a whole document) and returns its matches
//! ([`Match`]), in text order. Snippets, highlights, `--every`, `--count`,
//! context lines, the document view's hits, `terms --spellings` and
//! feedback all read matches from here, so they agree with each other;
//! ranked search decides *which* documents match, the matcher says
//! *where*, and it finds what the index would: the text is analyzed with
//! the index-mode analyzer, so every match covers the text's own spelling
//! (Satō for `sato`, Dae-jung for `daejung`).
//!
//! What matches, by the kind of the query's leaf (every positive body
//! leaf, expansions included, whatever made them):
//!
//! - a word: a token with its folded form or (unless the word is a
//!   certain name, which has no stem) its stem; a prefix (`Nordpol*`); a
//!   fuzzy word (`Ishbia~1`, Damerau distance as tantivy counts it);
//! - a phrase or a word of several tokens (a compound, CJK bigrams): its
//!   tokens at their relative positions, stacked tokens included, with the
//!   phrase's slop spent as tantivy spends it (the distance of each token's
//!   position from the previous one's, either side);
//! - a romanization key (a [`LeafKind::Name`] leaf, whatever expansion made
//!   it): the text's names with that key (`sagasu_analysis::romanize::name_keys`),
//!   several keys as a phrase of names (`"Kim Daejung"` finds *Kim Dae Jung*
//!   and 김대중).
//!
//! One mention is one match: overlapping matches keep the one that starts
//! first (the longer, then the one as typed, on a tie), and matches of
//! consecutive query clauses that follow each other in the text in query
//! order, with nothing but punctuation and white space between them, are
//! one match (`Kim Dae-jung` typed as two words finds one mention, not
//! two). A match keeps the tokens it is made of ([`Match::parts`]): what to
//! highlight.
//!
//! `title:` and `path:` leaves restrict which documents match but are
//! never found in a text.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use sagasu_analysis::romanize::{may_be_name, name_keys};
use sagasu_analysis::{stem_cached, SagasuTokenizer, Token};
use tantivy::tokenizer::{TokenStream, Tokenizer};

use crate::edit_distance::within_distance;
use crate::query::{AnalyzedQuery, ExpansionKind, FieldSel, Leaf, LeafKind, Polarity};

/// Where a query matches in a text: an occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Its first byte in the text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The byte ranges of the words it is made of, in order, inside
    /// `start..end` (a phrase with slop skips the words between; the
    /// tokens of one word, `Dae-jung`, are one range): what to highlight.
    pub parts: Vec<(usize, usize)>,
    /// The query clauses it covers, `first..=last` (0-based, in query
    /// order; an expansion's alternatives share their clause's number).
    pub clauses: (u32, u32),
    /// The expansion that found it (`None`: the query's words as typed).
    /// A match of several clauses takes the first one found by an
    /// expansion.
    pub kind: Option<ExpansionKind>,
}

impl Match {
    /// Whether it holds more than one token or clause (a phrase, a name of
    /// several words): a snippet prefers the places where one occurs.
    pub fn is_phrase(&self) -> bool {
        self.parts.len() > 1 || self.clauses.0 != self.clauses.1
    }
}

/// A query token to find: which leaf, which of its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Slot {
    leaf: u32,
    token: u32,
}

/// A leaf to find.
#[derive(Debug, Clone)]
struct Target {
    /// Relative position of each token.
    positions: Vec<usize>,
    slop: u32,
    /// Its clause in query order (an expansion's alternatives share it).
    clause: u32,
    kind: Option<ExpansionKind>,
}

/// Finds an analyzed query's matches in any text. `Sync`: build it once
/// per query, share it across threads.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    targets: Vec<Target>,
    /// Folded forms to find.
    exact: FxHashMap<String, Vec<Slot>>,
    /// Stems to find.
    stems: FxHashMap<String, Vec<Slot>>,
    /// The first bytes of the stems: English Snowball never changes a
    /// word's first letter, so only words that start like a stem are
    /// stemmed (checked on the default corpus by a test).
    stem_firsts: Vec<u8>,
    prefixes: Vec<(String, Slot)>,
    fuzzy: Vec<(String, u8, Slot)>,
    /// Romanization keys of names to find.
    keys: FxHashMap<String, Vec<Slot>>,
    /// Whether matches of consecutive clauses next to each other are one.
    join: bool,
    /// What a piece of text must hold to be analyzed, when a text can be
    /// analyzed in pieces for this query ([`prefilter`]).
    needles: Option<Vec<String>>,
}

/// A token (or a name's key) of the text that stands for a query token.
#[derive(Debug, Clone, Copy)]
struct Hit {
    slot: Slot,
    position: usize,
    from: usize,
    to: usize,
}

impl Matcher {
    /// The matcher of `query`'s positive body leaves (excluded clauses are
    /// never found).
    pub fn new(query: &AnalyzedQuery) -> Matcher {
        Matcher {
            join: true,
            ..Matcher::separate(query)
        }
    }

    /// [`Matcher::new`], where every match stays apart, however close to
    /// the next (`terms --spellings`: one spelling is not joined to the
    /// next).
    pub fn separate(query: &AnalyzedQuery) -> Matcher {
        let mut m = Matcher::default();
        let mut clause = 0u32;
        let mut last_expansion: Option<*const crate::query::Expanded> = None;
        let mut first = true;
        query.root.visit(&mut |leaf, polarity, expanded| {
            if polarity == Polarity::Excluded {
                return;
            }
            // An expansion's alternatives are one clause.
            let ptr = expanded.map(|e| e as *const _);
            if !first && (ptr.is_none() || ptr != last_expansion) {
                clause += 1;
            }
            first = false;
            last_expansion = ptr;
            if leaf.field == FieldSel::Body {
                m.add(leaf, clause, expanded.and_then(|e| e.found_by(leaf)));
            }
        });
        m.stem_firsts.sort_unstable();
        m.stem_firsts.dedup();
        let one_token_words = m.keys.is_empty()
            && m.prefixes.is_empty()
            && m.fuzzy.is_empty()
            && m.targets.iter().all(|t| t.positions.len() == 1);
        if one_token_words {
            m.needles = prefilter::needles(m.exact.keys().map(String::as_str), m.stems.keys().map(String::as_str));
        }
        m
    }

    fn add(&mut self, leaf: &Leaf, clause: u32, kind: Option<ExpansionKind>) {
        if leaf.tokens.is_empty() {
            return;
        }
        let id = self.targets.len() as u32;
        let slot = |token: usize| Slot {
            leaf: id,
            token: token as u32,
        };
        match leaf.kind {
            LeafKind::Words | LeafKind::Phrase { .. } => {
                for (i, t) in leaf.tokens.iter().enumerate() {
                    self.exact.entry(t.text.clone()).or_default().push(slot(i));
                    if !t.stem.is_empty() {
                        self.stems.entry(t.stem.clone()).or_default().push(slot(i));
                        self.stem_firsts.extend(t.stem.bytes().next());
                    }
                }
            }
            LeafKind::Name { .. } => {
                for (i, t) in leaf.tokens.iter().enumerate() {
                    self.keys.entry(t.text.clone()).or_default().push(slot(i));
                }
            }
            LeafKind::Prefix => self.prefixes.push((leaf.tokens[0].text.clone(), slot(0))),
            LeafKind::Fuzzy { distance } => self.fuzzy.push((leaf.tokens[0].text.clone(), distance, slot(0))),
            LeafKind::Glob => return,
        }
        self.targets.push(Target {
            positions: leaf.tokens.iter().map(|t| t.position).collect(),
            slop: leaf.slop(),
            clause,
            kind,
        });
    }

    /// Whether nothing can ever be found (the query only restricts
    /// titles or paths).
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// The matches in `text`, in text order, none overlapping another.
    pub fn find(&self, text: &str) -> Vec<Match> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut hits = self.hits(text);
        // By leaf and token, then in text order.
        hits.sort_unstable_by_key(|h| (h.slot, h.position, h.from));
        let mut found = Vec::new();
        let mut rest = hits.as_slice();
        for (id, target) in self.targets.iter().enumerate() {
            let n = rest.partition_point(|h| h.slot.leaf as usize == id);
            let (mine, after) = rest.split_at(n);
            rest = after;
            target.find(text, mine, &mut found);
        }
        one_per_mention(text, found, self.join)
    }

    /// The tokens (and names' keys) of `text` that stand for a query token.
    fn hits(&self, text: &str) -> Vec<Hit> {
        thread_local! {
            /// The index-mode analyzer with its buffers, kept from one text
            /// to the next: only matching tokens allocate.
            static TOKENIZER: RefCell<SagasuTokenizer> = RefCell::new(SagasuTokenizer::exact());
        }
        let mut hits = Vec::new();
        // With names to find: the tokens that may be names, for `name_keys`.
        let with_names = !self.keys.is_empty();
        let mut names: Vec<Token> = Vec::new();
        TOKENIZER.with(|tokenizer| {
            let mut tokenizer = tokenizer.borrow_mut();
            let Some(needles) = &self.needles else {
                let mut stream = tokenizer.token_stream(text);
                while stream.advance() {
                    let t = stream.token();
                    if with_names && may_be_name(text, t.offset_from, t.offset_to) {
                        names.push(t.clone());
                    }
                    self.token_hits(t, 0, &mut hits);
                }
                return;
            };
            // Only the pieces that may match, each analyzed alone: a
            // token's offsets move by its piece's start, its position
            // stays in text order (positions do not matter here).
            for piece in prefilter::pieces(text, needles) {
                let mut stream = tokenizer.token_stream(&text[piece.clone()]);
                while stream.advance() {
                    self.token_hits(stream.token(), piece.start, &mut hits);
                }
            }
        });
        if with_names {
            for k in name_keys(text, &names) {
                for &slot in self.keys.get(&k.key).into_iter().flatten() {
                    hits.push(Hit {
                        slot,
                        position: k.position,
                        from: k.from,
                        to: k.to,
                    });
                }
            }
        }
        hits
    }

    /// The query tokens that the text token `t` stands for (`t` of a piece
    /// of the text that starts at byte `shift`).
    fn token_hits(&self, t: &Token, shift: usize, hits: &mut Vec<Hit>) {
        let hit = |slot| Hit {
            slot,
            position: shift + t.position,
            from: shift + t.offset_from,
            to: shift + t.offset_to,
        };
        let exact = self.exact.get(&t.text);
        if let Some(slots) = exact {
            hits.extend(slots.iter().map(|&s| hit(s)));
        }
        if t.text.as_bytes().first().is_some_and(|b| self.stem_firsts.contains(b)) {
            if let Some(slots) = stem_cached(&t.text, |s| self.stems.get(s)) {
                // A slot found by its exact form is not found again.
                let by_exact = |s: &Slot| exact.is_some_and(|e| e.contains(s));
                hits.extend(slots.iter().filter(|s| !by_exact(s)).map(|&s| hit(s)));
            }
        }
        for (p, slot) in &self.prefixes {
            if t.text.starts_with(p.as_str()) {
                hits.push(hit(*slot));
            }
        }
        for (w, d, slot) in &self.fuzzy {
            if within_distance(w, &t.text, usize::from(*d)) {
                hits.push(hit(*slot));
            }
        }
    }
}

/// One step of a phrase being matched: a hit of its `i`-th token.
#[derive(Debug, Clone, Copy)]
struct Step {
    /// Where the leaf starts if this hit is its `i`-th token.
    at: i64,
    /// Slop spent to get here.
    cost: i64,
    /// The hit.
    hit: Hit,
    /// The step of the token before (an index into the previous layer).
    back: usize,
}

impl Target {
    /// The occurrences of this leaf among its `hits` (sorted by token,
    /// position, offset).
    ///
    /// A phrase is matched as tantivy matches it: token after token, each
    /// within the slop left of where the previous one puts the phrase's
    /// start (either side), keeping for each hit the cheapest way to reach
    /// it; every hit of the last token reached makes one occurrence.
    fn find(&self, text: &str, hits: &[Hit], out: &mut Vec<Match>) {
        let n = self.positions.len();
        let slop = i64::from(self.slop);
        let start = |h: &Hit, i: usize| h.position as i64 - self.positions[i] as i64;
        let mut rest = hits;
        let mut layers: Vec<Vec<Step>> = Vec::with_capacity(n);
        for i in 0..n {
            let k = rest.partition_point(|h| h.slot.token as usize == i);
            let (of_token, after) = rest.split_at(k);
            rest = after;
            let mut layer = Vec::with_capacity(of_token.len());
            for h in of_token {
                let at = start(h, i);
                let Some(prev) = layers.last() else {
                    layer.push(Step {
                        at,
                        cost: 0,
                        hit: *h,
                        back: 0,
                    });
                    continue;
                };
                let lo = prev.partition_point(|p: &Step| p.at < at - slop);
                let best = prev[lo..]
                    .iter()
                    .take_while(|p| p.at <= at + slop)
                    .enumerate()
                    .map(|(j, p)| (p.cost + (p.at - at).abs(), lo + j))
                    .filter(|&(cost, _)| cost <= slop)
                    .min();
                if let Some((cost, back)) = best {
                    layer.push(Step {
                        at,
                        cost,
                        hit: *h,
                        back,
                    });
                }
            }
            if layer.is_empty() {
                return;
            }
            layers.push(layer);
        }
        let Some(last) = layers.last() else { return };
        for end in 0..last.len() {
            let mut parts: Vec<(usize, usize)> = Vec::with_capacity(n);
            let mut at = end;
            for layer in layers.iter().rev() {
                parts.push((layer[at].hit.from, layer[at].hit.to));
                at = layer[at].back;
            }
            let merged = word_parts(text, parts);
            out.push(Match {
                start: merged[0].0,
                end: merged.iter().map(|p| p.1).max().unwrap_or(merged[0].1),
                parts: merged,
                clauses: (self.clause, self.clause),
                kind: self.kind,
            });
        }
    }
}

/// One match per mention: overlapping matches give way to the one that
/// starts first (the longer, then the one as typed, on a tie), and
/// consecutive clauses next to each other in query order become one (when
/// `join`).
fn one_per_mention(text: &str, mut found: Vec<Match>, join: bool) -> Vec<Match> {
    found.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.kind.is_some().cmp(&b.kind.is_some()))
            .then(a.clauses.cmp(&b.clauses))
    });
    let mut out: Vec<Match> = Vec::with_capacity(found.len());
    for m in found {
        let Some(last) = out.last_mut() else {
            out.push(m);
            continue;
        };
        if m.start < last.end {
            continue;
        }
        let next_clause = join && m.clauses.0 == last.clauses.1 + 1;
        if next_clause && !text[last.end..m.start].chars().any(char::is_alphanumeric) {
            last.end = m.end;
            let parts = std::mem::take(&mut last.parts).into_iter().chain(m.parts).collect();
            last.parts = word_parts(text, parts);
            last.clauses.1 = m.clauses.1;
            last.kind = last.kind.or(m.kind);
        } else {
            out.push(m);
        }
    }
    out
}

/// The parts of one match as ranges to highlight: in text order, and
/// parts that overlap or touch, or have no white space between them (the
/// tokens of one word, `Dae-jung`; the name 김대중 found as 김 and 대중),
/// joined into one.
fn word_parts(text: &str, mut parts: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    parts.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(parts.len());
    for p in parts {
        match merged.last_mut() {
            Some(last) if p.0 <= last.1 || !text[last.1..p.0].contains(char::is_whitespace) => last.1 = last.1.max(p.1),
            _ => merged.push(p),
        }
    }
    merged
}

/// Highlight ranges (sorted by start) with those that overlap or touch
/// joined: adjacent highlighted text is one mark, whichever matches it
/// came from (issue 29: 김대중 was marked as 김 and 대중, read "김 대중").
pub fn join_touching(spans: impl IntoIterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

mod prefilter;

#[cfg(test)]
mod tests;
