//! The document view: a document's lines around a match, every query word
//! marked, and links through its other matches.

use maud::{html, Markup};
use sagasu_analysis::safe::escape_unsafe;
use sagasu_analysis::script::lang_of;
use sagasu_searcher::{DocumentView, Hit};

use super::{doc_url, file_url, marked, search_url, thousands};
use crate::params::DocParams;

/// Matches listed in the "all matches" list at most (the rest are reached
/// with next and previous).
const LISTED_HITS: usize = 200;

/// The body of the document view; `gone`: its file is no longer in the
/// corpus folder (the text shown is the index's copy).
pub fn document_page(p: &DocParams, v: &DocumentView, gone: bool) -> Markup {
    let q = p.q.as_deref().unwrap_or("");
    let path = escape_unsafe(&v.path);
    let title = if v.title.trim().is_empty() {
        path.as_ref()
    } else {
        v.title.as_str()
    };
    let at = Position::of(&v.hits, p);
    html! {
        article #document {
            @if !q.is_empty() {
                p.back { a href=(search_url(q, 0, false, true)) { "← Results for " q { (escape_unsafe(q)) } } }
            }
            h1 lang=[lang_of(title)] { (title) }
            p.meta {
                span.path { (path) }
                " · lines " (thousands(v.line_start)) "–" (thousands(v.line_end))
                " of " (thousands(v.last_line))
                @if let (Some(first), Some(last), Some(all)) = (v.page_start, v.page_end, v.last_page) {
                    " · " @if first == last { "page " (thousands(first)) } @else { "pages " (thousands(first)) "–" (thousands(last)) }
                    " of " (thousands(all))
                }
            }
            @if gone {
                p.gone-note {
                    strong.gone { "Deleted since it was indexed:" }
                    " the file is no longer in the folder; this is the index's copy of its text."
                }
            }
            @if let Some(page) = v.page {
                p.open {
                    a href=(file_url(&v.path, page)) target="_blank" rel="noopener" {
                        "Open the PDF at page " (thousands(page))
                    }
                }
            }
            @if !q.is_empty() { (hit_nav(v, q, at)) }
            @if v.line_start > 1 || v.cut_before {
                p.more { a href=(doc_url(&v.path, v.line_start.saturating_sub(1).max(1), None, q)) { "↑ Earlier lines" } }
            }
            (lines(v, p.line))
            @if v.line_end < v.last_line || v.cut_after {
                p.more { a href=(doc_url(&v.path, v.line_end + 1, None, q)) { "↓ Later lines" } }
            }
        }
    }
}

/// Where the view stands among the document's matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// At match `i`: the byte asked for, or the first match on the line.
    At(usize),
    /// Before match `i`, after the ones before it.
    Before(usize),
    /// After every match.
    AfterAll,
}

impl Position {
    fn of(hits: &[Hit], p: &DocParams) -> Position {
        if let Some(i) = p.byte.and_then(|b| hits.iter().position(|h| h.byte == b)) {
            return Position::At(i);
        }
        match hits.iter().position(|h| h.line >= p.line) {
            Some(i) if hits[i].line == p.line => Position::At(i),
            Some(i) => Position::Before(i),
            None => Position::AfterAll,
        }
    }

    fn prev(self, n: usize) -> Option<usize> {
        match self {
            Position::At(i) | Position::Before(i) => i.checked_sub(1),
            Position::AfterAll => n.checked_sub(1),
        }
    }

    fn next(self, n: usize) -> Option<usize> {
        match self {
            Position::At(i) => (i + 1 < n).then_some(i + 1),
            Position::Before(i) => Some(i),
            Position::AfterAll => None,
        }
    }
}

fn hit_nav(v: &DocumentView, q: &str, at: Position) -> Markup {
    let n = v.hits.len();
    let link = |h: &Hit| doc_url(&v.path, h.line, Some(h.byte), q);
    html! {
        nav.hits aria-label="Matches in this document" {
            @if n == 0 {
                span.count { "No match of the query in this document." }
            } @else {
                span.count {
                    @if let Position::At(i) = at { "Match " (i + 1) " of " } @else { "Matches: " }
                    (thousands(n as u64)) @if v.hits_truncated { "+" }
                }
                @if let Some(i) = at.prev(n) {
                    a rel="prev" data-key="prev" href=(link(&v.hits[i])) { "← Previous" }
                }
                @if let Some(i) = at.next(n) {
                    a rel="next" data-key="next" href=(link(&v.hits[i])) { "Next →" }
                }
                details.all {
                    summary { "All matches" }
                    ol.hitlist {
                        @for (i, h) in v.hits.iter().take(LISTED_HITS).enumerate() {
                            li {
                                a href=(link(h)) aria-current=[(at == Position::At(i)).then_some("true")] {
                                    "line " (thousands(h.line))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The text, one row per line with its number, a separator before each
/// new page; marks cut at line ends. Each line carries the `lang` its
/// script tells, so that the browser picks a Korean, Japanese or Chinese
/// font for it (as the snippets of the results do).
fn lines(v: &DocumentView, target: u64) -> Markup {
    let mut rows = Vec::new();
    let mut offset = 0;
    let mut breaks = v.page_breaks.iter().peekable();
    for (i, line) in v.text.split('\n').enumerate() {
        let (start, end) = (offset, offset + line.len());
        offset = end + 1;
        let marks: Vec<(usize, usize)> = v
            .highlights
            .iter()
            .filter(|&&(a, b)| a < end && b > start)
            .map(|&(a, b)| (a.max(start) - start, b.min(end) - start))
            .collect();
        // A page that starts on this line (pdftotext starts a page on a
        // line of its own) is announced before it.
        let mut page = None;
        while let Some(b) = breaks.next_if(|b| b.byte <= end) {
            page = Some(b.page);
        }
        rows.push((v.line_start + i as u64, line, marks, page));
    }
    let last = rows.len().saturating_sub(1);
    html! {
        div.text role="region" aria-label="Document text" {
            @for (i, (n, line, marks, page)) in rows.iter().enumerate() {
                @if let Some(page) = page {
                    div.pagebreak role="separator" id=(format!("page{page}")) { "Page " (thousands(*page)) }
                }
                div.line.target[*n == target] id=(format!("L{n}")) {
                    a.ln href=(format!("#L{n}")) aria-hidden="true" tabindex="-1" { (n) }
                    span.lt lang=[lang_of(line)] {
                        @if i == 0 && v.cut_before { span.cut { "…" } }
                        (marked(line, marks))
                        @if i == last && v.cut_after { span.cut { "…" } }
                    }
                }
            }
        }
    }
}
