//! HTML to searchable text, with html5ever's WHATWG tokenizer.
//!
//! Tags and comments are dropped, character references decoded, and the
//! contents of `<script>`, `<style>`, `<noscript>`, `<template>` and
//! frames dropped; the first `<title>` becomes the document's title (and
//! stays in the text, where a query finds its words). No tree
//! is built: the tokenizer reports the source line of every token, so the
//! text keeps the source's line structure and a snippet's line number is a
//! line of the `.html` file itself.

use std::cell::RefCell;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

/// Longest title kept, in characters.
const MAX_TITLE_CHARS: usize = 200;

/// The text of an HTML document and its `<title>`, if it has a non-empty one.
///
/// `html` has its line ends normalized to `\n`. The text has exactly one line
/// per line of `html` (trailing empty lines aside).
pub fn to_text(html: &str) -> (String, Option<String>) {
    let tok = Tokenizer::new(
        Sink(RefCell::new(State {
            out: String::with_capacity(html.len() / 2),
            line: 1,
            ..State::default()
        })),
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(html.into());
    // The sink never asks to run a script, so one feed consumes everything.
    let _ = tok.feed(&input);
    tok.end();
    let state = tok.sink.0.into_inner();
    let title = state.title.and_then(|t| {
        let t: String = t
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .filter(|&c| !sagasu_analysis::safe::is_unsafe(c))
            .take(MAX_TITLE_CHARS)
            .collect();
        (!t.is_empty()).then_some(t)
    });
    (state.out, title)
}

/// What the tokenizer is inside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inside {
    /// Ordinary content: text is kept.
    Content,
    /// A raw text element whose text is dropped (`script`, `style`, …).
    Dropped,
    /// The document's first `<title>`.
    Title,
}

#[derive(Debug)]
struct State {
    out: String,
    /// Line (1-based) that `out` currently ends on.
    line: u64,
    inside: Inside,
    /// Depth of open `<template>` elements (their content is not shown).
    template: usize,
    /// Depth of open `<svg>` / `<math>` (their `<title>` is not the page's).
    foreign: usize,
    title: Option<String>,
}

impl Default for State {
    fn default() -> Self {
        State {
            out: String::new(),
            line: 1,
            inside: Inside::Content,
            template: 0,
            foreign: 0,
            title: None,
        }
    }
}

impl State {
    /// Pads the text with newlines until it reaches source line `line`.
    fn sync(&mut self, line: u64) {
        while self.line < line {
            self.out.push('\n');
            self.line += 1;
        }
    }

    /// Separates words at a tag boundary that is not inline.
    fn space(&mut self) {
        if !self.out.ends_with(|c: char| c.is_whitespace()) && !self.out.is_empty() {
            self.out.push(' ');
        }
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        match name {
            "svg" | "math" if !tag.self_closing => {
                if start {
                    self.foreign += 1;
                } else {
                    self.foreign = self.foreign.saturating_sub(1);
                }
            }
            "template" => {
                if start {
                    self.template += 1;
                } else {
                    self.template = self.template.saturating_sub(1);
                }
            }
            _ => {}
        }
        if !is_inline(name) {
            self.space();
        }
        if !start || self.foreign > 0 {
            return TokenSinkResult::Continue;
        }
        match name {
            "title" if self.title.is_none() => {
                self.inside = Inside::Title;
                self.title = Some(String::new());
                TokenSinkResult::RawData(RawKind::Rcdata)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "script" => {
                self.inside = Inside::Dropped;
                TokenSinkResult::RawData(RawKind::ScriptData)
            }
            "style" | "noscript" | "iframe" | "noembed" | "noframes" => {
                self.inside = Inside::Dropped;
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "xmp" => TokenSinkResult::RawData(RawKind::Rawtext),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

struct Sink(RefCell<State>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut st = self.0.borrow_mut();
        // `line` is the source line the tokenizer is on after the token.
        match token {
            Token::CharacterTokens(text) => {
                let newlines = text.bytes().filter(|&b| b == b'\n').count() as u64;
                if st.inside == Inside::Title {
                    if let Some(t) = st.title.as_mut() {
                        t.push_str(&text);
                    }
                }
                // The title stays in the text too, so that its words are found.
                if st.inside != Inside::Dropped && st.template == 0 {
                    st.sync(line.saturating_sub(newlines));
                    // A character reference (`&#13;`) is not a line end.
                    if text.contains('\r') {
                        st.out.push_str(&text.replace('\r', " "));
                    } else {
                        st.out.push_str(&text);
                    }
                    st.line += newlines;
                }
                st.sync(line);
                TokenSinkResult::Continue
            }
            Token::TagToken(tag) => {
                // A raw text element ends with its own end tag only.
                if tag.kind == TagKind::EndTag && st.inside != Inside::Content {
                    st.inside = Inside::Content;
                }
                let result = st.tag(&tag);
                st.sync(line);
                result
            }
            Token::CommentToken(_) | Token::DoctypeToken(_) | Token::NullCharacterToken | Token::EOFToken => {
                st.sync(line);
                TokenSinkResult::Continue
            }
            // Reported where the tokenizer noticed, maybe ahead of pending text.
            Token::ParseError(_) => TokenSinkResult::Continue,
        }
    }
}

/// Elements that do not separate words (`Sat<b>ō</b>` is one word).
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "nobr"
            | "q"
            | "rb"
            | "ruby"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn strips_tags_scripts_styles_and_takes_the_title() {
        let html = "<!DOCTYPE html>\n<html><head><title> The  Summit\n of 2002 </title>\n\
                    <style>body { color: red }</style>\n\
                    <script>var secret = \"</p>\"; if (a < b) alert(1);</script></head>\n\
                    <body><p>Kim&nbsp;Dae-jung met Koizumi&amp;co.</p><!-- hidden words -->\n\
                    <noscript>enable javascript</noscript><p>Sat<b>ō</b> spoke</p></body></html>\n";
        let (text, title) = to_text(html);
        assert_eq!(title.as_deref(), Some("The Summit of 2002"));
        assert_eq!(
            words(&text),
            [
                "The",
                "Summit",
                "of",
                "2002",
                "Kim",
                "Dae-jung",
                "met",
                "Koizumi&co.",
                "Satō",
                "spoke"
            ]
        );
        for hidden in ["secret", "color", "hidden", "javascript", "alert"] {
            assert!(!text.contains(hidden), "{hidden} leaked into {text:?}");
        }
    }

    #[test]
    fn keeps_source_lines() {
        let html = "<p\nclass=\"x\">one</p>\n<!-- a\nb\nc -->two &amp;\nthree<script>\nx\n\
                    </script>four\n<title>t\n</title>five &lt;\n<style\n>\n</style\n>six\n";
        let (text, _) = to_text(html);
        let lines: Vec<&str> = text.lines().collect();
        let src: Vec<&str> = html.lines().collect();
        for w in ["one", "two", "three", "four", "five", "six"] {
            let at = |ls: &[&str]| ls.iter().position(|l| l.contains(w));
            assert_eq!(at(&lines), at(&src), "{w} moved: {text:?}");
        }
    }

    #[test]
    fn block_tags_separate_words_inline_tags_do_not() {
        let (text, _) = to_text("<td>alpha</td><td>beta</td><li>gamma<br>delta <i>x</i>y<em>z</em>");
        assert_eq!(words(&text), ["alpha", "beta", "gamma", "delta", "xyz"]);
    }

    #[test]
    fn svg_title_and_template_are_not_text_or_title() {
        let (text, title) = to_text("<svg><title>icon</title></svg><template><p>tpl</p></template><p>body</p>");
        assert_eq!(title, None);
        assert_eq!(words(&text), ["icon", "body"]);
    }

    #[test]
    fn a_carriage_return_reference_is_not_a_line_end() {
        // Found by the decode fuzz target.
        let (text, _) = to_text("1&#13;2&#x0D;3&#13\n4");
        assert!(!text.contains('\r'), "{text:?}");
        assert_eq!(text.lines().count(), 2);
    }

    #[test]
    fn broken_html_does_not_panic() {
        for s in [
            "<",
            "<<>>",
            "</",
            "<!--",
            "<script>",
            "<title>",
            "&#xFFFFFFFF;",
            "<a href='",
            "\0<p\0>",
        ] {
            let _ = to_text(s);
        }
    }
}
