//! The search page: the home page, results, and errors.

use maud::{html, Markup};
use sagasu_analysis::safe::escape_unsafe;
use sagasu_analysis::script::lang_of;
use sagasu_searcher::{DocResult, Expansion, ExpansionKind, PassageResult, SearchResults, Suggestion};

use super::{doc_url, marked, search_url, thousands};
use crate::params::SearchParams;

/// The body of the search page: the syntax help when there is no query,
/// else the results of `res`.
pub fn search_page(p: &SearchParams, res: Option<&SearchResults>) -> Markup {
    let Some(res) = res else {
        return home();
    };
    let opts = &p.options;
    let what = if opts.passages { "passage" } else { "document" };
    let shown = res.results.len();
    html! {
        section #results aria-live="polite" {
            @if res.total_documents == 0 {
                p.summary { "No document matches " q { (escape_unsafe(&p.q)) } "." }
                (suggestions(&p.q, &res.suggestions, opts.passages, opts.feedback.is_some()))
            } @else {
                p.summary {
                    (thousands(res.total_documents as u64)) " " (plural(res.total_documents, "document"))
                    " " (plural_verb(res.total_documents)) " "
                    @if shown > 0 {
                        "· " (what) "s " (opts.offset + 1) "–" (opts.offset + shown) " shown"
                    } @else {
                        "· none on this page"
                    }
                }
            }
            @if res.fallback {
                p.notice role="note" { "No passage has all the words: showing passages with any of them." }
            }
            @if !res.expansions.is_empty() {
                ul.expansions aria-label="Also searched" {
                    @for e in &res.expansions { li { (expansion(e)) } }
                }
            }
            @if shown > 0 {
                ol.results start=(opts.offset + 1) {
                    @for doc in &res.results { (result(doc, &p.q)) }
                }
                (pager(p, res.total_documents, shown))
            }
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn plural_verb(n: usize) -> &'static str {
    if n == 1 {
        "matches"
    } else {
        "match"
    }
}

fn result(doc: &DocResult, q: &str) -> Markup {
    let first = doc.passages.first();
    let href = doc_url(&doc.path, first.map_or(1, |p| p.line), first.map(|p| p.byte), q);
    let path = escape_unsafe(&doc.path);
    let title = if doc.title.trim().is_empty() {
        path.as_ref()
    } else {
        doc.title.as_str()
    };
    html! {
        li.result.gone[doc.gone] {
            h2 { a href=(href) lang=[lang_of(title)] { (title) } }
            p.meta {
                span.path { (path) }
                @if doc.gone {
                    " · " strong.gone { "deleted since it was indexed" }
                }
                " · " span.score title="BM25 score of the best passage" { "score " (format!("{:.2}", doc.score)) }
            }
            @if !doc.passages.is_empty() {
                ul.snippets {
                    @for p in &doc.passages { li { (snippet(&doc.path, &path, p, q)) } }
                }
            }
        }
    }
}

fn snippet(key: &str, shown_path: &str, p: &PassageResult, q: &str) -> Markup {
    html! {
        a.snippet href=(doc_url(key, p.line, Some(p.byte), q)) {
            // As the CLI prints it: the page of a paged document, else the line.
            @if let Some(page) = p.page {
                span.loc { (shown_path) "#page=" (page) }
            } @else {
                span.loc { (shown_path) ":" (p.line) }
            }
            @if p.ocr {
                " " span.ocr title="read by OCR from a scan: the spelling may be wrong" { "(ocr)" }
            }
            " "
            // The script tells the language: a Han character takes its
            // Korean, Japanese or Chinese form.
            span.frag lang=[lang_of(&p.snippet)] { (marked(&p.snippet, &p.highlights)) }
        }
    }
}

fn expansion(e: &Expansion) -> Markup {
    // An alias group lists the name typed too: say only the others.
    let names: Vec<String> = e
        .names
        .iter()
        .filter(|n| e.kind != ExpansionKind::Alias || !n.eq_ignore_ascii_case(&e.matched))
        .map(|n| escape_unsafe(n).into_owned())
        .collect();
    html! {
        q { (escape_unsafe(&e.matched)) }
        @match e.kind {
            ExpansionKind::Alias => { " also searched as " (names.join(" · ")) " " span.kind { "alias" } }
            ExpansionKind::NameOrder => { " also in the order " (names.join(" · ")) " " span.kind { "name order" } }
            ExpansionKind::McCuneReischauer => {
                " also as McCune–Reischauer without breves " span.kind title=(format!("keys searched: {}", names.join(", "))) { "McCune–Reischauer" }
            }
            ExpansionKind::Hanja => {
                " also read as Korean " span.kind title=(format!("keys searched: {}", names.join(", "))) { "hanja" }
            }
            ExpansionKind::WadeGiles => {
                " also as " (names.join(" · ")) " " span.kind { "Wade–Giles" }
            }
            ExpansionKind::Romanization => {
                " also in other romanizations " span.kind title=(format!("keys searched: {}", names.join(", "))) { "romanization" }
            }
        }
    }
}

fn suggestions(q: &str, suggestions: &[Suggestion], passages: bool, feedback: bool) -> Markup {
    html! {
        @if !suggestions.is_empty() {
            p.didyoumean {
                "Did you mean "
                @for (i, s) in suggestions.iter().enumerate() {
                    @if i > 0 { ", " }
                    @for (j, term) in s.terms.iter().enumerate() {
                        @if j > 0 { " or " }
                        a href=(search_url(&q.replacen(&s.word, term, 1), 0, passages, feedback)) { (escape_unsafe(term)) }
                    }
                    " (for " q { (escape_unsafe(&s.word)) } ")"
                }
                "?"
            }
        }
    }
}

fn pager(p: &SearchParams, total: usize, shown: usize) -> Markup {
    let (offset, limit) = (p.options.offset, p.options.limit.max(1));
    let prev = (offset > 0).then(|| offset.saturating_sub(limit));
    // Past MAX_DEPTH the API refuses: the last page is the deepest one.
    let next = (offset + shown < total && offset + shown + limit <= crate::params::MAX_DEPTH).then_some(offset + shown);
    html! {
        @if prev.is_some() || next.is_some() {
            nav.pager aria-label="Pages" {
                @if let Some(o) = prev {
                    a rel="prev" data-key="prev" href=(search_url(&p.q, o, p.options.passages, p.options.feedback.is_some())) { "← Previous" }
                }
                span { "Page " (offset / limit + 1) " of " (total.div_ceil(limit).max(1)) }
                @if let Some(o) = next {
                    a rel="next" data-key="next" href=(search_url(&p.q, o, p.options.passages, p.options.feedback.is_some())) { "Next →" }
                }
            }
        }
    }
}

/// A query or parameter the server cannot run: what is wrong, with a caret
/// under the column when there is one.
pub fn error_page(q: &str, message: &str, column: Option<usize>) -> Markup {
    html! {
        section #results.error role="alert" aria-live="polite" {
            p.summary { (message) }
            @if let Some(col) = column {
                pre.caret aria-hidden="true" {
                    (escape_unsafe(q)) "\n" (" ".repeat(col.saturating_sub(1))) "^"
                }
            }
        }
    }
}

fn home() -> Markup {
    html! {
        section #results.home aria-live="polite" {
            h1 { "Search the folder" }
            p.lead {
                "Words find passages that hold them all (or any of them, when none has all). "
                "Names match in any spelling and romanization. Each result links to the document, opened at the match."
            }
            table.syntax {
                caption { "Query syntax" }
                tbody {
                    @for (example, meaning) in SYNTAX {
                        tr { td { code { a href=(search_url(example, 0, false, true)) { (example) } } } td { (meaning) } }
                    }
                }
            }
        }
    }
}

/// The CLI's query syntax, by example.
const SYNTAX: &[(&str, &str)] = &[
    ("security cooperation", "all words in one passage (else any word)"),
    ("\"joint declaration\"", "a phrase; \"…\"~3 allows 3 words between"),
    ("Koizumi -Yasukuni", "leave out documents with a word"),
    ("Takeshima OR Dokdo", "either; AND, ( ) and +word also work"),
    ("title:Korea", "a field: title, body, or path"),
    ("path:004* Obuchi", "documents whose path matches a pattern"),
    ("Nordpol*", "words that start so"),
    ("Ishbia~1", "words within 1 edit (~ alone: 2)"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind of expansion says its own tag on the page.
    #[test]
    fn expansions_are_tagged_by_kind() {
        for (kind, tag) in [
            (ExpansionKind::Alias, "alias"),
            (ExpansionKind::Romanization, "romanization"),
            (ExpansionKind::McCuneReischauer, "McCune–Reischauer"),
            (ExpansionKind::Hanja, "hanja"),
            (ExpansionKind::NameOrder, "name order"),
        ] {
            let e = Expansion {
                matched: "金大中".into(),
                names: vec!["kim taecunk".into()],
                kind,
            };
            let html = expansion(&e).into_string();
            assert!(html.contains(&format!(">{tag}</span>")), "{kind:?}: {html}");
            assert!(html.starts_with("<q>金大中</q>"), "{html}");
        }
    }
}
