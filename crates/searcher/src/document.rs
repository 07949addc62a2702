//! The document view: the text of an indexed document around a line, with
//! a query's matches highlighted, the places of all its matches in the
//! document, and its pages.
//!
//! Nothing here reads the file system: a document is found by its index key
//! (the `path` term) and read as indexed ([`DocText`]); its matches are the
//! [`Matcher`]'s, the same list `--every` prints, so "match 3 of 12" counts
//! what `sagasu search --every` lists.
//!
//! **Trap:** a line may be far longer than a page (a 10 MB single-line
//! file), so the text shown is cut at [`MAX_VIEW_BYTES`] around the byte
//! asked for.

use sagasu_analysis::safe::is_unsafe;
use sagasu_analysis::schema::Fields;
use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::error::SearchError;
use crate::matcher::{join_touching, Match, Matcher};
use crate::query::ExpansionKind;
use crate::search::Searcher;
use crate::text::DocText;

/// Most bytes of text a view holds (a long line is cut around its target).
pub const MAX_VIEW_BYTES: usize = 64 * 1024;
/// Most matches listed in [`DocumentView::hits`].
pub const MAX_HITS: usize = 1000;

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
    /// The text: lines separated by `\n`; page breaks left out (see
    /// `page_breaks`); control and bidi characters other than `\n` and
    /// tabs shown escaped (`\u{202e}`), as names are.
    pub text: String,
    /// Byte ranges of `text` that the query matches (each word of a
    /// match: adjacent ones are separate ranges).
    pub highlights: Vec<(usize, usize)>,
    /// For a paged document (PDF), the page of the line (or byte) asked
    /// for: the page to open the file at; `null` for documents without
    /// pages.
    pub page: Option<u64>,
    /// For a paged document, the page of the first byte of `text`.
    pub page_start: Option<u64>,
    /// For a paged document, the last page `text` reaches.
    pub page_end: Option<u64>,
    /// The document's last page, for a paged document.
    pub last_page: Option<u64>,
    /// Where a new page starts in `text`: its byte offset and number.
    pub page_breaks: Vec<PageBreak>,
    /// Every match of the query in the whole document, in order (at most
    /// [`MAX_HITS`]): what `sagasu search --every` lists for it.
    pub hits: Vec<Hit>,
    /// Whether there were more matches than `hits` lists.
    pub hits_truncated: bool,
}

/// A page break in a view's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageBreak {
    /// Byte offset in the view's `text` where the page starts.
    pub byte: usize,
    /// The page's number (1-based).
    pub page: u64,
}

/// Where a query matches in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Line (1-based).
    pub line: u64,
    /// Byte offset in the document's decoded text.
    pub byte: u64,
    /// Page, for a paged document.
    pub page: Option<u64>,
    /// The expansion that found it (`null`: the query's words as typed).
    pub kind: Option<ExpansionKind>,
}

impl Searcher {
    /// Part of the indexed document `req.path` around `req.line` (and
    /// `req.byte`), with `req.query`'s matches highlighted; `None` when the
    /// index holds no document of that key. A malformed query is an error
    /// ([`SearchError::Syntax`]), as for [`Searcher::search`].
    pub fn document(&self, req: &DocumentRequest) -> Result<Option<DocumentView>, SearchError> {
        let matcher = match req.query {
            Some(q) if !q.trim().is_empty() => Matcher::new(&self.analyze(q)?),
            _ => Matcher::default(),
        };
        let searcher = self.reader.searcher();
        let Some(doc) = DocText::load(&searcher, &self.fields, req.path)? else {
            return Ok(None);
        };
        let matches = matcher.find(&doc.text);
        let mut view = window(&doc, req, &matches);
        view.path = req.path.to_string();
        view.hits_truncated = matches.len() > MAX_HITS;
        view.hits = matches
            .iter()
            .take(MAX_HITS)
            .map(|m| {
                let place = doc.place(m.start);
                Hit {
                    line: place.line,
                    byte: m.start as u64,
                    page: place.page,
                    kind: m.kind,
                }
            })
            .collect();
        Ok(Some(view))
    }

    /// How many documents the index holds (each document's first passage
    /// counts it), in the snapshot the reader holds now.
    pub fn document_count(&self) -> Result<usize, SearchError> {
        let first = TermQuery::new(Term::from_field_u64(self.fields.passage, 0), IndexRecordOption::Basic);
        Ok(self.reader.searcher().search(&first, &Count)?)
    }

    /// Whether the index holds the document `path` (its key), and whether
    /// it has pages (a PDF): what `sagasu serve` checks before it serves
    /// the document's file.
    pub fn indexed(&self, path: &str) -> Result<Option<Indexed>, SearchError> {
        Ok(indexed(&self.reader.searcher(), &self.fields, path)?)
    }
}

/// What the index says of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexed {
    /// Its key (path relative to the corpus) as the index stores it: what
    /// a file is opened by, never the text of a request.
    pub path: String,
    /// Whether it has pages (a PDF).
    pub paged: bool,
}

fn indexed(searcher: &tantivy::Searcher, fields: &Fields, path: &str) -> tantivy::Result<Option<Indexed>> {
    use tantivy::schema::Value;
    let q = TermQuery::new(Term::from_field_text(fields.path, path), IndexRecordOption::Basic);
    let top = searcher.search(&q, &tantivy::collector::TopDocs::with_limit(1).order_by_score())?;
    let Some(&(_, addr)) = top.first() else {
        return Ok(None);
    };
    let doc: tantivy::TantivyDocument = searcher.doc(addr)?;
    let Some(stored) = doc.get_first(fields.path).and_then(|v| v.as_str()) else {
        return Ok(None);
    };
    Ok(Some(Indexed {
        path: stored.to_string(),
        paged: doc.get_first(fields.page).and_then(|v| v.as_u64()).is_some(),
    }))
}

/// Lines `line - before ..= line + after` of `doc` (as much of them as
/// [`MAX_VIEW_BYTES`] holds, around the byte asked for), with the parts of
/// `matches` on them.
fn window(doc: &DocText, req: &DocumentRequest, matches: &[Match]) -> DocumentView {
    let text = doc.text.as_str();
    let line = req.line.clamp(1, doc.line_count());
    let from = line.saturating_sub(req.before).max(1);
    let to = line.saturating_add(req.after).min(doc.line_count());
    let lines = doc.lines_range(from, to);
    let (mut start, mut end) = (lines.start, lines.end);
    if end - start > MAX_VIEW_BYTES {
        let at = req.byte.map_or(start, |b| (b as usize).clamp(start, end));
        start = floor_char(text, at.saturating_sub(MAX_VIEW_BYTES / 4).max(start));
        end = floor_char(text, (start + MAX_VIEW_BYTES).min(end));
    }
    let marks = join_touching(
        matches
            .iter()
            .filter(|m| m.end > start && m.start < end)
            .flat_map(|m| m.parts.iter())
            .map(|&(a, b)| (a.max(start) - start, b.min(end).max(start) - start))
            .filter(|(a, b)| a < b),
    );
    let window = &text[start..end];
    let shown = Shown::of(window, &marks);
    let page_start = doc.page_of(start);
    let page = match req.byte {
        Some(b) => doc.page_of((b as usize).min(text.len())),
        None => doc.page_of_line(line),
    };
    DocumentView {
        page,
        path: String::new(),
        title: doc.title.clone(),
        line_start: doc.line_of(start),
        line_end: doc.line_of(end),
        last_line: doc.line_count(),
        cut_before: start > 0 && !text[..start].ends_with('\n'),
        cut_after: end < text.len() && !text[end..].starts_with('\n'),
        text: shown.text,
        highlights: shown.ranges,
        page_start,
        page_end: page_start.map(|p| p + shown.breaks.len() as u64),
        last_page: doc.page_of(text.len()),
        page_breaks: shown
            .breaks
            .iter()
            .enumerate()
            .map(|(i, &byte)| PageBreak {
                byte,
                page: page_start.unwrap_or(1) + i as u64 + 1,
            })
            .collect(),
        hits: Vec::new(),
        hits_truncated: false,
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

/// A window's text as shown.
#[derive(Debug, PartialEq, Eq)]
struct Shown {
    /// Every unsafe character but `\n` and tab shown escaped, form feeds
    /// left out.
    text: String,
    /// The ranges asked for, moved to match.
    ranges: Vec<(usize, usize)>,
    /// Where each form feed was (the start of the next page).
    breaks: Vec<usize>,
}

impl Shown {
    /// `text` shown, with `ranges` (sorted byte ranges of `text`) moved to
    /// match.
    fn of(text: &str, ranges: &[(usize, usize)]) -> Shown {
        let plain = |c: char| !is_unsafe(c) || c == '\n' || c == '\t';
        if text.chars().all(plain) {
            return Shown {
                text: text.to_string(),
                ranges: ranges.to_vec(),
                breaks: Vec::new(),
            };
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut breaks = Vec::new();
        // Where each byte of `text` went, for its char boundaries.
        let mut moved = vec![0usize; text.len() + 1];
        for (i, c) in text.char_indices() {
            moved[i] = out.len();
            if c == '\x0c' {
                breaks.push(out.len());
            } else if plain(c) {
                out.push(c);
            } else {
                out.extend(c.escape_default());
            }
        }
        moved[text.len()] = out.len();
        Shown {
            text: out,
            ranges: ranges.iter().map(|&(a, b)| (moved[a], moved[b])).collect(),
            breaks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_shown_escaped_page_breaks_apart_and_highlights_follow() {
        let text = "a\u{202e}b Satō\n\x0c\tc\u{1b}[1m Satō";
        let ranges: Vec<(usize, usize)> = text.match_indices("Satō").map(|(i, w)| (i, i + w.len())).collect();
        assert_eq!(ranges.len(), 2);
        let shown = Shown::of(text, &ranges);
        assert_eq!(shown.text, "a\\u{202e}b Satō\n\tc\\u{1b}[1m Satō");
        assert_eq!(shown.breaks, [shown.text.find('\t').unwrap()]);
        for (a, b) in shown.ranges {
            assert_eq!(&shown.text[a..b], "Satō");
        }
    }

    fn request(line: u64, before: u64, after: u64, byte: Option<u64>) -> DocumentRequest<'static> {
        DocumentRequest {
            path: "p",
            line,
            byte,
            query: None,
            before,
            after,
        }
    }

    #[test]
    fn a_window_is_whole_lines_around_the_line() {
        let doc = DocText::new("one\ntwo\nthree\nfour\nfive".into(), false, String::new());
        let v = window(&doc, &request(3, 1, 1, None), &[]);
        assert_eq!(v.text, "two\nthree\nfour");
        assert_eq!((v.line_start, v.line_end, v.last_line), (2, 4, 5));
        assert!(!v.cut_before && !v.cut_after);
        let v = window(&doc, &request(1, 5, 1, None), &[]);
        assert_eq!((v.text.as_str(), v.line_start, v.line_end), ("one\ntwo", 1, 2));
        let v = window(&doc, &request(99, 0, 9, None), &[]);
        assert_eq!((v.text.as_str(), v.line_start, v.line_end), ("five", 5, 5));
        assert_eq!(v.page_start, None);
    }

    #[test]
    fn pages_are_counted_and_their_breaks_placed() {
        let doc = DocText::new("p1 a\np1 b\n\x0cp2 a\n\x0cp3 a\nend".into(), true, String::new());
        let v = window(&doc, &request(2, 0, 2, None), &[]);
        assert_eq!(v.text, "p1 b\np2 a\np3 a");
        assert_eq!((v.page_start, v.page_end, v.last_page), (Some(1), Some(3), Some(3)));
        assert_eq!(
            v.page_breaks,
            [PageBreak { byte: 5, page: 2 }, PageBreak { byte: 10, page: 3 }]
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_target_byte() {
        let line = "word ".repeat(MAX_VIEW_BYTES); // 5 × 64 KiB on one line
        let doc = DocText::new(format!("title\n{line}\nlast"), false, String::new());
        let target = 6 + 3 * MAX_VIEW_BYTES;
        let v = window(&doc, &request(2, 1, 1, Some(target as u64)), &[]);
        assert!(v.text.len() <= MAX_VIEW_BYTES);
        assert!(v.cut_before && v.cut_after);
        assert_eq!((v.line_start, v.line_end), (2, 2));
        // The target lies inside, a quarter of a view from the start.
        let start = target - MAX_VIEW_BYTES / 4;
        assert_eq!(v.text, doc.text[start..start + MAX_VIEW_BYTES]);
    }
}
