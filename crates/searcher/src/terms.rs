//! The vocabulary (`sagasu terms PATTERN`): the indexed forms of words that
//! match a prefix or a glob, with how many documents hold each and how
//! many times it occurs, most frequent first; and the spellings behind
//! them (`terms --spellings`), as written, grouped by name.
//!
//! Terms are the exact field's folded forms (`Chosŏn` is listed as
//! `choson`). The candidates come from the term dictionaries, walked from
//! the pattern's literal prefix in one merged pass over the segments and
//! kept in a heap of the `limit` most frequent (memory bounded by the
//! limit, whatever the vocabulary); the counts of the terms listed are
//! exact: documents are distinct paths, and occurrences are counted in
//! each document's text ([`DocText`]; passages overlap, so postings would
//! count a word in an overlap twice).
//!
//! Spellings are found by the [`Matcher`], the terms' exact forms and the
//! romanization keys of the names among them, so `--spellings Joseon`
//! lists Chosŏn, Chosǒn, Choson, Joseon and 조선 together: a spelling that
//! is a name (`romanize::is_name`) is grouped by its key
//! (`romanize::key`), any other by its folded form.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};

use sagasu_analysis::romanize::{breveless_keys, hanja_readings, is_name, key, query_keys, wade_giles_readings, Side};
use sagasu_analysis::schema::PATH;
use sagasu_analysis::{analyze, fold_term, Mode};
use serde::Serialize;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::termdict::TermMerger;
use tantivy::{DocSet, TERMINATED};

use crate::error::SearchError;
use crate::matcher::Matcher;
use crate::query::{AnalyzedQuery, Clause, ExpansionKind, FieldSel, Leaf, LeafKind, QueryToken};
use crate::search::Searcher;
use crate::text::DocText;

/// One indexed term and its counts.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TermCount {
    /// The folded form as indexed.
    pub term: String,
    /// Documents that hold it.
    pub documents: usize,
    /// Its occurrences in all documents.
    pub occurrences: usize,
}

/// The spellings of one name (or of one word that is not a name).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SpellingGroup {
    /// The romanization key its spellings share; `null` for a word that is
    /// not a name (its spellings share their folded form).
    pub key: Option<String>,
    /// Occurrences of all its spellings.
    pub occurrences: usize,
    /// Documents that hold one of them.
    pub documents: usize,
    /// Its spellings, most frequent first.
    pub spellings: Vec<Spelling>,
}

/// One spelling as documents write it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Spelling {
    /// The text as written (`Chosŏn`).
    pub spelling: String,
    /// Its occurrences.
    pub occurrences: usize,
    /// Documents that hold it.
    pub documents: usize,
    /// Their paths, in index order.
    pub paths: Vec<String>,
}

/// A pattern over folded terms: literal characters (folded as the analyzer
/// folds a word), `*` (any run) and `?` (one character); without a
/// wildcard, a prefix.
#[derive(Debug, Clone)]
struct Pattern {
    parts: Vec<Part>,
    /// The literal text every match starts with.
    prefix: String,
    /// Whether the pattern was a word without wildcards.
    plain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Char(char),
    Any,
    One,
}

impl Pattern {
    fn parse(pattern: &str) -> Pattern {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let flush = |literal: &mut String, parts: &mut Vec<Part>| {
            parts.extend(fold_term(literal).chars().map(Part::Char));
            literal.clear();
        };
        for c in pattern.chars() {
            match c {
                '*' | '?' => {
                    flush(&mut literal, &mut parts);
                    parts.push(if c == '*' { Part::Any } else { Part::One });
                }
                c => literal.push(c),
            }
        }
        flush(&mut literal, &mut parts);
        let plain = !parts.iter().any(|p| matches!(p, Part::Any | Part::One));
        if plain {
            parts.push(Part::Any);
        }
        let prefix = parts
            .iter()
            .map_while(|p| match p {
                Part::Char(c) => Some(*c),
                _ => None,
            })
            .collect();
        Pattern { parts, prefix, plain }
    }

    /// Whether `term` matches: the greedy glob walk that goes back only to
    /// the last `*`, so at most (pattern length × term length) steps,
    /// whatever the stars (backtracking into every star is exponential).
    fn matches(&self, term: &str) -> bool {
        let s: Vec<char> = term.chars().collect();
        let p = &self.parts;
        let (mut i, mut j) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while i < s.len() {
            match p.get(j) {
                Some(Part::One) => (i, j) = (i + 1, j + 1),
                Some(Part::Char(c)) if *c == s[i] => (i, j) = (i + 1, j + 1),
                Some(Part::Any) => {
                    star = Some((j, i));
                    j += 1;
                }
                _ => match star {
                    Some((sj, si)) => {
                        star = Some((sj, si + 1));
                        (i, j) = (si + 1, sj + 1);
                    }
                    None => return false,
                },
            }
        }
        p[j..].iter().all(|part| *part == Part::Any)
    }
}

/// A candidate term and its occurrences in the postings (an overlap of
/// passages counted twice: only to choose which terms to count exactly).
type Candidate = (u64, Reverse<String>);

impl Searcher {
    /// The indexed terms matching `pattern` (a prefix, or a glob with `*`
    /// and `?`), most occurrences first (ties: more documents, then
    /// alphabetical), at most `limit`.
    pub fn terms(&self, pattern: &str, limit: usize) -> Result<Vec<TermCount>, SearchError> {
        let searcher = self.reader.searcher();
        let terms = candidates(&searcher, self.fields.body, &Pattern::parse(pattern), limit)?;
        let docs = documents_of(&searcher, self.fields.body, &terms)?;
        let mut counts: HashMap<&str, (usize, usize)> = terms.iter().map(|t| (t.as_str(), (0, 0))).collect();
        for path in paths(&searcher, &docs.into_iter().collect::<Vec<_>>())? {
            let Some(doc) = DocText::load(&searcher, &self.fields, &path)? else {
                continue;
            };
            let mut here: HashMap<&str, usize> = HashMap::new();
            for t in analyze(&doc.text, Mode::Index) {
                if let Some((term, _)) = counts.get_key_value(t.text.as_str()) {
                    *here.entry(term).or_default() += 1;
                }
            }
            for (term, n) in here {
                if let Some(c) = counts.get_mut(term) {
                    c.0 += n;
                    c.1 += 1;
                }
            }
        }
        let mut out: Vec<TermCount> = counts
            .into_iter()
            .filter(|(_, c)| c.0 > 0)
            .map(|(term, (occurrences, documents))| TermCount {
                term: term.to_string(),
                documents,
                occurrences,
            })
            .collect();
        out.sort_by(|a, b| {
            b.occurrences
                .cmp(&a.occurrences)
                .then(b.documents.cmp(&a.documents))
                .then(a.term.cmp(&b.term))
        });
        Ok(out)
    }

    /// The spellings, as written, of the indexed terms matching `pattern`
    /// (at most `limit` terms, as [`Searcher::terms`] chooses them), and of
    /// every name that shares a romanization key with one of them or with
    /// `pattern` itself (a word without wildcards), and of its Wade–Giles or
    /// Pinyin spellings: grouped by that key, most frequent first.
    pub fn spellings(&self, pattern: &str, limit: usize) -> Result<Vec<SpellingGroup>, SearchError> {
        let searcher = self.reader.searcher();
        let parsed = Pattern::parse(pattern);
        let mut terms = candidates(&searcher, self.fields.body, &parsed, limit)?;
        let mut keys: Vec<String> = Vec::new();
        if parsed.plain {
            // `--spellings Zedong` lists `Tse-tung` too (a one-syllable word
            // alone has no reading: `Chang`).
            for reading in wade_giles_readings(pattern.trim(), false) {
                if !terms.contains(&reading) {
                    terms.push(reading);
                }
            }
            terms.sort_unstable();
            if let Some(k) = query_keys(pattern.trim(), None).and_then(|_| key(pattern.trim())) {
                keys.push(k);
                // `--spellings Joseon` lists `Choson` too.
                keys.extend(breveless_keys(pattern.trim()));
            }
            // `--spellings 金大中` lists `김대중` and `Kim Dae-jung` too.
            for reading in hanja_readings(pattern.trim()) {
                if let Some(k) = query_keys(&reading, None).and_then(|_| key(&reading)) {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
        }
        // First the terms' spellings, for the keys of the names among them;
        // then every spelling of the terms and of those keys.
        let first = Finder::new(&terms, &keys).run(self, &searcher)?;
        for s in first.keys() {
            if let Some(k) = name_key(s) {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        let found = Finder::new(&terms, &keys).run(self, &searcher)?;
        Ok(group(found))
    }
}

/// The `limit` terms of `field` that match `pattern` with the most
/// occurrences in the postings, in term order.
fn candidates(
    searcher: &tantivy::Searcher,
    field: Field,
    pattern: &Pattern,
    limit: usize,
) -> Result<Vec<String>, SearchError> {
    let mut inverted = Vec::new();
    for reader in searcher.segment_readers() {
        inverted.push(reader.inverted_index(field)?);
    }
    let mut streams = Vec::with_capacity(inverted.len());
    for inv in &inverted {
        streams.push(
            inv.terms()
                .range()
                .ge(pattern.prefix.as_bytes())
                .into_stream()
                .map_err(tantivy::TantivyError::from)?,
        );
    }
    // A min-heap of the best `limit`: memory bounded by the limit.
    let mut best: BinaryHeap<Reverse<Candidate>> = BinaryHeap::with_capacity(limit.min(1 << 16) + 1);
    let mut merged = TermMerger::new(streams);
    while merged.advance() {
        let Ok(term) = std::str::from_utf8(merged.key()) else {
            continue;
        };
        if !term.starts_with(pattern.prefix.as_str()) {
            break;
        }
        if !pattern.matches(term) {
            continue;
        }
        let mut occurrences = 0u64;
        for (seg, info) in merged.current_segment_ords_and_term_infos() {
            let mut postings = inverted[seg]
                .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)
                .map_err(tantivy::TantivyError::from)?;
            while postings.doc() != TERMINATED {
                occurrences += u64::from(postings.term_freq());
                postings.advance();
            }
        }
        let candidate = (occurrences, Reverse(term.to_string()));
        if best.len() < limit {
            best.push(Reverse(candidate));
        } else if best.peek().is_some_and(|Reverse(worst)| candidate > *worst) {
            best.pop();
            best.push(Reverse(candidate));
        }
    }
    let mut terms: Vec<String> = best.into_iter().map(|Reverse((_, Reverse(t)))| t).collect();
    terms.sort();
    Ok(terms)
}

/// The documents (segment, path ordinal) whose `field` holds one of
/// `terms`, each once, in index order.
fn documents_of(
    searcher: &tantivy::Searcher,
    field: Field,
    terms: &[String],
) -> Result<BTreeSet<(u32, u64)>, SearchError> {
    let mut docs = BTreeSet::new();
    for (seg, reader) in searcher.segment_readers().iter().enumerate() {
        let inverted = reader.inverted_index(field)?;
        let Some(paths) = reader.fast_fields().str(PATH)? else {
            continue;
        };
        for term in terms {
            let t = tantivy::Term::from_field_text(field, term);
            let Some(mut postings) = inverted
                .read_postings(&t, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?
            else {
                continue;
            };
            while postings.doc() != TERMINATED {
                if let Some(ord) = paths.ords().first(postings.doc()) {
                    docs.insert((seg as u32, ord));
                }
                postings.advance();
            }
        }
    }
    Ok(docs)
}

/// The paths of documents (segment, path ordinal), deduplicated (a file
/// indexed in several batches is in several segments), in order.
fn paths(searcher: &tantivy::Searcher, docs: &[(u32, u64)]) -> Result<Vec<String>, SearchError> {
    let mut out = Vec::with_capacity(docs.len());
    for (seg, reader) in searcher.segment_readers().iter().enumerate() {
        let Some(col) = reader.fast_fields().str(PATH)? else {
            continue;
        };
        let ords: Vec<u64> = docs.iter().filter(|d| d.0 == seg as u32).map(|d| d.1).collect();
        col.dictionary()
            .sorted_ords_to_term_cb(&ords, |bytes| out.push(String::from_utf8_lossy(bytes).into_owned()))
            .map_err(tantivy::TantivyError::from)?;
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Spelling → (occurrences, paths of the documents that hold it).
type Found = BTreeMap<String, (usize, Vec<String>)>;

/// Finds the spellings of some terms (exact forms) and names (keys).
struct Finder<'a> {
    terms: &'a [String],
    keys: &'a [String],
}

impl<'a> Finder<'a> {
    fn new(terms: &'a [String], keys: &'a [String]) -> Finder<'a> {
        Finder { terms, keys }
    }

    /// The matcher of the terms as spelled (no stems) and of the keys, each
    /// its own clause: one spelling is never joined to the next.
    fn matcher(&self) -> Matcher {
        let token = |text: &str| QueryToken {
            text: text.to_string(),
            stem: String::new(),
            position: 0,
            word: 0,
        };
        let leaf = |kind, text: &str| {
            Clause::Leaf(Leaf {
                field: FieldSel::Body,
                kind,
                text: text.to_string(),
                column: 1,
                tokens: vec![token(text)],
            })
        };
        let mut alternatives = Vec::new();
        for t in self.terms {
            alternatives.push(leaf(LeafKind::Words, t));
        }
        for k in self.keys {
            alternatives.push(leaf(
                LeafKind::Name {
                    slop: 0,
                    by: ExpansionKind::Romanization,
                },
                k,
            ));
        }
        Matcher::separate(&AnalyzedQuery {
            root: Clause::Any(alternatives),
            exclusions: Vec::new(),
            expansions: Vec::new(),
        })
    }

    /// Every spelling in the documents that hold a term or a key.
    fn run(&self, s: &Searcher, searcher: &tantivy::Searcher) -> Result<Found, SearchError> {
        let mut docs = documents_of(searcher, s.fields.body, self.terms)?;
        docs.extend(documents_of(searcher, s.fields.body_key, self.keys)?);
        let docs: Vec<(u32, u64)> = docs.into_iter().collect();
        let matcher = self.matcher();
        let mut found = Found::new();
        for path in paths(searcher, &docs)? {
            let Some(doc) = DocText::load(searcher, &s.fields, &path)? else {
                continue;
            };
            for m in matcher.find(&doc.text) {
                let entry = found.entry(doc.text[m.start..m.end].to_string()).or_default();
                entry.0 += 1;
                if entry.1.last() != Some(&path) {
                    entry.1.push(path.clone());
                }
            }
        }
        Ok(found)
    }
}

/// The key of a spelling that is a name.
fn name_key(spelling: &str) -> Option<String> {
    is_name(spelling, None, Side::Text).then(|| key(spelling)).flatten()
}

/// Spellings grouped by name key (or folded form), most frequent first.
fn group(found: Found) -> Vec<SpellingGroup> {
    let mut groups: BTreeMap<(Option<String>, String), Vec<Spelling>> = BTreeMap::new();
    for (spelling, (occurrences, paths)) in found {
        let key = name_key(&spelling);
        let folded = if key.is_some() {
            String::new()
        } else {
            fold_term(&spelling)
        };
        groups.entry((key, folded)).or_default().push(Spelling {
            spelling,
            occurrences,
            documents: paths.len(),
            paths,
        });
    }
    let mut out: Vec<SpellingGroup> = groups
        .into_iter()
        .map(|((key, _), mut spellings)| {
            spellings.sort_by(|a, b| b.occurrences.cmp(&a.occurrences).then(a.spelling.cmp(&b.spelling)));
            let mut paths: Vec<&String> = spellings.iter().flat_map(|s| &s.paths).collect();
            paths.sort();
            paths.dedup();
            SpellingGroup {
                key,
                occurrences: spellings.iter().map(|s| s.occurrences).sum(),
                documents: paths.len(),
                spellings,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.occurrences
            .cmp(&a.occurrences)
            .then(a.spellings[0].spelling.cmp(&b.spellings[0].spelling))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn patterns_are_folded_globs_or_prefixes() {
        let p = Pattern::parse("Ch*ng*");
        assert!(p.matches("chongwadae") && p.matches("chung") && !p.matches("chosun"));
        assert_eq!(p.prefix, "ch");
        let p = Pattern::parse("Chosŏn");
        assert!(p.matches("choson") && p.matches("chosonilbo") && !p.matches("chosun"));
        let p = Pattern::parse("k?m");
        assert!(p.matches("kim") && !p.matches("kimm") && !p.matches("km"));
        let p = Pattern::parse("*a*b");
        assert!(p.matches("ab") && p.matches("xaxxbab") && !p.matches("aba"));
        assert!(Pattern::parse("*").matches("") && Pattern::parse("a*").matches("a"));
    }
}
