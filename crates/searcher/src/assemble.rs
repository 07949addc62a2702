//! Result assembly: the ranked documents (or passages) of a matched query,
//! with their snippets, and the `--explain` record. [`document_result`]
//! and [`passage_results`] work on passages from anywhere (the local index
//! or another engine's hits).

use std::collections::HashMap;

use tantivy::query::Query;
use tantivy::{DocAddress, Score};

use sagasu_analysis::schema::Fields;

use crate::matcher::Matcher;
use crate::options::SearchOptions;
use crate::query::{AnalyzedQuery, LeafKind};
use crate::results::{DocResult, Explain, PassageResult};
use crate::retrieve::{top_groups, top_passages, Matched};
use crate::snippet;
use crate::stored::StoredPassage;
use crate::text::DocText;

/// Candidate passages kept per document, to find its non-overlapping
/// snippets (the document view).
const CANDIDATES_PER_DOC: usize = 8;

/// Turns matched passages into results, on the snapshot the query ran on.
pub(crate) struct Assembler<'a> {
    /// The snapshot the query ran on.
    pub searcher: &'a tantivy::Searcher,
    /// The index's fields.
    pub fields: &'a Fields,
    /// What the snippets highlight.
    pub matcher: &'a Matcher,
    /// Approximate snippet length in characters.
    pub context: usize,
    /// Lines (before, after) instead of characters, if given.
    pub lines: Option<(usize, usize)>,
}

impl Assembler<'_> {
    /// The snippet of a passage: about `context` characters, or whole lines.
    pub(crate) fn snippet(&self, p: &StoredPassage) -> snippet::Snippet {
        self.style(1).cut(p)
    }

    /// With lines of context (`-A/-B/-C`): a snippet whose lines run past
    /// its passage's edge is cut again from the document's text, so that
    /// it holds every line asked for whichever of two overlapping passages
    /// scored best (feedback can make the one that ends at the match win).
    pub fn widen_lines(&self, results: &mut [DocResult]) -> Result<(), crate::SearchError> {
        let Some((before, after)) = self.lines else {
            return Ok(());
        };
        for r in results {
            let mut doc: Option<Option<DocText>> = None;
            for p in &mut r.passages {
                let short = (p.line_start > 1 && p.line.saturating_sub(before as u64) < p.line_start)
                    || p.line.saturating_add(after as u64) > p.line_end;
                if !short {
                    continue;
                }
                let loaded = match &mut doc {
                    Some(d) => d,
                    None => doc.insert(DocText::load(self.searcher, self.fields, &r.path)?),
                };
                let Some(text) = loaded.as_ref() else {
                    continue;
                };
                let s = snippet::lines_in(
                    text,
                    (p.byte as usize).min(text.text.len()),
                    self.matcher,
                    before,
                    after,
                );
                p.line = s.line;
                p.byte = s.anchor as u64;
                p.page = text.page_of(s.anchor);
                p.snippet = s.text;
                p.highlights = s.highlights;
            }
        }
        Ok(())
    }

    /// How this assembler cuts snippets, `snippets` per document.
    fn style(&self, snippets: usize) -> SnippetStyle<'_> {
        SnippetStyle {
            matcher: self.matcher,
            context: self.context,
            lines: self.lines,
            snippets,
        }
    }

    /// The documents of the requested page, best first, each with up to
    /// `opts.snippets` non-overlapping snippets; and the best passage.
    pub fn documents(
        &self,
        matched: &Matched,
        opts: &SearchOptions,
    ) -> Result<(Vec<DocResult>, Option<DocAddress>), crate::SearchError> {
        let need = opts.offset + opts.limit;
        let groups = top_groups(
            self.searcher,
            matched.query.as_ref(),
            need,
            CANDIDATES_PER_DOC,
            &matched.excluded,
        )?;
        let best = groups.first().and_then(|g| g.passages.first()).map(|p| p.1);
        let style = self.style(opts.snippets);
        let mut load = |addr: &DocAddress| StoredPassage::load(self.searcher, self.fields, *addr);
        let mut out = Vec::new();
        for (i, g) in groups.iter().enumerate().skip(opts.offset).take(opts.limit) {
            out.push(document_result(i + 1, &g.path, &g.passages, &style, &mut load)?);
        }
        Ok((out, best))
    }

    /// The passages of the requested page, best first whatever their
    /// document, each place once; and the best passage. Takes tantivy's
    /// top passages, widened until the page is full or every match is
    /// seen (see [`passage_results`]).
    pub fn passages(
        &self,
        matched: &Matched,
        opts: &SearchOptions,
    ) -> Result<(Vec<DocResult>, Option<DocAddress>), crate::SearchError> {
        let need = opts.offset + opts.limit;
        let all = (self.searcher.num_docs() as usize).max(1);
        let mut k = need.saturating_mul(2).clamp(64, all.max(64));
        let style = self.style(1);
        let load = |addr: &DocAddress| StoredPassage::load(self.searcher, self.fields, *addr);
        loop {
            let (candidates, exhausted) = top_passages(self.searcher, matched.query.as_ref(), k, &matched.excluded)?;
            let best = candidates.first().map(|p| p.addr);
            let ranked = candidates.iter().map(|c| (c.path.as_str(), c.score, &c.addr));
            let listed = passage_results(ranked, need, &style, &mut |a: &&DocAddress| load(a))?;
            if listed.len() >= need || exhausted || k >= all {
                return Ok((listed.into_iter().skip(opts.offset).collect(), best));
            }
            k = k.saturating_mul(4).min(all);
        }
    }
}

/// How snippets are cut and how many a document shows.
pub struct SnippetStyle<'a> {
    /// What the snippets highlight: the query's matches.
    pub matcher: &'a Matcher,
    /// Approximate snippet length in characters.
    pub context: usize,
    /// Lines (before, after) around the first highlight instead of
    /// characters, if given (`-A/-B/-C`).
    pub lines: Option<(usize, usize)>,
    /// Snippets per document.
    pub snippets: usize,
}

impl SnippetStyle<'_> {
    /// The snippet of one passage in this style.
    pub fn cut(&self, p: &StoredPassage) -> snippet::Snippet {
        let matches = self.matcher.find(&p.body);
        let s = snippet::make(&p.body, p.line_start, &matches, self.context);
        match self.lines {
            Some((before, after)) => snippet::lines_around(&p.body, p.line_start, &matches, &s, before, after),
            None => s,
        }
    }
}

/// The byte range of snippet `s` of passage `p` in its document.
fn range_of(p: &StoredPassage, s: &snippet::Snippet) -> (usize, usize) {
    (p.byte_start + s.range.0, p.byte_start + s.range.1)
}

/// The output form of passage `p` with its snippet `s`.
pub(crate) fn passage_result(p: &StoredPassage, s: snippet::Snippet, score: Score) -> PassageResult {
    let page = p.page_at(s.anchor);
    PassageResult {
        line_start: p.line_start,
        line_end: p.line_end,
        line: s.line,
        byte: (p.byte_start + s.anchor) as u64,
        page,
        ocr: p.read_by_ocr(page),
        score,
        snippet: s.text,
        highlights: s.highlights,
    }
}

/// One document of the results (rank `rank`, 1-based) from its passages,
/// best first (its score is the first's): up to `style.snippets` snippets,
/// a passage whose snippet overlaps one already shown skipped (a place is
/// listed once). `load` reads a passage's stored fields, only for the
/// passages shown or skipped; the title is the first loaded passage's.
///
/// Whatever found the passages (the local index, or another engine such
/// as Quickwit through `sagasu-quickwit`), documents are made here.
pub fn document_result<A, E>(
    rank: usize,
    path: &str,
    passages: &[(Score, A)],
    style: &SnippetStyle<'_>,
    load: &mut impl FnMut(&A) -> Result<StoredPassage, E>,
) -> Result<DocResult, E> {
    let mut title = String::new();
    let mut shown: Vec<(usize, usize)> = Vec::new();
    let mut out = Vec::new();
    for (score, addr) in passages {
        if out.len() >= style.snippets {
            break;
        }
        let p = load(addr)?;
        if title.is_empty() {
            title = p.title.clone();
        }
        let s = style.cut(&p);
        let range = range_of(&p, &s);
        if shown.iter().any(|r| r.0 < range.1 && range.0 < r.1) {
            continue;
        }
        shown.push(range);
        out.push(passage_result(&p, s, *score));
    }
    Ok(DocResult {
        rank,
        path: path.to_string(),
        title,
        score: passages.first().map_or(0.0, |p| p.0),
        passages: out,
        gone: false,
        duplicates: Vec::new(),
    })
}

/// The first `need` passages of `ranked` (path, score, passage; best
/// first), each a result of its own, ranked 1.. whatever their document.
///
/// Passages overlap (by about a tenth), so two of them can show the same
/// place: a passage whose snippet overlaps one already listed for its
/// document is skipped (the listed one scored better).
pub fn passage_results<'p, A, E>(
    ranked: impl IntoIterator<Item = (&'p str, Score, A)>,
    need: usize,
    style: &SnippetStyle<'_>,
    load: &mut impl FnMut(&A) -> Result<StoredPassage, E>,
) -> Result<Vec<DocResult>, E> {
    let mut listed: Vec<DocResult> = Vec::new();
    let mut shown: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (path, score, addr) in ranked {
        if listed.len() >= need {
            break;
        }
        let p = load(&addr)?;
        let s = style.cut(&p);
        let range = range_of(&p, &s);
        let places = shown.entry(path).or_default();
        if places.iter().any(|r| r.0 < range.1 && range.0 < r.1) {
            continue;
        }
        places.push(range);
        listed.push(DocResult {
            rank: listed.len() + 1,
            path: path.to_string(),
            passages: vec![passage_result(&p, s, score)],
            title: p.title,
            score,
            gone: false,
            duplicates: Vec::new(),
        });
    }
    Ok(listed)
}

impl Explain {
    /// How `q` was parsed and analyzed, the tantivy `query` that ran, and
    /// tantivy's scoring of the `best` passage.
    pub(crate) fn new(
        q: &AnalyzedQuery,
        query: &dyn Query,
        searcher: &tantivy::Searcher,
        best: Option<DocAddress>,
    ) -> Explain {
        // An explanation is a courtesy: a failure to explain must not fail the search.
        let top_hit = best.and_then(|addr| {
            query
                .explain(searcher, addr)
                .ok()
                .and_then(|e| serde_json::from_str(&e.to_pretty_json()).ok())
        });
        Explain {
            top_hit,
            ..Explain::of_query(q, format!("{query:?}"))
        }
    }

    /// How `q` was parsed and analyzed, and the `query` another engine
    /// ran for it (Quickwit: the query string, in tantivy's grammar),
    /// without a scoring explanation.
    pub fn of_query(q: &AnalyzedQuery, query: String) -> Explain {
        let mut analyzed = Vec::new();
        q.root.walk(&mut |leaf, _| {
            let folded = || {
                leaf.tokens
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let field = leaf.field;
            match leaf.kind {
                LeafKind::Words | LeafKind::Phrase { .. } => analyzed.push(format!("{field}:[{}]", folded())),
                LeafKind::Prefix => analyzed.push(format!("{field}:{}* (prefix)", folded())),
                LeafKind::Fuzzy { distance } => analyzed.push(format!("{field}:{}~{distance} (fuzzy)", folded())),
                LeafKind::Name { .. } => analyzed.push(format!("key:[{}] (romanization)", folded())),
                LeafKind::Glob => {}
            }
        });
        Explain {
            parsed: q.to_string(),
            analyzed,
            tantivy_query: query,
            top_hit: None,
        }
    }
}
