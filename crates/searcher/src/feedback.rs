//! Pseudo-relevance feedback: RM3 (Lavrenko & Croft's relevance model,
//! interpolated with the query, as Anserini's `-rm3` does it), with
//! scoring-only expansion terms, made safe against its usual failures.
//!
//! After the first retrieval, the top feedback units (passages, or whole
//! documents) are read back and analyzed as the stemmed field was; a unit
//! that is a near-duplicate of one already read (two copies of one
//! algorithm listing) is skipped, so it counts once, and the next one is
//! read instead. Each stem `t` gets the relevance-model weight `P(t|R) =
//! Σ_D score(D) · tf(t,D) / (|D| + μ)` (μ = [`LENGTH_PRIOR`]: a six-word
//! title does not outweigh an abstract; stopwords, words shorter than 2 or
//! longer than 20 characters, numbers and stems in more than a tenth of
//! the passages left out), the best [`Feedback::terms`] are kept and
//! normalized to sum to 1. RM3 scores `α · Q/|Q| + (1 − α) · P(t|R)`;
//! scaled so the query keeps its own weights, every feedback stem becomes
//! a stemmed-field term clause boosted by `(1 − α)/α · |Q| · P(t|R)`,
//! pushed onto the query's scoring-only clauses.
//!
//! Those boosts alone do not keep the feedback below the query: the
//! feedback terms all come from the same few top units, so those units
//! match every one of them, and the terms are rarer (higher idf) than the
//! query's words. On cacm (issue 28) a long query's feedback added four
//! times the query's own best score. So the boosts are scaled down until
//! the most the feedback clauses can add to a passage (`Σ boost · idf ·
//! (k1 + 1)`, BM25's ceiling) is at most `(1 − α)/α` times the first
//! retrieval's best score: the feedback never outweighs the query.
//!
//! Even capped, feedback moved the first retrieval's best document down
//! more often than up: on cranfield the first relevant document's rank fell
//! for 42 queries (10 of them from first to second) and rose for 36, so
//! MRR fell below plain BM25's (issue 28). So the first retrieval's best
//! [`KEPT_ON_TOP`] documents keep their places: each gets a scoring-only
//! lift on its path, just enough that the document after it could not
//! pass it even if feedback added it the cap and nothing to this one
//! (feedback adds less than the cap to any passage: BM25's tf saturates
//! below `k1 + 1`); a lead in the first retrieval larger than the cap
//! needs no lift. Below them feedback reorders freely. Kept on
//! top, MAP rose too (on all four shared collections): the documents
//! feedback pushed down were mostly relevant ones.
//!
//! Trap: the feedback clauses only add score. They never make a passage
//! match, so phrases, field restrictions, exclusions, alias and
//! romanization expansions keep their meaning (`"Kim Dae-jung"` with
//! feedback still finds only passages that say Kim Dae-jung); in the
//! batch evaluation's any-word reading too, a document has to hold a query
//! word to be ranked.

use std::collections::HashMap;

use sagasu_analysis::schema::Fields;
use sagasu_analysis::{analyze, stem, Mode};
use serde::Serialize;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Score, Term};

use crate::collector::Exclusions;
use crate::error::SearchError;
use crate::query::AnalyzedQuery;
use crate::retrieve::{top_groups, top_passages};
use crate::stopwords::is_stopword;
use crate::stored::StoredPassage;
use crate::text::DocText;

/// Default feedback depth: passages (or documents) read.
pub const DEFAULT_DEPTH: usize = 10;
/// Default number of expansion terms.
pub const DEFAULT_TERMS: usize = 10;
/// Default weight of the original query (RM3's α): 0.7, measured on
/// cranfield, cisi and vaswani (Anserini's 0.5 loses on vaswani here, where
/// a query word already scores in several fields).
pub const DEFAULT_WEIGHT: f32 = 0.7;
/// A stem found in more than this share of the passages is not an
/// expansion term (Anserini's RM3 leaves out terms in more than 10% of the
/// documents: they discriminate little and cost much).
const MAX_DOC_FREQ_RATIO: f64 = 0.1;
/// Expansion terms are 2 to 20 characters long.
const TERM_CHARS: std::ops::RangeInclusive<usize> = 2..=20;
/// Two feedback units whose distinct stems overlap at least this much
/// (Jaccard) are one: the second is skipped. cacm's two copies of "A
/// Sparse Matrix Package (Algorithm R408)" overlap fully; two abstracts on
/// one subject overlap by 0.1–0.2.
const NEAR_DUPLICATE: f64 = 0.6;
/// μ of a unit's weight `tf / (|D| + μ)` in the relevance model (Dirichlet
/// smoothing's length damping): without it each word of a six-word
/// title-only document weighs about fifteen times an abstract's (cacm MAP
/// with feedback 0.3576 without, copies counted once and the cap in;
/// 0.3659 with μ 100; see BENCHMARKS.md §11).
const LENGTH_PRIOR: f64 = 100.0;
/// The first retrieval's best documents that feedback never moves down,
/// nor reorders among themselves (see the module's doc). Measured on the
/// four shared collections (BENCHMARKS.md §11c): keeping 1 to 5 puts every
/// measure at or above BM25's; 3 is within 0.0015 MAP of the best count on
/// each collection and within 0.001 of cranfield's best MRR. Keeping them
/// as a set that feedback may reorder loses cranfield's MRR again.
pub const KEPT_ON_TOP: usize = 3;
/// BM25's k1 as tantivy scores: one term scores at most `idf · (k1 + 1)`.
const BM25_K1: f64 = 1.2;

/// What to read back as feedback.
///
/// Its name is written once, in [`FeedbackUnit::as_str`]: JSON serializes
/// that name, and the CLI's `--prf-unit` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackUnit {
    /// The top passages of the first retrieval (whatever their document).
    Passages,
    /// The whole text of the top documents (their passages, overlaps
    /// counted once).
    Documents,
}

impl FeedbackUnit {
    /// The name the CLI and JSON give it.
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackUnit::Passages => "passages",
            FeedbackUnit::Documents => "documents",
        }
    }
}

impl Serialize for FeedbackUnit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Pseudo-relevance feedback settings (`--prf`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Feedback {
    /// Feedback units read: the top passages or documents of the first
    /// retrieval.
    pub depth: usize,
    /// Expansion terms added.
    pub terms: usize,
    /// Weight of the original query, in (0, 1]: RM3's α (1 adds nothing).
    pub weight: f32,
    /// Passages or whole documents.
    pub unit: FeedbackUnit,
}

impl Default for Feedback {
    fn default() -> Self {
        Feedback {
            depth: DEFAULT_DEPTH,
            terms: DEFAULT_TERMS,
            weight: DEFAULT_WEIGHT,
            unit: FeedbackUnit::Passages,
        }
    }
}

/// What feedback added to a query (JSON `feedback`, `--explain`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FeedbackUsed {
    /// What was read back.
    pub unit: FeedbackUnit,
    /// How many distinct units were read (fewer than the depth when fewer
    /// matched; a near-duplicate of one read is skipped).
    pub units: usize,
    /// The expansion terms (stems), heaviest first, with the boost each
    /// got in the query.
    pub terms: Vec<FeedbackTerm>,
}

/// One expansion term.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FeedbackTerm {
    /// The stem, as the stemmed field holds it.
    pub term: String,
    /// Its boost in the query (a query word weighs 1).
    pub weight: f32,
}

/// The first retrieval's best documents (path, score), best first.
type BestDocuments = Vec<(String, Score)>;

/// One unit read back: its first-retrieval score and stem counts.
struct Unit {
    score: Score,
    /// Tokens in the unit (every word, stopwords included): `|D|`.
    length: usize,
    /// Stem → occurrences, stopwords left out.
    counts: HashMap<String, u32>,
}

impl Feedback {
    /// The expansion clauses for `analyzed`, whose first retrieval is
    /// `query` (leaving out the documents in `excluded`), and what they
    /// are. No clause when nothing matched or α is 1.
    pub(crate) fn expand(
        &self,
        searcher: &tantivy::Searcher,
        fields: &Fields,
        query: &dyn Query,
        excluded: &Exclusions,
        analyzed: &AnalyzedQuery,
    ) -> Result<(Vec<Box<dyn Query>>, FeedbackUsed), SearchError> {
        let (units, top) = match self.unit {
            FeedbackUnit::Passages => self.passages(searcher, fields, query, excluded)?,
            FeedbackUnit::Documents => self.documents(searcher, fields, query, excluded)?,
        };
        let mut used = FeedbackUsed {
            unit: self.unit,
            units: units.len(),
            terms: Vec::new(),
        };
        if self.weight >= 1.0 || self.terms == 0 {
            return Ok((Vec::new(), used));
        }
        let model = self.relevance_model(searcher, fields, &units)?;
        let ratio = (1.0 - self.weight) / self.weight.max(f32::EPSILON);
        let scale = ratio * query_terms(analyzed) as f32;
        let mut boosts: Vec<(String, f32, f64)> = model.into_iter().map(|(t, p, idf)| (t, scale * p, idf)).collect();
        let best = units.iter().map(|u| u.score).fold(0.0, f32::max);
        let ceiling = cap_boosts(&mut boosts, f64::from(ratio) * f64::from(best));
        let mut clauses: Vec<Box<dyn Query>> = Vec::with_capacity(boosts.len());
        for (term, weight, _) in boosts {
            let q = TermQuery::new(
                Term::from_field_text(fields.body_stem, &term),
                IndexRecordOption::WithFreqs,
            );
            clauses.push(Box::new(BoostQuery::new(Box::new(q), weight)));
            used.terms.push(FeedbackTerm { term, weight });
        }
        if !clauses.is_empty() {
            clauses.extend(keep_on_top(fields, &top, ceiling as f32));
        }
        Ok((clauses, used))
    }

    /// The top passages of the first retrieval, near-duplicates skipped
    /// (up to twice the depth are looked at to find `depth` distinct ones),
    /// and its best [`KEPT_ON_TOP`] + 1 documents (path and score), best
    /// first.
    fn passages(
        &self,
        searcher: &tantivy::Searcher,
        fields: &Fields,
        query: &dyn Query,
        excluded: &Exclusions,
    ) -> Result<(Vec<Unit>, BestDocuments), SearchError> {
        let (top, every) = top_passages(searcher, query, self.depth.max(1) * 2, excluded)?;
        let mut best: Vec<(String, Score)> = Vec::with_capacity(KEPT_ON_TOP + 1);
        for p in &top {
            if best.len() <= KEPT_ON_TOP && !best.iter().any(|b| b.0 == p.path) {
                best.push((p.path.clone(), p.score));
            }
        }
        if best.len() <= KEPT_ON_TOP && !every {
            // A few long documents held all the top passages: rank documents.
            best = top_groups(searcher, query, KEPT_ON_TOP + 1, 1, excluded)?
                .into_iter()
                .map(|g| {
                    let score = g.score();
                    (g.path, score)
                })
                .collect();
        }
        let mut units = Vec::with_capacity(self.depth);
        for p in &top {
            if units.len() >= self.depth {
                break;
            }
            let mut unit = Unit::new(p.score);
            unit.add(&StoredPassage::load(searcher, fields, p.addr)?.body);
            push_distinct(&mut units, unit);
        }
        Ok((units, best))
    }

    /// The whole text of the top documents of the first retrieval
    /// ([`DocText`]: every passage, overlaps once), near-duplicates
    /// skipped as for passages, and the best [`KEPT_ON_TOP`] + 1 documents.
    fn documents(
        &self,
        searcher: &tantivy::Searcher,
        fields: &Fields,
        query: &dyn Query,
        excluded: &Exclusions,
    ) -> Result<(Vec<Unit>, BestDocuments), SearchError> {
        let need = (self.depth.max(1) * 2).max(KEPT_ON_TOP + 1);
        let groups = top_groups(searcher, query, need, 1, excluded)?;
        let best = groups
            .iter()
            .take(KEPT_ON_TOP + 1)
            .map(|g| (g.path.clone(), g.score()))
            .collect();
        let mut units = Vec::with_capacity(self.depth);
        for g in &groups {
            if units.len() >= self.depth {
                break;
            }
            let mut unit = Unit::new(g.score());
            if let Some(doc) = DocText::load(searcher, fields, &g.path)? {
                unit.add(&doc.text);
            }
            push_distinct(&mut units, unit);
        }
        Ok((units, best))
    }

    /// The `self.terms` heaviest stems of the relevance model of `units`
    /// that may expand a query, heaviest first, weights summing to 1, each
    /// with its BM25 idf in the stemmed field.
    fn relevance_model(
        &self,
        searcher: &tantivy::Searcher,
        fields: &Fields,
        units: &[Unit],
    ) -> Result<Vec<(String, f32, f64)>, SearchError> {
        let passages = searcher.num_docs().max(1) as f64;
        let mut kept: Vec<(String, f64, f64)> = Vec::with_capacity(self.terms);
        for (term, w) in ranked_stems(units) {
            if kept.len() >= self.terms {
                break;
            }
            if !may_expand(term) {
                continue;
            }
            let df = searcher.doc_freq(&Term::from_field_text(fields.body_stem, term))?;
            if df as f64 / passages > MAX_DOC_FREQ_RATIO {
                continue;
            }
            kept.push((term.to_string(), w, bm25_idf(df as f64, passages)));
        }
        let total: f64 = kept.iter().map(|k| k.1).sum();
        Ok(kept
            .into_iter()
            .filter(|_| total > 0.0)
            .map(|(t, w, idf)| (t, (w / total) as f32, idf))
            .collect())
    }
}

/// Every stem of `units` with its relevance-model weight `Σ_D score(D) ·
/// tf(t,D) / (|D| + μ)`, heaviest first (ties by stem).
fn ranked_stems(units: &[Unit]) -> Vec<(&str, f64)> {
    let mut model: HashMap<&str, f64> = HashMap::new();
    for u in units.iter().filter(|u| u.length > 0) {
        let weight = f64::from(u.score) / (u.length as f64 + LENGTH_PRIOR);
        for (t, &n) in &u.counts {
            *model.entry(t.as_str()).or_default() += weight * f64::from(n);
        }
    }
    let mut ranked: Vec<(&str, f64)> = model.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    ranked
}

/// BM25's idf of a term in `df` of `n` passages, as tantivy computes it.
fn bm25_idf(df: f64, n: f64) -> f64 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Scales `boosts` (term, boost, idf) down, all alike, until the most
/// they can add to one passage together (`Σ boost · idf · (k1 + 1)`) is at
/// most `limit`; a limit of 0 (nothing scored) leaves no boost. Returns
/// that most, after scaling.
fn cap_boosts(boosts: &mut [(String, f32, f64)], limit: f64) -> f64 {
    let most: f64 = boosts
        .iter()
        .map(|(_, w, idf)| f64::from(*w) * idf * (BM25_K1 + 1.0))
        .sum();
    if most <= limit || most <= 0.0 {
        return most.max(0.0);
    }
    let k = (limit.max(0.0) / most) as f32;
    for b in boosts.iter_mut() {
        b.1 *= k;
    }
    limit.max(0.0)
}

/// The scoring-only clauses that keep the first retrieval's best
/// [`KEPT_ON_TOP`] documents where they were. `top`: its best documents
/// (path, score), best first, one more than are kept when there is one;
/// `ceiling`: the most the feedback clauses add to one passage. The lift of
/// each kept document covers the ceiling less its lead over the next
/// document, plus that document's own lift; none when it needs none.
fn keep_on_top(fields: &Fields, top: &[(String, Score)], ceiling: f32) -> Vec<Box<dyn Query>> {
    lifts(top, ceiling)
        .into_iter()
        .filter(|(_, lift)| *lift > 0.0)
        .map(|(path, lift)| {
            let q = TermQuery::new(Term::from_field_text(fields.path, path), IndexRecordOption::Basic);
            Box::new(ConstScoreQuery::new(Box::new(q), lift)) as Box<dyn Query>
        })
        .collect()
}

/// The lift of each of the first [`KEPT_ON_TOP`] documents of `top` (see
/// [`keep_on_top`]), best first.
fn lifts(top: &[(String, Score)], ceiling: f32) -> Vec<(&str, f32)> {
    let kept = top.len().min(KEPT_ON_TOP);
    let mut lifts = vec![0.0f32; kept];
    let mut below = 0.0f32;
    for i in (0..kept).rev() {
        let lead = top.get(i + 1).map(|next| top[i].1 - next.1);
        lifts[i] = match lead {
            Some(lead) => (below + ceiling - lead).max(0.0),
            None => 0.0,
        };
        below = lifts[i];
    }
    top.iter().map(|t| t.0.as_str()).zip(lifts).collect()
}

/// Adds `unit` to `units` unless it is a near-duplicate of one of them
/// ([`NEAR_DUPLICATE`]); whether it was added.
fn push_distinct(units: &mut Vec<Unit>, unit: Unit) -> bool {
    if units.iter().any(|u| u.overlap(&unit) >= NEAR_DUPLICATE) {
        return false;
    }
    units.push(unit);
    true
}

/// Whether a stem may be an expansion term: 2 to 20 characters, not a
/// number.
fn may_expand(term: &str) -> bool {
    TERM_CHARS.contains(&term.chars().count()) && !term.chars().all(|c| c.is_ascii_digit() || c == '.')
}

impl Unit {
    fn new(score: Score) -> Unit {
        Unit {
            score,
            length: 0,
            counts: HashMap::new(),
        }
    }

    /// Jaccard overlap of the two units' distinct stems (1 for two empty
    /// units).
    fn overlap(&self, other: &Unit) -> f64 {
        let shared = self.counts.keys().filter(|k| other.counts.contains_key(*k)).count();
        let all = self.counts.len() + other.counts.len() - shared;
        if all == 0 {
            1.0
        } else {
            shared as f64 / all as f64
        }
    }

    /// Counts the stems of `text`.
    fn add(&mut self, text: &str) {
        let mut forms: HashMap<String, u32> = HashMap::new();
        for t in analyze(text, Mode::Index) {
            self.length += 1;
            *forms.entry(t.text).or_default() += 1;
        }
        for (form, n) in forms {
            if is_stopword(&form) {
                continue;
            }
            *self.counts.entry(stem(&form).into_owned()).or_default() += n;
        }
    }
}

/// `|Q|` of RM3: the tokens of the query's words and phrases as typed
/// (what a query word weighs 1 against), at least 1.
pub(crate) fn query_terms(q: &AnalyzedQuery) -> usize {
    q.plain_words().iter().map(|l| l.tokens.len()).sum::<usize>().max(1)
}

/// `query` with `clauses` added as scoring-only clauses (what pushing them
/// onto [`crate::query::Built::boosts`] does for a query not yet built).
pub(crate) fn with_boosts(query: Box<dyn Query>, clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if clauses.is_empty() {
        return query;
    }
    let mut all: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    all.extend(clauses.into_iter().map(|c| (Occur::Should, c)));
    Box::new(BooleanQuery::new(all))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(score: Score, text: &str) -> Unit {
        let mut u = Unit::new(score);
        u.add(text);
        u
    }

    /// cacm's query 20, "Graph theoretic algorithms applicable to sparse
    /// matrices", built small: its first retrieval has two copies of one
    /// algorithm listing on top (documents 2442 and 2506), then abstracts
    /// on the subject.
    fn query_20_first_pass() -> Vec<Unit> {
        vec![
            unit(10.8, "A Sparse Matrix Package (Algorithm R408)"),
            unit(10.8, "A Sparse Matrix Package (Algorithm R408)"),
            unit(
                10.7,
                "Sparse Matrix Package (Algorithm R408, F4) a remark on the algorithm",
            ),
            unit(
                10.5,
                "Graph theoretic methods for the ordering of sparse matrices: the elimination \
                 graph of a symmetric matrix, its cliques and the fill-in they cause",
            ),
            unit(
                10.2,
                "An algorithm for the reduction of the bandwidth of sparse symmetric matrices \
                 by a level structure of the graph, with its ordering of the nodes",
            ),
        ]
    }

    #[test]
    fn copies_and_near_copies_of_a_unit_count_once() {
        let mut kept = Vec::new();
        let added: Vec<bool> = query_20_first_pass()
            .into_iter()
            .map(|u| push_distinct(&mut kept, u))
            .collect();
        // The second copy and the remark (the listing's title again, with
        // "F4" and "remark") are the first listing again; the two
        // abstracts are distinct, although they share the subject's words.
        assert_eq!(added, [true, false, false, true, true]);
        assert_eq!(kept.len(), 3);
    }

    #[test]
    fn a_listing_counted_once_no_longer_leads_the_feedback_terms() {
        fn rank(ranked: &[(&str, f64)], t: &str) -> usize {
            ranked.iter().position(|(s, _)| *s == t).unwrap()
        }
        let all = query_20_first_pass();
        let everything = ranked_stems(&all);
        // Counted three times, the listing's own words outweigh the
        // subject's (what cacm showed: `spars matrix packag r408 …`).
        assert!(
            rank(&everything, "packag") < rank(&everything, "graph"),
            "{everything:?}"
        );

        let mut kept = Vec::new();
        for u in query_20_first_pass() {
            push_distinct(&mut kept, u);
        }
        let ranked = ranked_stems(&kept);
        // Counted once, "graph" (both abstracts) outweighs "packag", and
        // "order" the listing's number.
        assert!(rank(&ranked, "graph") < rank(&ranked, "packag"), "{ranked:?}");
        assert!(rank(&ranked, "order") < rank(&ranked, "r408"), "{ranked:?}");
    }

    #[test]
    fn a_title_only_unit_does_not_outweigh_an_abstract_word_for_word() {
        // One occurrence in a 6-word title against one in an 80-word
        // abstract, same score: without the length prior the title's word
        // weighs 13 times the abstract's; with it, less than twice.
        let abstract_text = format!("eigenvector {}", ["word"; 79].join(" "));
        let units = [
            unit(10.0, "Eigenvalues of a Real Symmetric Matrix"),
            unit(10.0, &abstract_text),
        ];
        let ranked = ranked_stems(&units);
        let weight = |t: &str| ranked.iter().find(|(s, _)| *s == t).unwrap().1;
        assert!(weight("eigenvalu") < 2.0 * weight("eigenvector"), "{ranked:?}");
    }

    #[test]
    fn the_kept_documents_are_lifted_just_enough_to_stay_in_their_order() {
        let top: Vec<(String, Score)> = [("a", 10.0), ("b", 9.0), ("c", 8.5), ("d", 2.0), ("e", 1.9)]
            .iter()
            .map(|(p, s)| (p.to_string(), *s))
            .collect();
        // Feedback adds at most 2: c leads d by 6.5 and needs no lift; b
        // leads c by 0.5, so 1.5; a leads b by 1, so 1 + 1.5. e is not kept.
        let got = lifts(&top, 2.0);
        assert_eq!(got, [("a", 2.5), ("b", 1.5), ("c", 0.0)]);
        // With at most feedback's ceiling added to any document after it,
        // and nothing to a kept one, the order holds.
        let worst = |i: usize| top[i].1 + got.get(i).map_or(0.0, |l| l.1);
        for i in 0..3 {
            assert!(worst(i) >= top[i + 1].1 + 2.0 + got.get(i + 1).map_or(0.0, |l| l.1));
        }
        // The last document matched needs no lift; nothing added, none.
        assert_eq!(lifts(&top[..2], 2.0), [("a", 1.0), ("b", 0.0)]);
        assert!(keep_on_top(&test_fields(), &top, 0.0).is_empty());
    }

    fn test_fields() -> Fields {
        Fields::build().1
    }

    #[test]
    fn feedback_boosts_are_capped_by_what_the_query_itself_scored() {
        let mut boosts = vec![
            ("eigenvalu".to_string(), 5.0, 4.0),
            ("eigenvector".to_string(), 4.0, 5.0),
            ("r408".to_string(), 1.0, 7.0),
        ];
        // At most (5·4 + 4·5 + 1·7) · (k1 + 1) = 47 · 2.2 = 103.4.
        assert!((cap_boosts(&mut boosts, 14.0) - 14.0).abs() < 1e-9);
        let most: f64 = boosts.iter().map(|(_, w, idf)| f64::from(*w) * idf * 2.2).sum();
        assert!((most - 14.0).abs() < 1e-3, "{boosts:?}");
        // The terms keep their order and proportions.
        assert!((boosts[0].1 / boosts[2].1 - 5.0).abs() < 1e-4, "{boosts:?}");

        // Under the limit: unchanged.
        let mut small = vec![("graph".to_string(), 0.1, 3.0)];
        let under = cap_boosts(&mut small, 14.0);
        assert!((under - f64::from(0.1f32) * 3.0 * 2.2).abs() < 1e-9, "{under}");
        assert_eq!(small[0].1, 0.1);
        // Nothing scored: nothing added.
        assert_eq!(cap_boosts(&mut small, 0.0), 0.0);
        assert_eq!(small[0].1, 0.0);
    }
}
