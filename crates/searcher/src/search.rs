//! The searcher: runs a parsed query, groups passages by document, makes
//! snippets.

use std::collections::HashSet;

use sagasu_analysis::safe::strip_unsafe;
use sagasu_analysis::schema::Fields;
use sagasu_analysis::{analyze, Mode};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, FuzzyTermQuery, Occur, Query};
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, Score, TantivyDocument, Term};

use crate::aliases::{Aliases, Expansion};
use crate::collector::{group_top, DocCount, DocGroup, ExclusionCollector, Exclusions};
use crate::error::SearchError;
use crate::query::{parse, Builder, Conjunction, FieldSel, Highlighter, Node, TermKind};
use crate::results::{DocResult, Explain, PassageResult, SearchResults, Suggestion};
use crate::snippet;
use crate::stopwords::is_stopword;

/// Candidate passages kept per document, to find non-overlapping snippets.
const CANDIDATES_PER_DOC: usize = 8;

/// How to run a query and what to return.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Documents to return.
    pub limit: usize,
    /// Documents to skip (paging).
    pub offset: usize,
    /// How juxtaposed words combine.
    pub conjunction: Conjunction,
    /// Approximate snippet length in characters.
    pub context: usize,
    /// Snippets per document.
    pub snippets: usize,
    /// List passages instead of documents.
    pub passages: bool,
    /// Fill [`SearchResults::explain`].
    pub explain: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            conjunction: Conjunction::Auto,
            context: 200,
            snippets: 3,
            passages: false,
            explain: false,
        }
    }
}

/// Searches a sagasu index. `Sync`: share it across threads for batches.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    aliases: Aliases,
}

impl Searcher {
    /// A searcher over an opened index (its analyzers registered, its schema
    /// checked: see `sagasu_indexer::open_index`).
    pub fn new(_index: &Index, reader: IndexReader, fields: Fields, aliases: Aliases) -> Searcher {
        Searcher {
            reader,
            fields,
            aliases,
        }
    }

    /// Runs `query` (the query language) and returns ranked documents with
    /// snippets.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        let parsed = parse(query)?;
        let mut expansions = Vec::new();
        let node = self.aliases.expand(parsed, &mut expansions);
        let searcher = self.reader.searcher();

        let (positive, excluded) = split_exclusions(node);
        let mut excluded_docs = Exclusions::default();
        {
            let mut b = Builder::new(&self.fields, opts.conjunction);
            for ex in &excluded {
                if let Some(q) = b.build_negative(ex)? {
                    excluded_docs.extend(searcher.search(&q, &ExclusionCollector)?);
                }
            }
        }

        let can_fall_back = opts.conjunction == Conjunction::Auto
            && matches!(&positive, Node::And { implicit: true, clauses } if clauses.len() >= 2);
        let need = opts.offset + opts.limit;
        let mut built = self.build(&positive, opts.conjunction)?;
        let mut total_documents = searcher.search(
            &built.query,
            &DocCount {
                excluded: &excluded_docs,
            },
        )?;
        let mut fallback = false;
        if total_documents == 0 && can_fall_back {
            built = self.build(&positive, Conjunction::Any)?;
            total_documents = searcher.search(
                &built.query,
                &DocCount {
                    excluded: &excluded_docs,
                },
            )?;
            fallback = true;
        }
        let groups = if total_documents == 0 {
            Vec::new()
        } else {
            self.top_groups(
                &searcher,
                built.query.as_ref(),
                need,
                CANDIDATES_PER_DOC,
                &excluded_docs,
            )?
        };
        let suggestions = if total_documents == 0 {
            self.suggest(&positive)?
        } else {
            Vec::new()
        };

        let results = if opts.passages {
            self.passage_results(&groups, &built.highlighter, opts)?
        } else {
            self.doc_results(&groups, &built.highlighter, opts)?
        };
        let explain = if opts.explain {
            let top_hit = match groups.first().and_then(|g| g.passages.first()) {
                // An explanation is a courtesy: a failure to explain must not fail the search.
                Some(&(_, addr)) => built
                    .query
                    .explain(&searcher, addr)
                    .ok()
                    .and_then(|e| serde_json::from_str(&e.to_pretty_json()).ok()),
                None => None,
            };
            Some(Explain {
                parsed: format!(
                    "{positive}{}",
                    excluded.iter().map(|e| format!(" -{e}")).collect::<String>()
                ),
                analyzed: built.analyzed,
                tantivy_query: format!("{:?}", built.query),
                top_hit,
            })
        } else {
            None
        };
        Ok(SearchResults {
            query: query.to_string(),
            total_documents,
            fallback,
            expansions: dedup(expansions),
            suggestions,
            results,
            explain,
        })
    }

    /// Ranks documents for plain words (batch evaluation): any word, BM25,
    /// English stopwords dropped; document score = best passage. With
    /// `syntax`, `text` is read as the query language instead.
    pub fn rank(&self, text: &str, depth: usize, syntax: bool) -> Result<Vec<(String, Score)>, SearchError> {
        let node = if syntax {
            let mut ex = Vec::new();
            self.aliases.expand(parse(text)?, &mut ex)
        } else {
            let clauses: Vec<Node> = analyze(text, Mode::Query)
                .into_iter()
                .filter(|t| !is_stopword(&t.text))
                .map(|t| Node::Term {
                    field: FieldSel::Body,
                    text: t.text,
                    kind: TermKind::Plain,
                    column: 1,
                })
                .collect();
            if clauses.is_empty() {
                return Ok(Vec::new());
            }
            Node::And {
                clauses,
                implicit: true,
            }
        };
        let conj = if syntax { Conjunction::Auto } else { Conjunction::Any };
        let (positive, excluded) = split_exclusions(node);
        let searcher = self.reader.searcher();
        let mut excluded_docs = Exclusions::default();
        let mut b = Builder::new(&self.fields, conj);
        for ex in &excluded {
            if let Some(q) = b.build_negative(ex)? {
                excluded_docs.extend(searcher.search(&q, &ExclusionCollector)?);
            }
        }
        let built = self.build(&positive, conj)?;
        let groups = self.top_groups(&searcher, built.query.as_ref(), depth, 1, &excluded_docs)?;
        Ok(groups
            .into_iter()
            .take(depth)
            .map(|g| (g.score(), g.path))
            .map(|(s, p)| (p, s))
            .collect())
    }

    /// Builds the scored query for `node`: the clauses that must match plus
    /// scoring-only boosts (title, proximity).
    fn build(&self, node: &Node, conj: Conjunction) -> Result<Built, SearchError> {
        let mut b = Builder::new(&self.fields, conj);
        let Some(main) = b.build(node)? else {
            return Err(SearchError::syntax(
                1,
                "nothing to search for: the query has no letters or digits",
            ));
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
        for boost in b.boosts(node) {
            clauses.push((Occur::Should, boost));
        }
        let query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        Ok(Built {
            query,
            highlighter: b.highlighter,
            analyzed: b.analyzed,
        })
    }

    /// The best `need` documents (MaxP), each with up to `per_doc` of its
    /// best passages: tantivy's top-k over passages (which may skip
    /// passages that cannot compete), widened until it holds `need`
    /// distinct documents or every match.
    fn top_groups(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        need: usize,
        per_doc: usize,
        excluded: &Exclusions,
    ) -> Result<Vec<DocGroup>, SearchError> {
        let passages = (searcher.num_docs() as usize).max(1);
        let mut k = need
            .max(1)
            .saturating_mul(per_doc.max(2) * 2)
            .clamp(64, passages.max(64));
        loop {
            let top = searcher.search(query, &TopDocs::with_limit(k).order_by_score())?;
            let groups = group_top(searcher, &top, per_doc, need, excluded)?;
            if groups.len() >= need || top.len() < k || k >= passages {
                return Ok(groups);
            }
            k = k.saturating_mul(4).min(passages);
        }
    }

    fn load(&self, addr: DocAddress) -> Result<StoredPassage, SearchError> {
        let doc: TantivyDocument = self.reader.searcher().doc(addr)?;
        let text = |f| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let num = |f| doc.get_first(f).and_then(|v| v.as_u64()).unwrap_or(0);
        Ok(StoredPassage {
            title: strip_unsafe(&text(self.fields.title)).into_owned(),
            body: text(self.fields.body),
            line_start: num(self.fields.line_start),
            line_end: num(self.fields.line_end),
            byte_start: num(self.fields.byte_start) as usize,
        })
    }

    fn doc_results(
        &self,
        groups: &[DocGroup],
        hl: &Highlighter,
        opts: &SearchOptions,
    ) -> Result<Vec<DocResult>, SearchError> {
        let mut out = Vec::new();
        for (i, g) in groups.iter().enumerate().skip(opts.offset).take(opts.limit) {
            let mut title = String::new();
            let mut shown: Vec<(usize, usize)> = Vec::new();
            let mut passages = Vec::new();
            for &(score, addr) in &g.passages {
                if passages.len() >= opts.snippets {
                    break;
                }
                let p = self.load(addr)?;
                if title.is_empty() {
                    title = p.title.clone();
                }
                let s = snippet::make(&p.body, p.line_start, hl, opts.context);
                let range = (p.byte_start + s.range.0, p.byte_start + s.range.1);
                if shown.iter().any(|r| r.0 < range.1 && range.0 < r.1) {
                    continue;
                }
                shown.push(range);
                passages.push(p.result(s, score));
            }
            out.push(DocResult {
                rank: i + 1,
                path: g.path.clone(),
                title,
                score: g.score(),
                passages,
            });
        }
        Ok(out)
    }

    fn passage_results(
        &self,
        groups: &[DocGroup],
        hl: &Highlighter,
        opts: &SearchOptions,
    ) -> Result<Vec<DocResult>, SearchError> {
        let mut all: Vec<(Score, DocAddress, &str)> = groups
            .iter()
            .flat_map(|g| g.passages.iter().map(move |&(s, a)| (s, a, g.path.as_str())))
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(b.2)).then(a.1.cmp(&b.1)));
        let mut out = Vec::new();
        for (i, (score, addr, path)) in all.into_iter().enumerate().skip(opts.offset).take(opts.limit) {
            let p = self.load(addr)?;
            let s = snippet::make(&p.body, p.line_start, hl, opts.context);
            out.push(DocResult {
                rank: i + 1,
                path: path.to_string(),
                passages: vec![p.result(s, score)],
                title: p.title,
                score,
            });
        }
        Ok(out)
    }

    /// Closest indexed terms (within `word~`'s edit distance, most frequent
    /// first) for every plain word of the query that the index does not
    /// hold.
    fn suggest(&self, node: &Node) -> Result<Vec<Suggestion>, SearchError> {
        let mut words = Vec::new();
        collect_words(node, &mut words);
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for word in words {
            let folded: Vec<String> = analyze(&word, Mode::Query).into_iter().map(|t| t.text).collect();
            if folded.len() != 1 {
                continue;
            }
            let target = &folded[0];
            // A word the index holds is spelled as the documents spell it:
            // nothing to suggest (the query found nothing for another
            // reason), and the automaton walk below is skipped.
            if searcher.doc_freq(&Term::from_field_text(self.fields.body, target))? > 0 {
                continue;
            }
            // As many edits as `word~` allows (none for one or two letters,
            // one up to five, two beyond): a two-letter word is two edits
            // away from every other short word.
            let max = crate::query::auto_distance(target);
            if max == 0 {
                continue;
            }
            let mut found: std::collections::HashMap<String, (usize, u64)> = Default::default();
            // A Levenshtein automaton walks only the terms within `max`
            // edits (a full scan of the term dictionary took seconds on
            // 100 MB), built once for all segments.
            let fuzzy = FuzzyTermQuery::new(Term::from_field_text(self.fields.body, target), max, true);
            let dfa = fuzzy.automaton()?;
            for seg in searcher.segment_readers() {
                let inv = seg.inverted_index(self.fields.body)?;
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
                    let d = crate::query::edit_distance(target, term, usize::from(max) + 1);
                    if d <= usize::from(max) {
                        let e = found.entry(term.to_string()).or_insert((d, 0));
                        e.1 += u64::from(stream.value().doc_freq);
                    }
                }
            }
            let mut terms: Vec<(String, (usize, u64))> = found.into_iter().collect();
            terms.sort_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)).then(a.0.cmp(&b.0)));
            if !terms.is_empty() {
                out.push(Suggestion {
                    word,
                    terms: terms.into_iter().take(3).map(|t| t.0).collect(),
                });
            }
        }
        Ok(out)
    }
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

/// A built query with what its snippets highlight and how it was analyzed.
struct Built {
    query: Box<dyn Query>,
    highlighter: Highlighter,
    analyzed: Vec<String>,
}

struct StoredPassage {
    title: String,
    body: String,
    line_start: u64,
    line_end: u64,
    byte_start: usize,
}

impl StoredPassage {
    /// The output form of this passage with its snippet.
    fn result(&self, s: snippet::Snippet, score: Score) -> PassageResult {
        PassageResult {
            line_start: self.line_start,
            line_end: self.line_end,
            line: s.line,
            byte: (self.byte_start + s.anchor) as u64,
            score,
            snippet: s.text,
            highlights: s.highlights,
        }
    }
}

/// Splits top-level exclusions (which remove whole documents) from the rest.
fn split_exclusions(node: Node) -> (Node, Vec<Node>) {
    match node {
        Node::And { clauses, implicit } => {
            let (neg, pos): (Vec<Node>, Vec<Node>) = clauses.into_iter().partition(|c| matches!(c, Node::Not(_)));
            let neg = neg
                .into_iter()
                .map(|n| if let Node::Not(inner) = n { *inner } else { n })
                .collect();
            let pos = if pos.len() == 1 && implicit {
                pos.into_iter().next().unwrap_or_else(|| unreachable!())
            } else {
                Node::And { clauses: pos, implicit }
            };
            (pos, neg)
        }
        other => (other, Vec::new()),
    }
}

fn collect_words(node: &Node, out: &mut Vec<String>) {
    match node {
        Node::Term {
            field: FieldSel::Body | FieldSel::Title,
            text,
            kind: TermKind::Plain | TermKind::Fuzzy(_),
            ..
        } => out.push(text.clone()),
        Node::And { clauses, .. } | Node::Or(clauses) => clauses.iter().for_each(|c| collect_words(c, out)),
        Node::Phrase { text, .. } => out.extend(text.split_whitespace().map(str::to_string)),
        _ => {}
    }
}

fn dedup(mut v: Vec<Expansion>) -> Vec<Expansion> {
    let mut seen = HashSet::new();
    v.retain(|e| seen.insert(e.matched.clone()));
    v
}
