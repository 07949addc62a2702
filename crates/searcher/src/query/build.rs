//! Turning an [`AnalyzedQuery`] into a tantivy query: the clauses that
//! must match, and scoring-only boosts.
//!
//! Body words and phrases match the exact-form field or, at a higher weight,
//! the stemmed field (an exact form matches both, so it outranks a
//! stem-only match); title and proximity clauses only add score.

use sagasu_analysis::schema::Fields;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::ast::{Conjunction, FieldSel};
use super::multi_term::{MultiTermQuery, Pattern};
use super::tree::{AnalyzedQuery, Clause, Leaf, LeafKind};
use crate::cancel::Cancellable;
use crate::error::SearchError;

/// Weight of a match on the exact-form field. Small: an exact form also
/// matches the stemmed field, so it already outranks a stem-only match; a
/// larger weight makes ranking nearly unstemmed and costs recall (measured
/// with `sagasu eval` on vaswani: MAP .234 at 1.0/0.4, .290 at 0.05/1.0).
pub const EXACT_WEIGHT: f32 = 0.05;
/// Weight of a match on the stemmed field (every form of the word).
pub const STEM_WEIGHT: f32 = 1.0;
/// Weight of a match on the key field (a name in another romanization:
/// `Joseon` for *Chosŏn*). A document with the spelling typed matches the
/// word and its key, one with another spelling the key only; at 1.0 a
/// romanization outranks a stem-only match of the same word.
pub const KEY_WEIGHT: f32 = 1.0;
/// Weight of a quoted name found in another order (`"Shigeru Ishiba"` as
/// *Ishiba Shigeru*), relative to the order typed.
pub const NAME_ORDER_WEIGHT: f32 = 0.5;
/// Weight of the title field's matches (boost only; titles never match
/// alone). Kept small: a first-line "title" is often just the first line.
pub const TITLE_WEIGHT: f32 = 0.05;
/// Weight of the proximity clause (all plain terms within a few words).
pub const PROXIMITY_WEIGHT: f32 = 0.8;
/// Slop of the proximity clause.
pub const PROXIMITY_SLOP: u32 = 4;

/// A query built for tantivy.
pub struct Built {
    /// What a passage must match.
    pub main: Box<dyn Query>,
    /// Clauses that only add score (title, proximity; feedback terms
    /// would go here too).
    pub boosts: Vec<Box<dyn Query>>,
}

impl Built {
    /// The query to run: `main` required, every boost optional.
    pub fn query(&self) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, self.main.box_clone())];
        clauses.extend(self.boosts.iter().map(|b| (Occur::Should, b.box_clone())));
        Box::new(BooleanQuery::new(clauses))
    }
}

/// Builds the query for `q.root` (its exclusions are run apart, see
/// [`build_clause`]): juxtaposed clauses combine as `conjunction` says.
/// Built inside [`crate::Cancel::run`], it stops when that is cancelled.
pub fn build(q: &AnalyzedQuery, fields: &Fields, conjunction: Conjunction) -> Result<Built, SearchError> {
    let b = Builder { fields, conjunction };
    Ok(Built {
        main: Cancellable::wrap(b.clause(&q.root)?),
        boosts: b.boosts(q),
    })
}

/// Builds one clause alone (an exclusion, to collect the documents it
/// matches). A [`Clause::Not`] is "every passage except".
pub fn build_clause(clause: &Clause, fields: &Fields, conjunction: Conjunction) -> Result<Box<dyn Query>, SearchError> {
    Ok(Cancellable::wrap(Builder { fields, conjunction }.clause(clause)?))
}

struct Builder<'a> {
    fields: &'a Fields,
    conjunction: Conjunction,
}

impl Builder<'_> {
    fn clause(&self, clause: &Clause) -> Result<Box<dyn Query>, SearchError> {
        Ok(match clause {
            Clause::Leaf(leaf) => self.leaf(leaf)?,
            Clause::All { clauses, implicit } => {
                self.all(clauses, *implicit && self.conjunction == Conjunction::Any)?
            }
            Clause::Any(alts) => {
                let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(alts.len());
                for a in alts {
                    parts.push((Occur::Should, self.clause(a)?));
                }
                Box::new(BooleanQuery::new(parts))
            }
            Clause::Not(inner) => self.except(inner)?,
            Clause::Expanded(e) => {
                let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(e.alternatives.len());
                for (i, a) in e.alternatives.iter().enumerate() {
                    let q = self.leaf(a)?;
                    let q = match e.weights.get(i) {
                        Some(&w) if w != 1.0 => Box::new(BoostQuery::new(q, w)),
                        _ => q,
                    };
                    parts.push((Occur::Should, q));
                }
                Box::new(BooleanQuery::new(parts))
            }
        })
    }

    /// Every positive clause of an AND and none of its exclusions; when
    /// `relaxed` (juxtaposed clauses read as OR), any positive clause, but
    /// every restriction (`title:`, `path:`) still.
    fn all(&self, clauses: &[Clause], relaxed: bool) -> Result<Box<dyn Query>, SearchError> {
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(clauses.len());
        let restricted = relaxed && clauses.iter().any(Clause::is_restriction);
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for c in clauses {
            let part = match c {
                Clause::Not(inner) => (Occur::MustNot, self.clause(inner)?),
                other if !relaxed || other.is_restriction() => (Occur::Must, self.clause(other)?),
                // Beside a required restriction, a SHOULD clause would only
                // score: the words go in a group of their own, which must match.
                other if restricted => {
                    any.push((Occur::Should, self.clause(other)?));
                    continue;
                }
                other => (Occur::Should, self.clause(other)?),
            };
            parts.push(part);
        }
        if !any.is_empty() {
            parts.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        Ok(Box::new(BooleanQuery::new(parts)))
    }

    /// Every passage except those matching `excluded` (a negation outside
    /// an AND: an OR alternative, a group of exclusions only). The "every
    /// passage" part scores nothing.
    fn except(&self, excluded: &Clause) -> Result<Box<dyn Query>, SearchError> {
        let everything = ConstScoreQuery::new(Box::new(AllQuery), 0.0);
        Ok(Box::new(BooleanQuery::new(vec![
            (Occur::Must, Box::new(everything) as Box<dyn Query>),
            (Occur::MustNot, self.clause(excluded)?),
        ])))
    }

    fn leaf(&self, leaf: &Leaf) -> Result<Box<dyn Query>, SearchError> {
        let target = match leaf.field {
            FieldSel::Path => return path_query(self.fields.path, &leaf.text, leaf.column),
            FieldSel::Title => self.fields.title,
            FieldSel::Body => self.fields.body,
        };
        match leaf.kind {
            LeafKind::Words | LeafKind::Phrase { .. } => Ok(self.words(leaf)),
            LeafKind::Name { slop, .. } => {
                let keys: Vec<(usize, &str)> = leaf.tokens.iter().map(|t| (t.position, t.text.as_str())).collect();
                let q = terms_query(self.fields.body_key, &keys, slop);
                Ok(Box::new(BoostQuery::new(q, KEY_WEIGHT)))
            }
            // Their number of words is bounded before the query is built
            // (`multi_term::check_expansions`).
            LeafKind::Prefix | LeafKind::Fuzzy { .. } => Ok(match Pattern::of(leaf) {
                Some(pattern) => Box::new(MultiTermQuery::new(target, pattern)),
                None => Box::new(EmptyQuery),
            }),
            LeafKind::Glob => path_query(self.fields.path, &leaf.text, leaf.column),
        }
    }

    /// A word or phrase: one token is a term query, several a phrase. Body
    /// clauses match the exact field or, at lower weight, the stemmed field.
    fn words(&self, leaf: &Leaf) -> Box<dyn Query> {
        let slop = leaf.slop();
        let exact: Vec<(usize, &str)> = leaf.tokens.iter().map(|t| (t.position, t.text.as_str())).collect();
        if leaf.field == FieldSel::Title {
            return terms_query(self.fields.title, &exact, slop);
        }
        if leaf.tokens.iter().all(|t| t.stem.is_empty()) {
            // A certain name: as spelled, at an exact form's whole weight.
            let exact = terms_query(self.fields.body, &exact, slop);
            return Box::new(BoostQuery::new(exact, EXACT_WEIGHT + STEM_WEIGHT));
        }
        let stems: Vec<(usize, &str)> = leaf.tokens.iter().map(|t| (t.position, t.stem.as_str())).collect();
        let exact = terms_query(self.fields.body, &exact, slop);
        let stemmed = terms_query(self.fields.body_stem, &stems, slop);
        Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(exact, EXACT_WEIGHT)) as Box<dyn Query>,
            ),
            (Occur::Should, Box::new(BoostQuery::new(stemmed, STEM_WEIGHT))),
        ]))
    }

    /// Extra scoring clauses: title matches and proximity of all plain
    /// words. They only add score, never match alone.
    fn boosts(&self, q: &AnalyzedQuery) -> Vec<Box<dyn Query>> {
        let words = q.plain_words();
        let tokens: Vec<(&str, &str)> = words
            .iter()
            .flat_map(|w| w.tokens.iter().map(|t| (t.text.as_str(), t.stem.as_str())))
            .collect();
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if tokens.is_empty() {
            return out;
        }
        let title: Vec<(Occur, Box<dyn Query>)> = tokens
            .iter()
            .map(|(t, _)| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.title, t),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, q)
            })
            .collect();
        out.push(Box::new(BoostQuery::new(
            Box::new(BooleanQuery::new(title)),
            TITLE_WEIGHT,
        )));
        // One word (a CJK word, a hyphenated name) is already a phrase:
        // a proximity clause would only run the same phrase again.
        if words.len() >= 2 && tokens.len() >= 2 && tokens.len() <= 16 {
            let stems: Vec<(usize, &str)> = tokens.iter().enumerate().map(|(i, (_, s))| (i, *s)).collect();
            let near = terms_query(self.fields.body_stem, &stems, PROXIMITY_SLOP);
            out.push(Box::new(BoostQuery::new(near, PROXIMITY_WEIGHT)));
        }
        out
    }
}

fn terms_query(field: Field, tokens: &[(usize, &str)], slop: u32) -> Box<dyn Query> {
    if tokens.len() == 1 {
        return Box::new(TermQuery::new(
            Term::from_field_text(field, tokens[0].1),
            IndexRecordOption::WithFreqs,
        ));
    }
    let terms = tokens
        .iter()
        .map(|(p, t)| (*p, Term::from_field_text(field, t)))
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

/// `path:` values: `*` is a wildcard, every other character itself;
/// without a `*`, the value matches that path exactly or any path under
/// that folder.
fn path_query(field: Field, pattern: &str, column: usize) -> Result<Box<dyn Query>, SearchError> {
    RegexQuery::from_pattern(&path_regex(pattern), field)
        .map(|q| Box::new(q) as Box<dyn Query>)
        .map_err(|_| {
            SearchError::syntax(
                column,
                "the path pattern is too long or has too many `*` to search; shorten it",
            )
        })
}

/// The regular expression (regex-syntax, anchored at both ends as tantivy
/// reads it) of a `path:` value: `*` is any run of characters, every other
/// character itself; without a `*`, the path itself or anything under it
/// as a folder (`path:docs` matches `docs` and `docs/a.txt`).
pub fn path_regex(pattern: &str) -> String {
    let mut re: String = pattern
        .split('*')
        .map(regex_syntax::escape)
        .collect::<Vec<_>>()
        .join(".*");
    if !pattern.contains('*') {
        re.push_str("(/.*)?");
    }
    re
}
