//! The pages, as maud templates: every `(expression)` is HTML-escaped, so
//! a document's text, a file name or a query can only ever be text.
//! Nothing here uses `PreEscaped`.
//!
//! Strings from files also go through `sagasu_analysis::safe` (paths and
//! names shown escaped, prose with its control and bidi characters
//! dropped): escaping stops markup, not a right-to-left override that makes
//! a name read backwards.

mod document;
mod search;

use maud::{html, Markup, DOCTYPE};
use sagasu_analysis::safe::escape_unsafe;
use sagasu_searcher::matcher::join_touching;

use std::time::SystemTime;

use crate::assets;
use crate::status::utc;

pub use document::document_page;
pub use search::{error_page, search_page};

/// What every page shows around its content.
pub struct Frame<'a> {
    /// The page title (before "— sagasu").
    pub title: &'a str,
    /// The query, to keep in the search box.
    pub q: &'a str,
    /// Whether the passages box is ticked.
    pub passages: bool,
    /// Whether feedback runs (the "no feedback" box unticked).
    pub feedback: bool,
    /// `data-page` of the body: what the script enhances.
    pub page: &'a str,
    /// Why a newer commit is not shown, if it is not.
    pub stale: Option<&'a str>,
    /// Documents in the index, if counted.
    pub documents: Option<usize>,
    /// When the served index last changed, and whether the folder is
    /// watched, if the page says it.
    pub index: Option<(Option<SystemTime>, bool)>,
}

/// A whole page around `content`.
pub fn layout(f: &Frame, content: Markup) -> Markup {
    let title = if f.title.is_empty() {
        "sagasu".to_string()
    } else {
        format!("{} — sagasu", escape_unsafe(f.title))
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) }
                link rel="stylesheet" href=(assets::url("app.css"));
                link rel="icon" type="image/svg+xml" href=(assets::url("icon.svg"));
                script src=(assets::url("app.js")) defer {}
            }
            body data-page=(f.page) {
                a.skip href="#main" { "Skip to content" }
                header.bar {
                    a.brand href="/" aria-label="sagasu home" {
                        span.kanji lang="ja" { "探す" } " " span.word { "sagasu" }
                    }
                    (search_form(f.q, f.passages, f.feedback, f.page == "home"))
                }
                @if let Some(why) = f.stale {
                    p.notice.stale role="status" { (why) }
                }
                main #main { (content) }
                footer.foot {
                    @if let Some(n) = f.documents {
                        span { (thousands(n as u64)) " documents indexed" }
                        " · "
                    }
                    @if let Some((changed, watching)) = f.index {
                        (index_line(changed, watching))
                        " · "
                    }
                    span.keys {
                        kbd { "/" } " search"
                        " · " kbd { "n" } " " kbd { "p" } " next and previous match"
                    }
                }
            }
        }
    }
}

/// When the index last changed, and whether it follows the folder.
fn index_line(changed: Option<SystemTime>, watching: bool) -> Markup {
    let follows = if watching {
        "follows the folder"
    } else {
        "not following the folder: `sagasu index` updates it"
    };
    html! {
        span.changed {
            @if let Some(t) = changed {
                @let at = utc(t);
                "updated " time datetime=(at) { (at.replace('T', " ").replace('Z', " UTC")) } " · "
            }
            (follows)
        }
    }
}

fn search_form(q: &str, passages: bool, feedback: bool, home: bool) -> Markup {
    html! {
        form.search role="search" action="/" method="get" {
            input #q type="search" name="q" value=(q) autofocus[home]
                aria-label="Search the documents" placeholder="Search: Kim Dae-jung, \"joint declaration\", Dokdo -Yasukuni"
                autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="search";
            label.toggle title="List the best passages rather than documents" {
                input type="checkbox" name="passages" value="1" checked[passages];
                " passages"
            }
            label.toggle title="Rank by the query's own words only, without pseudo-relevance feedback (prf=0, as --no-prf)" {
                input type="checkbox" name="prf" value="0" checked[!feedback];
                " no feedback"
            }
            button type="submit" { "Search" }
        }
    }
}

/// `text` with the byte ranges `marks` (sorted, on char boundaries) in
/// `<mark>`; ranges that touch are one mark (김대중, never 김 and 대중
/// apart: a mark's padding would read "김 대중").
pub fn marked(text: &str, marks: &[(usize, usize)]) -> Markup {
    let marks = join_touching(marks.iter().copied());
    let mut parts: Vec<(&str, bool)> = Vec::with_capacity(marks.len() * 2 + 1);
    let mut at = 0;
    for (a, b) in marks {
        let (Some(before), Some(hit)) = (text.get(at..a), text.get(a..b)) else {
            continue;
        };
        parts.push((before, false));
        parts.push((hit, true));
        at = b;
    }
    parts.push((text.get(at..).unwrap_or(""), false));
    html! {
        @for (part, hit) in parts {
            @if hit { mark { (part) } } @else { (part) }
        }
    }
}

/// A link to the search page (`prf=0` when feedback is off, so that the
/// next page ranks as this one).
pub fn search_url(q: &str, offset: usize, passages: bool, feedback: bool) -> String {
    let mut s = form_urlencoded::Serializer::for_suffix(String::from("/?"), 2);
    s.append_pair("q", q);
    if offset > 0 {
        s.append_pair("offset", &offset.to_string());
    }
    if passages {
        s.append_pair("passages", "1");
    }
    if !feedback {
        s.append_pair("prf", "0");
    }
    s.finish()
}

/// A link to the document view of `path` at `line` (and `byte`), with the
/// query's words highlighted, scrolled to the line.
pub fn doc_url(path: &str, line: u64, byte: Option<u64>, q: &str) -> String {
    let mut s = form_urlencoded::Serializer::for_suffix(String::from("/doc?"), 5);
    s.append_pair("path", path);
    s.append_pair("line", &line.to_string());
    if let Some(b) = byte {
        s.append_pair("byte", &b.to_string());
    }
    if !q.is_empty() {
        s.append_pair("q", q);
    }
    format!("{}#L{line}", s.finish())
}

/// A link to the file of the indexed (paged) document `path`, opened at
/// `page` by the browser's PDF viewer.
pub fn file_url(path: &str, page: u64) -> String {
    let mut s = form_urlencoded::Serializer::for_suffix(String::from("/file?"), 6);
    s.append_pair("path", path);
    format!("{}#page={page}", s.finish())
}

/// `12345` as `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_wrap_their_ranges_and_escape_everything() {
        let html = marked("<b>Satō</b> & \"x\"", &[(3, 8)]).into_string();
        assert_eq!(html, "&lt;b&gt;<mark>Satō</mark>&lt;/b&gt; &amp; &quot;x&quot;");
        // Ranges off a char boundary are skipped, never a panic.
        assert_eq!(marked("Satō", &[(0, 4)]).into_string(), "Satō");
        assert_eq!(
            marked("김대중 대통령", &[(0, 3), (3, 9), (10, 19)]).into_string(),
            "<mark>김대중</mark> <mark>대통령</mark>"
        );
    }

    #[test]
    fn links_encode_every_part() {
        assert_eq!(
            doc_url("a b/&c#.txt", 7, Some(99), "\"x\" -y"),
            "/doc?path=a+b%2F%26c%23.txt&line=7&byte=99&q=%22x%22+-y#L7"
        );
        assert_eq!(
            search_url("日本", 10, true, true),
            "/?q=%E6%97%A5%E6%9C%AC&offset=10&passages=1"
        );
        assert_eq!(search_url("日本", 0, false, false), "/?q=%E6%97%A5%E6%9C%AC&prf=0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
