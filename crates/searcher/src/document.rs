//! The document view: the text of an indexed document around a line, with
//! a query's words highlighted and the places of all its matches in the
//! document, read back from the stored passages of one snapshot.
//!
//! Nothing here reads the file system: a document is found by its index key
//! (the `path` term), so only indexed documents can be shown, and they are
//! shown as indexed (decoded, line ends as `\n`).
//!
//! **Trap:** passages overlap, so the text is stitched by byte offset
//! (`byte_start` plus the passage's length), never by concatenation; and a
//! line may be far longer than a page (a 10 MB single-line file), so the
//! text shown is cut at [`MAX_VIEW_BYTES`] around the byte asked for.

use std::collections::BTreeMap;

use sagasu_analysis::safe::is_unsafe;
use sagasu_analysis::schema::{Fields, PASSAGE};
use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use crate::error::SearchError;
use crate::highlight::Highlighter;
use crate::query::{build, AnalyzedQuery, Conjunction};
use crate::search::Searcher;
use crate::stored::StoredPassage;

/// Most bytes of text a view holds (a long line is cut around its target).
pub const MAX_VIEW_BYTES: usize = 64 * 1024;
/// Most matches listed in [`DocumentView::hits`].
pub const MAX_HITS: usize = 1000;
/// Most matching passages read to list the hits.
const MAX_HIT_PASSAGES: usize = 1000;

/// Which part of which document to show.
#[derive(Debug, Clone)]
pub struct DocumentRequest<'a> {
    /// The document's index key (its path relative to the corpus, as in
    /// search results).
    pub path: &'a str,
    /// The line to show (1-based; clamped to the document).
    pub line: u64,
    /// A byte offset in the document to show (a result's `byte`): it
    /// locates a match inside a line too long to show whole.
    pub byte: Option<u64>,
    /// The query whose words to highlight (the query language).
    pub query: Option<&'a str>,
    /// Lines to show before `line`.
    pub before: u64,
    /// Lines to show after `line`.
    pub after: u64,
}

/// Part of a document, with its highlights and the places of every match.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The document's index key.
    pub path: String,
    /// Its title.
    pub title: String,
    /// Line (1-based) of the first line of `text`.
    pub line_start: u64,
    /// Line of the last line of `text`.
    pub line_end: u64,
    /// The document's last line.
    pub last_line: u64,
    /// Whether `text` begins inside a line (cut to [`MAX_VIEW_BYTES`]).
    pub cut_before: bool,
    /// Whether `text` ends inside a line.
    pub cut_after: bool,
    /// The text: lines separated by `\n`; control and bidi characters other
    /// than `\n` and tabs shown escaped (`\u{202e}`), as names are.
    pub text: String,
    /// Byte ranges of `text` that the query matches.
    pub highlights: Vec<(usize, usize)>,
    /// Every match of the query in the whole document, in order (at most
    /// [`MAX_HITS`]).
    pub hits: Vec<Hit>,
    /// Whether there were more matches than `hits` lists.
    pub hits_truncated: bool,
}

/// Where a query matches in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Line (1-based).
    pub line: u64,
    /// Byte offset in the document's decoded text.
    pub byte: u64,
}

impl Searcher {
    /// Part of the indexed document `req.path` around `req.line` (and
    /// `req.byte`), with `req.query`'s words highlighted; `None` when the
    /// index holds no document of that key. A malformed query is an error
    /// ([`SearchError::Syntax`]), as for [`Searcher::search`].
    pub fn document(&self, req: &DocumentRequest) -> Result<Option<DocumentView>, SearchError> {
        let analyzed = match req.query {
            Some(q) if !q.trim().is_empty() => Some(self.analyze(q)?),
            _ => None,
        };
        let searcher = self.reader.searcher();
        let docs = Passages {
            searcher: &searcher,
            fields: &self.fields,
        };
        let order = docs.of(&path_query(&self.fields, req.path))?;
        let Some(&last) = order.last() else {
            return Ok(None);
        };
        let last = docs.load(last)?;
        let line = req.line.clamp(1, last.line_end.max(1));
        let from = line.saturating_sub(req.before).max(1);
        let to = line.saturating_add(req.after);
        let target = req.byte.map(|b| b as usize);
        let low = target.map_or(0, |b| b.saturating_sub(MAX_VIEW_BYTES / 4));
        let first = docs.first_reaching(&order, from, low)?;
        let stitched = docs.stitch(&order[first..], to)?;
        let hl = analyzed.as_ref().map(Highlighter::new).unwrap_or_default();
        let mut view = stitched.window(from, to, target, &hl);
        view.path = req.path.to_string();
        view.title = last.title;
        view.last_line = last.line_end;
        if let Some(q) = &analyzed {
            (view.hits, view.hits_truncated) = docs.hits(q, &hl, req.path)?;
        }
        Ok(Some(view))
    }

    /// How many documents the index holds (each document's first passage
    /// counts it), in the snapshot the reader holds now.
    pub fn document_count(&self) -> Result<usize, SearchError> {
        let first = TermQuery::new(Term::from_field_u64(self.fields.passage, 0), IndexRecordOption::Basic);
        Ok(self.reader.searcher().search(&first, &Count)?)
    }
}

fn path_query(fields: &Fields, path: &str) -> TermQuery {
    TermQuery::new(Term::from_field_text(fields.path, path), IndexRecordOption::Basic)
}

/// Reads one document's passages from one snapshot.
struct Passages<'a> {
    searcher: &'a tantivy::Searcher,
    fields: &'a Fields,
}

impl Passages<'_> {
    /// The passages `query` matches, in document order (by their passage
    /// number: a file's passages may lie in several segments).
    fn of(&self, query: &dyn Query) -> Result<Vec<DocAddress>, SearchError> {
        let found = self.searcher.search(query, &DocSetCollector)?;
        let mut numbered = Vec::with_capacity(found.len());
        let mut columns = BTreeMap::new();
        for addr in found {
            let column = match columns.entry(addr.segment_ord) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    let reader = self.searcher.segment_reader(addr.segment_ord);
                    e.insert(reader.fast_fields().u64(PASSAGE)?)
                }
            };
            numbered.push((column.first(addr.doc_id).unwrap_or(0), addr));
        }
        numbered.sort_unstable();
        Ok(numbered.into_iter().map(|(_, a)| a).collect())
    }

    fn load(&self, addr: DocAddress) -> Result<StoredPassage, SearchError> {
        StoredPassage::load(self.searcher, self.fields, addr)
    }

    /// The index in `order` of the first passage that reaches line `from`
    /// and byte `low` (the last passage if none does): a binary search, so
    /// a document of many passages costs a few reads.
    fn first_reaching(&self, order: &[DocAddress], from: u64, low: usize) -> Result<usize, SearchError> {
        let (mut lo, mut hi) = (0, order.len() - 1);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let p = self.load(order[mid])?;
            if p.line_end >= from && p.byte_start + p.body.len() > low {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Ok(lo)
    }

    /// The text of `passages` (consecutive, in order) stitched by byte
    /// offset, up to the passage that starts after line `to`, or until
    /// it holds two views' worth of bytes past the first passage.
    fn stitch(&self, passages: &[DocAddress], to: u64) -> Result<Stitched, SearchError> {
        let mut s = Stitched::default();
        let mut budget = usize::MAX;
        for (i, &addr) in passages.iter().enumerate() {
            let p = self.load(addr)?;
            if i == 0 {
                s.byte_start = p.byte_start;
                s.line_start = p.line_start;
                budget = p.body.len() + 2 * MAX_VIEW_BYTES;
                s.text = p.body;
                continue;
            }
            if p.line_start > to {
                break;
            }
            if s.text.len() >= budget {
                s.cut_short = true;
                break;
            }
            let covered = s.byte_start + s.text.len();
            if p.byte_start > covered {
                // Passages overlap, so this does not happen; were it to, the
                // gap holds only blank lines: keep lines and bytes aligned.
                let lines = p
                    .line_start
                    .saturating_sub(s.line_start + s.text.matches('\n').count() as u64);
                let gap = p.byte_start - covered;
                s.text.extend(std::iter::repeat_n('\n', lines as usize));
                s.text
                    .extend(std::iter::repeat_n(' ', gap.saturating_sub(lines as usize)));
            }
            let covered = s.byte_start + s.text.len();
            if let Some(rest) = covered.checked_sub(p.byte_start).and_then(|k| p.body.get(k..)) {
                s.text.push_str(rest);
            }
        }
        Ok(s)
    }

    /// Every match of `q` in the document `path`: the passages where any
    /// of its words occurs, and the words `hl` finds in them.
    fn hits(&self, q: &AnalyzedQuery, hl: &Highlighter, path: &str) -> Result<(Vec<Hit>, bool), SearchError> {
        if hl.is_empty() {
            return Ok((Vec::new(), false));
        }
        let any = build(q, self.fields, Conjunction::Any)?.main;
        let query = BooleanQuery::new(vec![
            (Occur::Must, any),
            (Occur::Must, Box::new(path_query(self.fields, path))),
        ]);
        let order = self.of(&query)?;
        let mut truncated = order.len() > MAX_HIT_PASSAGES;
        let mut hits: BTreeMap<u64, u64> = BTreeMap::new();
        for &addr in order.iter().take(MAX_HIT_PASSAGES) {
            let p = self.load(addr)?;
            let (mut line, mut counted) = (p.line_start, 0);
            for span in hl.spans(&p.body) {
                line += p.body[counted..span.start].matches('\n').count() as u64;
                counted = span.start;
                hits.insert((p.byte_start + span.start) as u64, line);
            }
        }
        if hits.len() > MAX_HITS {
            truncated = true;
        }
        let hits = hits
            .into_iter()
            .take(MAX_HITS)
            .map(|(byte, line)| Hit { line, byte })
            .collect();
        Ok((hits, truncated))
    }
}

/// Consecutive passages of a document as one text.
#[derive(Default)]
struct Stitched {
    text: String,
    /// Byte offset of `text` in the document.
    byte_start: usize,
    /// Line of `text`'s first byte.
    line_start: u64,
    /// Whether `text` stopped short of line `to` (too many bytes).
    cut_short: bool,
}

impl Stitched {
    /// Lines `from..=to` of the text (as much of them as it holds), cut to
    /// [`MAX_VIEW_BYTES`] around `target` (a byte of the document) or from
    /// the start of line `from`, with `hl`'s matches.
    fn window(&self, from: u64, to: u64, target: Option<usize>, hl: &Highlighter) -> DocumentView {
        let text = self.text.as_str();
        let from = from.max(self.line_start);
        let line_offset = |line: u64| -> usize {
            let skip = line.saturating_sub(self.line_start) as usize;
            if skip == 0 {
                return 0;
            }
            text.match_indices('\n')
                .nth(skip - 1)
                .map_or(text.len(), |(i, _)| i + 1)
        };
        let mut start = line_offset(from);
        let mut end = text[start..]
            .match_indices('\n')
            .nth(to.saturating_sub(from) as usize)
            .map_or(text.len(), |(i, _)| start + i);
        if end - start > MAX_VIEW_BYTES {
            let at = target.map_or(start, |b| b.saturating_sub(self.byte_start).clamp(start, end));
            let lo = at.saturating_sub(MAX_VIEW_BYTES / 4).max(start);
            start = floor_char(text, lo);
            end = floor_char(text, (start + MAX_VIEW_BYTES).min(end));
        }
        let cut_before = start > 0 && !text[..start].ends_with('\n');
        let cut_after = (end < text.len() && !text[end..].starts_with('\n')) || (end == text.len() && self.cut_short);
        let window = &text[start..end];
        let line_start = self.line_start + text[..start].matches('\n').count() as u64;
        let spans: Vec<(usize, usize)> = hl.spans(window).iter().map(|s| (s.start, s.end)).collect();
        let (shown, highlights) = shown(window, &spans);
        DocumentView {
            path: String::new(),
            title: String::new(),
            line_start,
            line_end: line_start + window.matches('\n').count() as u64,
            last_line: 0,
            cut_before,
            cut_after,
            text: shown,
            highlights,
            hits: Vec::new(),
            hits_truncated: false,
        }
    }
}

/// The largest char boundary of `s` at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `text` with every unsafe character but `\n` and tab shown escaped, and
/// `ranges` (sorted byte ranges of `text`) moved to match.
fn shown(text: &str, ranges: &[(usize, usize)]) -> (String, Vec<(usize, usize)>) {
    if !text.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t') {
        return (text.to_string(), ranges.to_vec());
    }
    let mut out = String::with_capacity(text.len() + 16);
    // Where each byte of `text` went, for its char boundaries.
    let mut moved = vec![0usize; text.len() + 1];
    for (i, c) in text.char_indices() {
        moved[i] = out.len();
        if is_unsafe(c) && c != '\n' && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    moved[text.len()] = out.len();
    (out, ranges.iter().map(|&(a, b)| (moved[a], moved[b])).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_shown_escaped_and_highlights_follow() {
        let text = "a\u{202e}b Satō\n\tc\u{1b}[1m Satō";
        let ranges: Vec<(usize, usize)> = text.match_indices("Satō").map(|(i, w)| (i, i + w.len())).collect();
        assert_eq!(ranges.len(), 2);
        let (out, moved) = shown(text, &ranges);
        assert_eq!(out, "a\\u{202e}b Satō\n\tc\\u{1b}[1m Satō");
        for (a, b) in moved {
            assert_eq!(&out[a..b], "Satō");
        }
    }

    fn stitched(text: &str, line_start: u64) -> Stitched {
        Stitched {
            text: text.to_string(),
            byte_start: 100,
            line_start,
            cut_short: false,
        }
    }

    #[test]
    fn a_window_is_whole_lines_from_to() {
        let s = stitched("one\ntwo\nthree\nfour\nfive", 10);
        let v = s.window(11, 13, None, &Highlighter::default());
        assert_eq!(v.text, "two\nthree\nfour");
        assert_eq!((v.line_start, v.line_end), (11, 13));
        assert!(!v.cut_before && !v.cut_after);
        let v = s.window(1, 11, None, &Highlighter::default());
        assert_eq!((v.text.as_str(), v.line_start, v.line_end), ("one\ntwo", 10, 11));
        let v = s.window(14, 99, None, &Highlighter::default());
        assert_eq!((v.text.as_str(), v.line_start, v.line_end), ("five", 14, 14));
    }

    #[test]
    fn a_long_line_is_cut_around_the_target_byte() {
        let line = "word ".repeat(MAX_VIEW_BYTES); // 5 × 64 KiB on one line
        let s = stitched(&format!("title\n{line}\nlast"), 1);
        let target = 100 + 6 + 3 * MAX_VIEW_BYTES;
        let v = s.window(1, 3, Some(target), &Highlighter::default());
        assert!(v.text.len() <= MAX_VIEW_BYTES);
        assert!(v.cut_before && v.cut_after);
        assert_eq!((v.line_start, v.line_end), (2, 2));
        // The target lies inside, a quarter of a view from the start.
        let start = target - 100 - MAX_VIEW_BYTES / 4;
        assert_eq!(v.text, s.text[start..start + MAX_VIEW_BYTES]);
    }
}
