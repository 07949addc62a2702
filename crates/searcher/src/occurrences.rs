//! Every occurrence of a query (`search --every`): each word match and each
//! phrase occurrence of the matching documents, documents in rank order,
//! occurrences in text order, with line, column and page.
//!
//! A document's text is rebuilt from its stored passages, placed by their
//! byte offsets ([`DocText::assemble`]): passages overlap, so an occurrence
//! in two passages is found once, and a word cut by a passage boundary is
//! whole. Nothing is read from the corpus folder: the listing is the
//! index's view of the documents (a PDF's extracted text, with its pages).
//!
//! Which text counts as an occurrence: the words of the query's body
//! leaves as [`Highlighter`] finds them (exact, stem, prefix, fuzzy,
//! romanization key), and its phrases (multi-token leaves) as whole
//! phrase occurrences at consecutive positions of the index-mode analyzer,
//! never their words alone. `title:` and `path:` leaves restrict the
//! documents but list nothing.

use sagasu_analysis::schema::Fields;
use sagasu_analysis::{analyze, stem, Mode, Token};
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::collector::DocGroup;
use crate::error::SearchError;
use crate::highlight::Highlighter;
use crate::query::{AnalyzedQuery, Clause, Conjunction, FieldSel, Leaf, LeafKind};
use crate::rank::top_groups;
use crate::search::Searcher;
use crate::stored::StoredPassage;
use crate::Expansion;

/// A phrase's token: its folded form, its stem, its relative position.
type PhraseToken = (String, String, usize);

/// Finds a query's occurrences in any text.
#[derive(Debug, Clone)]
pub struct OccurrenceFinder {
    /// The one-token leaves (and prefixes, fuzzy words, name keys).
    words: Highlighter,
    /// The multi-token body leaves: (tokens, slop).
    phrases: Vec<(Vec<PhraseToken>, u32)>,
}

impl OccurrenceFinder {
    /// The finder of `query`'s positive body leaves.
    ///
    /// Trap: a sloppy phrase (`"a b"~2`) is found in order only (tantivy
    /// also accepts some reorderings), and a romanization key of two or
    /// more names (a quoted name in another spelling) is not listed.
    pub fn new(query: &AnalyzedQuery) -> OccurrenceFinder {
        let mut words: Vec<Clause> = Vec::new();
        let mut phrases = Vec::new();
        for leaf in query.positive_leaves() {
            match leaf.kind {
                LeafKind::Words | LeafKind::Phrase { .. } if leaf.field != FieldSel::Body => {}
                LeafKind::Words | LeafKind::Phrase { .. } if leaf.tokens.len() >= 2 => {
                    let slop = match leaf.kind {
                        LeafKind::Phrase { slop } => slop,
                        _ => 0,
                    };
                    let tokens = leaf
                        .tokens
                        .iter()
                        .map(|t| (t.text.clone(), t.stem.clone(), t.position))
                        .collect();
                    phrases.push((tokens, slop));
                }
                LeafKind::Name { .. } if leaf.tokens.len() >= 2 => {}
                LeafKind::Glob => {}
                _ => words.push(Clause::Leaf(Leaf::clone(leaf))),
            }
        }
        let words = Highlighter::new(&AnalyzedQuery {
            root: Clause::Any(words),
            exclusions: Vec::new(),
            expansions: Vec::new(),
        });
        OccurrenceFinder { words, phrases }
    }

    /// Byte ranges of the occurrences in `text`, in text order; one that
    /// overlaps an earlier (or longer, same-start) one is left out.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = self.words.spans(text).iter().map(|s| (s.start, s.end)).collect();
        if !self.phrases.is_empty() {
            let tokens = analyze(text, Mode::Index);
            for (phrase, slop) in &self.phrases {
                found.extend(phrase_matches(&tokens, phrase, *slop));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(found.len());
        for o in found {
            if out.last().is_none_or(|last| o.0 >= last.1) {
                out.push(o);
            }
        }
        out
    }
}

/// Whether an index token matches a query token (exact form or stem).
fn token_matches(t: &Token, text: &str, stemmed: &str) -> bool {
    t.text == text || (t.text.as_bytes().first() == stemmed.as_bytes().first() && stem(&t.text) == stemmed)
}

/// Occurrences of one phrase among the index-mode `tokens` of a text: its
/// tokens at their relative positions (stacked tokens share a position),
/// in order, with at most `slop` extra positions in all.
fn phrase_matches(tokens: &[Token], phrase: &[PhraseToken], slop: u32) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let Some(((first, first_stem, _), rest)) = phrase.split_first() else {
        return out;
    };
    for (i, t) in tokens.iter().enumerate() {
        if !token_matches(t, first, first_stem) {
            continue;
        }
        let mut pos = t.position;
        let mut prev_rel = 0;
        let mut budget = slop as usize;
        let mut end = t.offset_to;
        let mut j = i;
        let mut ok = true;
        for (text, stemmed, rel) in rest {
            let want = pos + (rel - prev_rel);
            // The next matching token at `want` or, with slop left, a bit later.
            let next = tokens[j..]
                .iter()
                .enumerate()
                .skip_while(|(_, u)| u.position < want)
                .take_while(|(_, u)| u.position <= want + budget)
                .find(|(_, u)| token_matches(u, text, stemmed));
            match next {
                Some((k, u)) => {
                    budget -= u.position - want;
                    pos = u.position;
                    prev_rel = *rel;
                    end = end.max(u.offset_to);
                    j += k;
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            out.push((t.offset_from, end));
        }
    }
    out
}

/// A document's text as the index holds it, rebuilt from its passages.
///
/// Bytes no passage holds (blank lines before the first one) are filled
/// with the line ends and form feeds that the next passage's line and page
/// say they held, then spaces: byte offsets, lines and pages stay right.
#[derive(Debug, Clone, Default)]
pub struct DocText {
    /// The text from the document's first byte.
    pub text: String,
    /// Whether the document has pages (a form feed ends each).
    pub paged: bool,
    /// The document's title.
    pub title: String,
}

impl DocText {
    /// Loads every passage of the document `path` from `searcher` and
    /// places them by their byte offsets.
    pub(crate) fn load(searcher: &tantivy::Searcher, fields: &Fields, path: &str) -> Result<DocText, SearchError> {
        let q = TermQuery::new(Term::from_field_text(fields.path, path), IndexRecordOption::Basic);
        let addrs = searcher.search(&q, &DocSetCollector)?;
        let mut passages = Vec::with_capacity(addrs.len());
        for addr in addrs {
            passages.push(StoredPassage::load(searcher, fields, addr)?);
        }
        Ok(DocText::assemble(passages))
    }

    /// Places passages by their byte offsets (any order).
    pub(crate) fn assemble(mut passages: Vec<StoredPassage>) -> DocText {
        passages.sort_by_key(|p| p.byte_start);
        let mut doc = DocText {
            paged: passages.iter().any(|p| p.page.is_some()),
            title: passages.first().map(|p| p.title.clone()).unwrap_or_default(),
            text: String::new(),
        };
        let (mut line, mut page) = (1u64, 1u64);
        for p in passages {
            let covered = doc.text.len();
            if p.byte_start > covered {
                // A gap: what the next passage says it held, then spaces.
                let lines = p.line_start.saturating_sub(line) as usize;
                let pages = p.page.unwrap_or(page).saturating_sub(page) as usize;
                let gap = p.byte_start - covered;
                let (lines, pages) = (lines.min(gap), pages.min(gap - lines.min(gap)));
                doc.text.push_str(&"\n".repeat(lines));
                doc.text.push_str(&"\x0c".repeat(pages));
                doc.text.push_str(&" ".repeat(gap - lines - pages));
                line += lines as u64;
                page += pages as u64;
            }
            // Only what no earlier passage held is added (and counted):
            // counting the whole text again would be quadratic.
            let skip = doc.text.len() - p.byte_start;
            if let Some(rest) = p.body.get(skip..) {
                line += rest.bytes().filter(|&b| b == b'\n').count() as u64;
                page += rest.bytes().filter(|&b| b == b'\x0c').count() as u64;
                doc.text.push_str(rest);
            }
        }
        doc
    }

    /// The occurrences at `ranges` (in text order), placed.
    pub fn place(&self, ranges: &[(usize, usize)]) -> Vec<Occurrence> {
        let bytes = self.text.as_bytes();
        let (mut at, mut line, mut line_start, mut page) = (0usize, 1u64, 0usize, 1u64);
        let mut out = Vec::with_capacity(ranges.len());
        for &(start, end) in ranges {
            for (i, &b) in bytes[at..start].iter().enumerate() {
                if b == b'\n' {
                    line += 1;
                    line_start = at + i + 1;
                } else if b == b'\x0c' {
                    page += 1;
                }
            }
            at = start;
            out.push(Occurrence {
                start,
                end,
                line,
                column: (start - line_start + 1) as u64,
                page: self.paged.then_some(page),
            });
        }
        out
    }
}

/// One occurrence in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// Its first byte in the document's text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The line (1-based) of its first byte.
    pub line: u64,
    /// The column (1-based) of its first byte, in bytes from the line's
    /// start, as `rg --column` and vim's quickfix count.
    pub column: u64,
    /// The page of its first byte, for paged documents (PDF).
    pub page: Option<u64>,
}

/// The occurrences in one matching document.
#[derive(Debug, Clone)]
pub struct DocOccurrences {
    /// 1-based rank of the document.
    pub rank: usize,
    /// Path relative to the corpus.
    pub path: String,
    /// Score of its best passage.
    pub score: f32,
    /// Its text (to cut context from).
    pub doc: DocText,
    /// Its occurrences, in text order.
    pub occurrences: Vec<Occurrence>,
}

/// The matching documents of a query, in rank order, each with its
/// occurrences: an iterator that reads one document at a time, so a caller
/// can print the first before the last is read.
pub struct Every {
    pub(crate) searcher: tantivy::Searcher,
    pub(crate) fields: Fields,
    pub(crate) finder: OccurrenceFinder,
    pub(crate) groups: std::vec::IntoIter<DocGroup>,
    pub(crate) rank: usize,
    /// Documents that matched.
    pub total_documents: usize,
    /// Whether the any-word fallback was used.
    pub fallback: bool,
}

impl Iterator for Every {
    type Item = Result<DocOccurrences, SearchError>;

    fn next(&mut self) -> Option<Self::Item> {
        let group = self.groups.next()?;
        self.rank += 1;
        let doc = match DocText::load(&self.searcher, &self.fields, &group.path) {
            Ok(doc) => doc,
            Err(e) => return Some(Err(e)),
        };
        let occurrences = doc.place(&self.finder.find(&doc.text));
        Some(Ok(DocOccurrences {
            rank: self.rank,
            score: group.score(),
            path: group.path,
            doc,
            occurrences,
        }))
    }
}

impl Searcher {
    /// Every occurrence of `query` ([`Every`]): all matching documents in
    /// rank order (no limit), each read whole when the iterator reaches it;
    /// and the expansions made.
    pub fn every(&self, query: &str, conjunction: Conjunction) -> Result<(Every, Vec<Expansion>), SearchError> {
        let analyzed = self.analyze(query)?;
        let searcher = self.reader.searcher();
        let matched = self.matched(&searcher, &analyzed, conjunction)?;
        let groups = if matched.total == 0 {
            Vec::new()
        } else {
            top_groups(&searcher, matched.query.as_ref(), usize::MAX, 1, &matched.excluded)?
        };
        let every = Every {
            finder: OccurrenceFinder::new(&analyzed),
            fields: self.fields,
            searcher,
            groups: groups.into_iter(),
            rank: 0,
            total_documents: matched.total,
            fallback: matched.fallback,
        };
        Ok((every, analyzed.expansions))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{analyze as analyze_query, parse};
    use crate::Aliases;

    fn found<'t>(q: &str, text: &'t str) -> Vec<&'t str> {
        let q = analyze_query(&parse(q).unwrap(), &Aliases::default()).unwrap();
        OccurrenceFinder::new(&q)
            .find(text)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn phrases_are_one_occurrence_and_their_words_alone_are_none() {
        let text = "a joint declaration; joint, and a declaration; Joint Declarations of 1998";
        assert_eq!(
            found("\"joint declaration\"", text),
            ["joint declaration", "Joint Declarations"]
        );
        assert_eq!(
            found("\"joint declaration\" 1998", text),
            ["joint declaration", "Joint Declarations", "1998"]
        );
        // A word inside a listed phrase is not listed again.
        assert_eq!(
            found("joint \"joint declaration\"", text),
            ["joint declaration", "joint", "Joint Declarations"]
        );
        assert_eq!(found("\"joint and declaration\"~1", text), ["joint, and a declaration"]);
    }

    #[test]
    fn compounds_and_hyphenated_line_ends_are_whole() {
        let text = "Kim Dae-jung met them at the sum-\nmit; the Kim Dae jung summit";
        assert_eq!(found("summit", text), ["sum-\nmit", "summit"]);
        assert_eq!(found("\"Kim Dae-jung\"", text), ["Kim Dae-jung", "Kim Dae jung"]);
    }

    fn passage(byte_start: usize, line_start: u64, page: Option<u64>, body: &str) -> StoredPassage {
        StoredPassage {
            title: String::new(),
            body: body.to_string(),
            line_start,
            line_end: 0,
            byte_start,
            page,
            ocr_pages: Vec::new(),
        }
    }

    #[test]
    fn overlapping_passages_make_one_text_and_gaps_keep_lines_and_pages() {
        let full = "\n\none two\nthree\x0cfour five\nsix";
        let doc = DocText::assemble(vec![
            passage(14, 4, Some(1), &full[14..]),
            passage(2, 3, Some(1), &full[2..20]),
        ]);
        assert_eq!(doc.text, full);
        let four = full.find("four").unwrap();
        let six = full.find("six").unwrap();
        let placed = doc.place(&[(four, four + 4), (six, six + 3)]);
        assert_eq!((placed[0].line, placed[0].column, placed[0].page), (4, 7, Some(2)));
        assert_eq!((placed[1].line, placed[1].column, placed[1].page), (5, 1, Some(2)));
    }

    /// The default corpus's documents, read once.
    fn corpus() -> &'static Vec<String> {
        static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        TEXTS.get_or_init(|| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
            let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
            paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
            paths.sort();
            paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// For a random word of the corpus, the occurrences in each document
        /// are exactly the analyzer's own tokens of it with that form or
        /// stem (stacked tokens of one word merged into one).
        #[test]
        fn a_word_occurs_where_the_analyzer_has_its_tokens(doc in 0usize..5, pick in 0usize..100_000) {
            let texts = corpus();
            let tokens = analyze(&texts[doc], Mode::Index);
            let word = tokens[pick % tokens.len()].text.clone();
            proptest::prop_assume!(!["and", "or", "not"].contains(&word.as_str()));
            let q = analyze_query(&parse(&word).unwrap(), &Aliases::default()).unwrap();
            proptest::prop_assume!(q.positive_leaves().iter().all(|l| l.tokens.len() == 1));
            let finder = OccurrenceFinder::new(&q);
            let stemmed = stem(&word).into_owned();
            for text in texts {
                let mut want: Vec<(usize, usize)> = Vec::new();
                for t in analyze(text, Mode::Index) {
                    if t.text != word && stem(&t.text) != stemmed {
                        continue;
                    }
                    match want.last_mut() {
                        Some(last) if t.offset_from < last.1 => last.1 = last.1.max(t.offset_to),
                        _ => want.push((t.offset_from, t.offset_to)),
                    }
                }
                proptest::prop_assert_eq!(finder.find(text), want, "{}", word);
            }
        }
    }
}
