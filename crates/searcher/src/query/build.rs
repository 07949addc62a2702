//! Turning a [`Node`] tree into a tantivy query, with the query-mode analyzer.
//!
//! Trap: query text must be analyzed with [`Mode::Query`]. The index-mode
//! analyzer stacks a joined word on hyphenated compounds; a phrase built from
//! those tokens would demand both at one position and never match.

use rustc_hash::FxHashSet;
use sagasu_analysis::schema::Fields;
use sagasu_analysis::{analyze, fold_term, stem, Mode};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::ast::{Conjunction, FieldSel, Node, TermKind};
use crate::error::SearchError;

/// Weight of a match on the exact-form field. Small: an exact form also
/// matches the stemmed field, so it already outranks a stem-only match; a
/// larger weight makes ranking nearly unstemmed and costs recall (measured
/// with `sagasu eval` on vaswani: MAP .234 at 1.0/0.4, .290 at 0.05/1.0).
pub const EXACT_WEIGHT: f32 = 0.05;
/// Weight of a match on the stemmed field (every form of the word).
pub const STEM_WEIGHT: f32 = 1.0;
/// Weight of the title field's matches (boost only; titles never match
/// alone). Kept small: a first-line "title" is often just the first line.
pub const TITLE_WEIGHT: f32 = 0.05;
/// Weight of the proximity clause (all plain terms within a few words).
pub const PROXIMITY_WEIGHT: f32 = 0.8;
/// Slop of the proximity clause.
pub const PROXIMITY_SLOP: u32 = 4;

/// Builds tantivy queries from query trees, and remembers what to highlight.
pub struct Builder<'a> {
    fields: &'a Fields,
    conjunction: Conjunction,
    /// What the snippets should highlight.
    pub highlighter: Highlighter,
    /// Analyzed tokens per clause, for `--explain`.
    pub analyzed: Vec<String>,
}

/// The words a query matches, to find them again in passage text.
#[derive(Debug, Default, Clone)]
pub struct Highlighter {
    exact: FxHashSet<String>,
    stems: FxHashSet<String>,
    prefixes: Vec<String>,
    fuzzy: Vec<(String, u8)>,
    /// Stems of the query's phrases (several tokens, in order), so that a
    /// snippet can prefer a fragment where a phrase occurs.
    phrases: Vec<Vec<String>>,
}

impl Highlighter {
    /// Whether a folded token of passage text matches the query.
    pub fn matches(&self, folded: &str) -> bool {
        self.exact.contains(folded)
            || (self.may_stem_to_a_query_stem(folded) && self.stems.contains(stem(folded).as_ref()))
            || self.prefixes.iter().any(|p| folded.starts_with(p.as_str()))
            || self.fuzzy.iter().any(|(w, d)| within_distance(w, folded, *d as usize))
    }

    /// Whether `folded` can have one of the query's stems when it is not a
    /// query word itself: English Snowball never changes a word's first
    /// letter, so the (slow) stemmer only runs for words that start like a
    /// query stem; and it leaves non-ASCII words alone, whose only stems
    /// are the query words themselves (CJK passages skip this step).
    fn may_stem_to_a_query_stem(&self, folded: &str) -> bool {
        let first = folded.as_bytes().first();
        first.is_some_and(u8::is_ascii) && self.stems.iter().any(|s| s.as_bytes().first() == first)
    }

    /// The query's phrases, as stems in order.
    pub fn phrases(&self) -> &[Vec<String>] {
        &self.phrases
    }

    /// Whether nothing would be highlighted.
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefixes.is_empty() && self.fuzzy.is_empty()
    }
}

impl<'a> Builder<'a> {
    /// A builder for `fields`, combining juxtaposed clauses as `conjunction` says.
    pub fn new(fields: &'a Fields, conjunction: Conjunction) -> Self {
        Builder {
            fields,
            conjunction,
            highlighter: Highlighter::default(),
            analyzed: Vec::new(),
        }
    }

    /// The tantivy query for `node` (which must not be a top-level exclusion),
    /// or `None` when every word analyzed to nothing (punctuation only).
    pub fn build(&mut self, node: &Node) -> Result<Option<Box<dyn Query>>, SearchError> {
        match node {
            Node::Term {
                field,
                text,
                kind,
                column,
            } => self.term(*field, text, *kind, *column),
            Node::Phrase { field, text, slop, .. } => Ok(self.phrase(*field, text, *slop)),
            Node::And { clauses, implicit } => {
                let occur = if *implicit && self.conjunction == Conjunction::Any {
                    Occur::Should
                } else {
                    Occur::Must
                };
                let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let mut positive = false;
                for c in clauses {
                    if let Node::Not(inner) = c {
                        if let Some(q) = self.build_negative(inner)? {
                            parts.push((Occur::MustNot, q));
                        }
                    } else if let Some(q) = self.build(c)? {
                        positive = true;
                        parts.push((occur, q));
                    }
                }
                if !positive {
                    return Ok(None);
                }
                Ok(Some(Box::new(BooleanQuery::new(parts))))
            }
            Node::Or(alts) => {
                let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for a in alts {
                    if let Some(q) = self.build(a)? {
                        parts.push((Occur::Should, q));
                    }
                }
                Ok((!parts.is_empty()).then(|| Box::new(BooleanQuery::new(parts)) as Box<dyn Query>))
            }
            Node::Not(inner) => self.build_negative(inner),
            Node::Alias { names, .. } => {
                let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for n in names {
                    if let Some(q) = self.phrase(FieldSel::Body, n, 0) {
                        parts.push((Occur::Should, q));
                    }
                }
                Ok((!parts.is_empty()).then(|| Box::new(BooleanQuery::new(parts)) as Box<dyn Query>))
            }
        }
    }

    /// Builds an excluded clause without highlighting its words.
    pub fn build_negative(&mut self, node: &Node) -> Result<Option<Box<dyn Query>>, SearchError> {
        let saved = std::mem::take(&mut self.highlighter);
        let q = self.build(node);
        self.highlighter = saved;
        q
    }

    fn term(
        &mut self,
        field: FieldSel,
        text: &str,
        kind: TermKind,
        column: usize,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        if field == FieldSel::Path {
            return path_query(self.fields.path, text, column).map(Some);
        }
        let target = if field == FieldSel::Title {
            self.fields.title
        } else {
            self.fields.body
        };
        match kind {
            TermKind::Plain => Ok(self.phrase(field, text, 0)),
            TermKind::Prefix => {
                let folded = fold_term(text);
                if folded.is_empty() {
                    return Ok(None);
                }
                self.analyzed.push(format!("{field}:{folded}* (prefix)"));
                self.highlighter.prefixes.push(folded.clone());
                // Folded terms are letters and digits only: no regex escaping needed.
                let q = RegexQuery::from_pattern(&format!("{folded}.*"), target)?;
                Ok(Some(Box::new(q)))
            }
            TermKind::Fuzzy(d) => {
                let folded = fold_term(text);
                if folded.is_empty() {
                    return Ok(None);
                }
                self.analyzed.push(format!("{field}:{folded}~{d} (fuzzy)"));
                self.highlighter.fuzzy.push((folded.clone(), d));
                let q = FuzzyTermQuery::new(Term::from_field_text(target, &folded), d, true);
                Ok(Some(Box::new(q)))
            }
        }
    }

    /// A word or phrase: analyzed in query mode; one token is a term query,
    /// several are a phrase. Body clauses match the exact field or, at lower
    /// weight, the stemmed field.
    fn phrase(&mut self, field: FieldSel, text: &str, slop: u32) -> Option<Box<dyn Query>> {
        let tokens = analyze(text, Mode::Query);
        if tokens.is_empty() {
            return None;
        }
        let base = tokens[0].position;
        let folded: Vec<(usize, String)> = tokens.iter().map(|t| (t.position - base, t.text.clone())).collect();
        self.analyzed.push(format!(
            "{field}:[{}]",
            folded.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" ")
        ));
        for (_, t) in &folded {
            self.highlighter.exact.insert(t.clone());
        }
        if field == FieldSel::Title {
            return Some(terms_query(self.fields.title, &folded, slop));
        }
        let stems: Vec<(usize, String)> = folded.iter().map(|(p, t)| (*p, stem(t).into_owned())).collect();
        for (_, s) in &stems {
            self.highlighter.stems.insert(s.clone());
        }
        if stems.len() >= 2 {
            self.highlighter
                .phrases
                .push(stems.iter().map(|(_, s)| s.clone()).collect());
        }
        let exact = terms_query(self.fields.body, &folded, slop);
        let stemmed = terms_query(self.fields.body_stem, &stems, slop);
        Some(Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(exact, EXACT_WEIGHT)) as Box<dyn Query>,
            ),
            (Occur::Should, Box::new(BoostQuery::new(stemmed, STEM_WEIGHT))),
        ])))
    }

    /// Extra scoring clauses for a top-level query: title matches and
    /// proximity of all plain terms. They only add score, never match alone.
    pub fn boosts(&mut self, node: &Node) -> Vec<Box<dyn Query>> {
        let mut words = Vec::new();
        plain_words(node, &mut words);
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        let tokens: Vec<String> = words
            .iter()
            .flat_map(|w| analyze(w, Mode::Query))
            .map(|t| t.text)
            .collect();
        if tokens.is_empty() {
            return out;
        }
        let title: Vec<(Occur, Box<dyn Query>)> = tokens
            .iter()
            .map(|t| {
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
            let stems: Vec<(usize, String)> = tokens
                .iter()
                .enumerate()
                .map(|(i, t)| (i, stem(t).into_owned()))
                .collect();
            let near = terms_query(self.fields.body_stem, &stems, PROXIMITY_SLOP);
            out.push(Box::new(BoostQuery::new(near, PROXIMITY_WEIGHT)));
        }
        out
    }
}

/// The plain (unfielded, non-excluded) words of a tree, in order.
fn plain_words(node: &Node, out: &mut Vec<String>) {
    match node {
        Node::Term {
            field: FieldSel::Body,
            text,
            kind: TermKind::Plain,
            ..
        } => out.push(text.clone()),
        Node::Phrase {
            field: FieldSel::Body,
            text,
            ..
        } => out.push(text.clone()),
        Node::And { clauses, .. } | Node::Or(clauses) => clauses.iter().for_each(|c| plain_words(c, out)),
        Node::Alias { original, .. } => plain_words(original, out),
        _ => {}
    }
}

fn terms_query(field: Field, tokens: &[(usize, String)], slop: u32) -> Box<dyn Query> {
    if tokens.len() == 1 {
        return Box::new(TermQuery::new(
            Term::from_field_text(field, &tokens[0].1),
            IndexRecordOption::WithFreqs,
        ));
    }
    let terms = tokens
        .iter()
        .map(|(p, t)| (*p, Term::from_field_text(field, t)))
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

/// `path:` values: `*` is a wildcard; without one, the value matches that
/// path exactly or any path under that folder.
fn path_query(field: Field, pattern: &str, column: usize) -> Result<Box<dyn Query>, SearchError> {
    let mut re = String::new();
    for c in pattern.chars() {
        if c == '*' {
            re.push_str(".*");
        } else if c.is_ascii_alphanumeric() || !c.is_ascii() {
            re.push(c);
        } else {
            re.push('\\');
            re.push(c);
        }
    }
    if !pattern.contains('*') {
        re.push_str("(/.*)?");
    }
    RegexQuery::from_pattern(&re, field)
        .map(|q| Box::new(q) as Box<dyn Query>)
        .map_err(|e| SearchError::syntax(column, format!("bad path pattern: {e}")))
}

/// Whether `a` and `b` are within `max` edits (Damerau: adjacent swaps cost 1).
pub(crate) fn within_distance(a: &str, b: &str, max: usize) -> bool {
    edit_distance(a, b, max + 1) <= max
}

/// Optimal-string-alignment distance, giving up above `cap`.
pub fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) >= cap {
        return cap;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min >= cap {
            return cap;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("ishbia", "ishiba", 3), 1);
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("abc", "abc", 3), 0);
        assert_eq!(edit_distance("abc", "xyzabc", 2), 2);
    }

    /// The highlighter stems only words that start like a query stem; that
    /// is exact only if stemming keeps the first letter. Checked on every
    /// word of the default corpus and on Snowball's exceptional forms.
    #[test]
    fn stemming_keeps_the_first_letter() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut text = String::from("skis skies dying lying tying idly gently ugly early only singly yelling 'tis");
        for entry in std::fs::read_dir(dir).unwrap() {
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
        }
        let mut checked = 0;
        for t in analyze(&text, Mode::Index) {
            let s = stem(&t.text);
            assert_eq!(s.as_bytes().first(), t.text.as_bytes().first(), "{} → {s}", t.text);
            checked += 1;
        }
        assert!(checked > 10_000, "{checked}");
    }
}
