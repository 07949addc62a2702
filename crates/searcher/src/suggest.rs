//! "Did you mean": the closest indexed terms for the query's words that the
//! index does not hold.

use std::collections::HashMap;

use sagasu_analysis::schema::{Fields, PATH};
use tantivy::query::FuzzyTermQuery;
use tantivy::Term;

use crate::collector::Exclusions;
use crate::edit_distance::edit_distance;
use crate::error::SearchError;
use crate::query::{auto_distance, AnalyzedQuery, LeafKind};
use crate::results::Suggestion;

/// Closest indexed terms (within `word~`'s edit distance, most frequent
/// first, at most 3) for every word of `q` that analyzed to one token the
/// index does not hold: plain and fuzzy words and the words of phrases, in
/// the body or the title, not excluded, not expanded. The segments whose
/// every document is one of the `copies` of duplicate files are not
/// walked: they hold the words of the files they copy (at debdocs ×10,
/// walking their dictionaries was two thirds of a search that found
/// nothing), and a word is suggested by how many distinct files hold it.
pub(crate) fn suggest(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    q: &AnalyzedQuery,
    copies: &Exclusions,
) -> Result<Vec<Suggestion>, SearchError> {
    let mut out = Vec::new();
    for leaf in q.suggestable_leaves() {
        let words = match leaf.kind {
            LeafKind::Fuzzy { .. } => leaf
                .tokens
                .first()
                .map(|t| (leaf.text.as_str(), t))
                .into_iter()
                .collect(),
            _ => leaf.single_token_words(),
        };
        for (word, token) in words {
            let terms = closest_terms(searcher, fields, &token.text, copies)?;
            if !terms.is_empty() {
                out.push(Suggestion {
                    word: word.to_string(),
                    terms,
                });
            }
        }
    }
    Ok(out)
}

/// The indexed body terms closest to `target`, when the index does not
/// hold `target` itself.
fn closest_terms(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    target: &str,
    copies: &Exclusions,
) -> Result<Vec<String>, SearchError> {
    // A word the index holds is spelled as the documents spell it:
    // nothing to suggest (the query found nothing for another
    // reason), and the automaton walk below is skipped.
    if searcher.doc_freq(&Term::from_field_text(fields.body, target))? > 0 {
        return Ok(Vec::new());
    }
    // As many edits as `word~` allows (none for one or two letters,
    // one up to five, two beyond): a two-letter word is two edits
    // away from every other short word.
    let max = auto_distance(target);
    if max == 0 {
        return Ok(Vec::new());
    }
    let mut found: HashMap<String, (usize, u64)> = HashMap::new();
    // A Levenshtein automaton walks only the terms within `max`
    // edits (a full scan of the term dictionary took seconds on
    // 100 MB), built once for all segments.
    let fuzzy = FuzzyTermQuery::new(Term::from_field_text(fields.body, target), max, true);
    let dfa = fuzzy.automaton()?;
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let paths = seg.fast_fields().str(PATH)?.map_or(0, |p| p.num_terms() as u64);
        if copies.covers(ord as u32, paths) {
            continue;
        }
        let inv = seg.inverted_index(fields.body)?;
        // Only terms that start with the word's first letter, as
        // Lucene's spell checker does (minPrefix 1): typos seldom
        // hit the first letter, and the walk shrinks to one branch
        // of the dictionary (an unknown word cost ~20 ms on 100 MB).
        let mut builder = inv.terms().search(&dfa);
        if let Some((lo, hi)) = first_letter_range(target) {
            builder = builder.ge(lo);
            if let Some(hi) = hi {
                builder = builder.lt(hi);
            }
        }
        let mut stream = builder.into_stream().map_err(tantivy::TantivyError::from)?;
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if term == target {
                continue;
            }
            let d = edit_distance(target, term, usize::from(max) + 1);
            if d <= usize::from(max) {
                let e = found.entry(term.to_string()).or_insert((d, 0));
                e.1 += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut terms: Vec<(String, (usize, u64))> = found.into_iter().collect();
    terms.sort_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)).then(a.0.cmp(&b.0)));
    Ok(terms.into_iter().take(3).map(|t| t.0).collect())
}

/// The range of terms starting with `word`'s first character: its UTF-8
/// bytes, and the next character's (none past the last character).
fn first_letter_range(word: &str) -> Option<(Vec<u8>, Option<Vec<u8>>)> {
    let c = word.chars().next()?;
    let lo = c.to_string().into_bytes();
    let hi = (u32::from(c) + 1..=u32::from(char::MAX))
        .find_map(char::from_u32)
        .map(|n| n.to_string().into_bytes());
    Some((lo, hi))
}
