//! Pseudo-relevance feedback: RM3 (Lavrenko & Croft's relevance model,
//! interpolated with the query, as Anserini's `-rm3` does it), with
//! scoring-only expansion terms.
//!
//! After the first retrieval, the top feedback units (passages, or whole
//! documents) are read back and analyzed as the stemmed field was; each
//! stem `t` gets the relevance-model weight `P(t|R) = Σ_D score(D) ·
//! tf(t,D) / |D|` (stopwords, words shorter than 2 or longer than 20
//! characters, numbers and stems in more than a tenth of the passages
//! left out), the best [`Feedback::terms`] are kept and normalized to sum
//! to 1. RM3 scores `α · Q/|Q| + (1 − α) · P(t|R)`; scaled so the query
//! keeps its own weights, every feedback stem becomes a stemmed-field term
//! clause boosted by `(1 − α)/α · |Q| · P(t|R)`, pushed onto the query's
//! scoring-only clauses.
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
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
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
    /// How many units were read (fewer than the depth when fewer matched).
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
        let units = match self.unit {
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
        let scale = (1.0 - self.weight) / self.weight.max(f32::EPSILON) * query_terms(analyzed) as f32;
        let mut clauses: Vec<Box<dyn Query>> = Vec::with_capacity(model.len());
        for (term, p) in model {
            let weight = scale * p;
            let q = TermQuery::new(
                Term::from_field_text(fields.body_stem, &term),
                IndexRecordOption::WithFreqs,
            );
            clauses.push(Box::new(BoostQuery::new(Box::new(q), weight)));
            used.terms.push(FeedbackTerm { term, weight });
        }
        Ok((clauses, used))
    }

    /// The top passages of the first retrieval.
    fn passages(
        &self,
        searcher: &tantivy::Searcher,
        fields: &Fields,
        query: &dyn Query,
        excluded: &Exclusions,
    ) -> Result<Vec<Unit>, SearchError> {
        let (top, _) = top_passages(searcher, query, self.depth.max(1), excluded)?;
        let mut units = Vec::with_capacity(self.depth);
        for p in top.iter().take(self.depth) {
            let mut unit = Unit::new(p.score);
            unit.add(&StoredPassage::load(searcher, fields, p.addr)?.body);
            units.push(unit);
        }
        Ok(units)
    }

    /// The whole text of the top documents of the first retrieval
    /// ([`DocText`]: every passage, overlaps once).
    fn documents(
        &self,
        searcher: &tantivy::Searcher,
        fields: &Fields,
        query: &dyn Query,
        excluded: &Exclusions,
    ) -> Result<Vec<Unit>, SearchError> {
        let groups = top_groups(searcher, query, self.depth.max(1), 1, excluded)?;
        let mut units = Vec::with_capacity(self.depth);
        for g in groups.iter().take(self.depth) {
            let mut unit = Unit::new(g.score());
            if let Some(doc) = DocText::load(searcher, fields, &g.path)? {
                unit.add(&doc.text);
            }
            units.push(unit);
        }
        Ok(units)
    }

    /// The `self.terms` heaviest stems of the relevance model of `units`
    /// that may expand a query, heaviest first, weights summing to 1.
    fn relevance_model(
        &self,
        searcher: &tantivy::Searcher,
        fields: &Fields,
        units: &[Unit],
    ) -> Result<Vec<(String, f32)>, SearchError> {
        let mut model: HashMap<&str, f64> = HashMap::new();
        for u in units.iter().filter(|u| u.length > 0) {
            let weight = f64::from(u.score) / u.length as f64;
            for (t, &n) in &u.counts {
                *model.entry(t.as_str()).or_default() += weight * f64::from(n);
            }
        }
        let mut ranked: Vec<(&str, f64)> = model.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let passages = searcher.num_docs().max(1) as f64;
        let mut kept: Vec<(String, f64)> = Vec::with_capacity(self.terms);
        for (term, w) in ranked {
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
            kept.push((term.to_string(), w));
        }
        let total: f64 = kept.iter().map(|k| k.1).sum();
        Ok(kept
            .into_iter()
            .filter(|_| total > 0.0)
            .map(|(t, w)| (t, (w / total) as f32))
            .collect())
    }
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
