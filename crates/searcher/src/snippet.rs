//! Picking and highlighting the best fragment of a passage.
//!
//! tantivy's `SnippetGenerator` measures in bytes, cuts mid-word and never
//! highlights fuzzy or prefix matches; this picker takes the matches that
//! the [`Matcher`](crate::matcher::Matcher) finds in the stored passage, so
//! every highlight covers the document's own spelling (Satō for `sato`,
//! Dae-jung for `daejung`) and a snippet marks what `--every` lists.

use sagasu_analysis::safe::is_unsafe;
use serde::Serialize;

use crate::matcher::{join_touching, Match, Matcher};
use crate::text::DocText;

/// A highlighted range of the passage (a token of a match).
type Span = (usize, usize);

/// A highlighted fragment of a passage.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Snippet {
    /// The fragment: whitespace collapsed, control characters removed,
    /// `…` where it was cut.
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub highlights: Vec<(usize, usize)>,
    /// Line (1-based) of the first highlight (or of the fragment's start).
    pub line: u64,
    /// Byte offset of the first highlight (or of the fragment's start)
    /// within the passage.
    #[serde(skip)]
    pub anchor: usize,
    /// Byte range of the fragment within the passage.
    #[serde(skip)]
    pub range: (usize, usize),
}

/// Makes the fragment of about `context` characters of `passage` that holds
/// the query's `matches` in it (from [`Matcher::find`](crate::matcher::Matcher::find)
/// on the same passage) best: a phrase or a name of several words first,
/// then the most distinct clauses of the query; `line_start` is the
/// passage's first line.
pub fn make(passage: &str, line_start: u64, matches: &[Match], context: usize) -> Snippet {
    let spans = parts(matches);
    let context = context.max(20);
    // Candidate windows start a little before each match.
    let lead = context / 5;
    let mut best: Option<(usize, usize, usize)> = None; // (score, start, end)
    for (i, m) in matches.iter().enumerate() {
        let s = m.start;
        let mut start = back_chars(passage, s, lead);
        let end = forward_chars(passage, start, context);
        if end == passage.len() {
            // Near the end: use the slack to show more before the match.
            start = back_chars(passage, end, context);
        }
        let mut clauses: Vec<u32> = Vec::new();
        let (mut count, mut longest) = (0, 0);
        for m in matches[i..].iter().take_while(|m| m.end <= end) {
            count += 1;
            longest = longest.max(size(m));
            clauses.extend(m.clauses.0..=m.clauses.1);
        }
        clauses.sort_unstable();
        clauses.dedup();
        // A fragment where a phrase of the query (or its words in order)
        // occurs beats one that only holds its words apart.
        let leads = usize::from(m.is_phrase());
        let score = longest * 1_000_000 + clauses.len() * 1000 + leads * 500 + count;
        if best.is_none_or(|(bs, _, _)| score > bs) {
            best = Some((score, start, end));
        }
    }
    let (start, end) = match best {
        Some((_, s, e)) => (s, e),
        None => (0, forward_chars(passage, 0, context)),
    };
    let (start, end) = snap(passage, start, end, &spans);
    render(passage, start, end, &spans, line_start)
}

/// How much of the query a match holds: its tokens, or the clauses it
/// joins, whichever is more.
fn size(m: &Match) -> usize {
    m.parts.len().max((m.clauses.1 - m.clauses.0) as usize + 1)
}

/// The highlighted ranges of `matches`, in order.
fn parts(matches: &[Match]) -> Vec<Span> {
    join_touching(matches.iter().flat_map(|m| m.parts.iter().copied()))
}

/// The snippet of whole lines around the first highlight of `best` (made
/// by [`make`] from the same passage): `before` lines before its line and
/// `after` after it, within the passage (grep's -B and -A). Line ends are
/// shown as spaces, as in every snippet.
pub fn lines_around(
    passage: &str,
    line_start: u64,
    matches: &[Match],
    best: &Snippet,
    before: usize,
    after: usize,
) -> Snippet {
    let lines = DocText::new(passage.to_string(), false, String::new());
    let line = lines.line_of(best.anchor);
    let range = lines.lines_range(line.saturating_sub(before as u64), line.saturating_add(after as u64));
    render(passage, range.start, range.end, &parts(matches), line_start)
}

/// The snippet of whole lines around byte `at` of a document's text:
/// `before` lines before its line and `after` after it, the query's
/// matches in them highlighted. [`lines_around`] stops at its passage's
/// edge; this is for the lines past it.
pub fn lines_in(doc: &DocText, at: usize, matcher: &Matcher, before: usize, after: usize) -> Snippet {
    let line = doc.line_of(at);
    let range = doc.lines_range(line.saturating_sub(before as u64), line.saturating_add(after as u64));
    let matches = matcher.find(&doc.text[range.clone()]);
    let spans: Vec<Span> = parts(&matches)
        .into_iter()
        .map(|(a, b)| (a + range.start, b + range.start))
        .collect();
    render(&doc.text, range.start, range.end, &spans, 1)
}

fn back_chars(s: &str, from: usize, n: usize) -> usize {
    s[..from]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn forward_chars(s: &str, from: usize, n: usize) -> usize {
    s[from..].char_indices().nth(n).map_or(s.len(), |(i, _)| from + i)
}

/// Moves the window's edges to word boundaries, never cutting a highlight.
fn snap(passage: &str, mut start: usize, mut end: usize, spans: &[Span]) -> (usize, usize) {
    if start > 0 {
        // Start after the whitespace preceding `start`, if it is near.
        let before = &passage[..start];
        if !before.ends_with(char::is_whitespace) {
            if let Some(ws) = passage[start..end].find(char::is_whitespace) {
                let cand = start + ws;
                if spans.iter().all(|s| s.0 >= cand || s.1 <= start) {
                    start = cand;
                }
            }
        }
    }
    if end < passage.len() && !passage[end..].starts_with(char::is_whitespace) {
        if let Some(ws) = passage[start..end].rfind(char::is_whitespace) {
            let cand = start + ws;
            if cand > start && spans.iter().all(|s| s.1 <= cand || s.0 >= end) {
                end = cand;
            }
        }
    }
    // Never cut a highlight in two.
    for s in spans {
        if s.0 < end && s.1 > end {
            end = s.1;
        }
    }
    (start, end)
}

fn render(passage: &str, start: usize, end: usize, spans: &[Span], line_start: u64) -> Snippet {
    let mut text = String::new();
    let mut highlights = Vec::new();
    if start > 0 {
        text.push('…');
    }
    let mut pending_space = false;
    let mut open: Option<usize> = None;
    let mut span_iter = spans.iter().filter(|s| s.0 >= start && s.1 <= end).peekable();
    for (i, c) in passage[start..end].char_indices() {
        let at = start + i;
        if let Some(e) = span_iter.peek().map(|s| s.1) {
            if at == e {
                if let Some(o) = open.take() {
                    highlights.push((o, text.len()));
                }
                span_iter.next();
            }
        }
        if let Some(s) = span_iter.peek().map(|s| s.0) {
            if at == s && open.is_none() {
                if pending_space {
                    text.push(' ');
                    pending_space = false;
                }
                open = Some(text.len());
            }
        }
        if c.is_whitespace() || is_unsafe(c) {
            pending_space = !text.is_empty() && !text.ends_with('…');
            continue;
        }
        if pending_space {
            text.push(' ');
            pending_space = false;
        }
        text.push(c);
    }
    if let Some(o) = open.take() {
        highlights.push((o, text.len()));
    }
    // Trim whitespace-only highlights (cannot happen with analyzed tokens,
    // but keep the invariant that highlights are non-empty).
    highlights.retain(|(a, b)| b > a);
    if end < passage.len() {
        text.push('…');
    }
    let anchor = spans.iter().find(|s| s.0 >= start && s.1 <= end).map_or(start, |s| s.0);
    let line = line_start + passage[..anchor].matches('\n').count() as u64;
    Snippet {
        text,
        highlights,
        line,
        anchor,
        range: (start, end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Matcher;
    use crate::query::{analyze, parse, Aliases};

    /// The snippet of `p` for query `q`.
    fn make(p: &str, line_start: u64, q: &str, context: usize) -> Snippet {
        let m = Matcher::new(&analyze(&parse(q).unwrap(), &Aliases::default()).unwrap());
        super::make(p, line_start, &m.find(p), context)
    }

    fn marked(s: &Snippet) -> String {
        let mut out = s.text.clone();
        for (a, b) in s.highlights.iter().rev() {
            out.insert(*b, ']');
            out.insert(*a, '[');
        }
        out
    }

    /// The words of a phrase scattered early in a passage lose to the
    /// place where the phrase itself occurs (stems count: "Governments").
    #[test]
    fn a_phrase_occurrence_wins_over_its_scattered_words() {
        let p = "Of the era it is said: big is over, government is big, era is over.\n\
                 Filler words follow here to push the phrase far away from the start of it.\n\
                 More filler text, line after line, with nothing of interest in it at all.\n\
                 Then he said: the era of big Governments is over. And the hall applauded.\n";
        let s = make(p, 1, "\"era of big government is over\"", 60);
        assert!(s.text.contains("era of big Governments is over"), "{}", s.text);
        assert_eq!(s.line, 4);
        // The same words unquoted: where they follow each other in the
        // order typed (one mention), not where most of them lie apart.
        let s = make(p, 1, "era of big government is over", 60);
        assert_eq!(s.line, 4, "{}", s.text);
    }

    #[test]
    fn highlights_original_spelling_and_counts_lines() {
        let p = "First line.\nPrime Minister Satō\n  met   Kim Dae-jung.\n";
        let s = make(p, 10, "sato", 200);
        assert_eq!(marked(&s), "First line. Prime Minister [Satō] met Kim Dae-jung.");
        assert_eq!(s.line, 11);
        let s = make(p, 10, "Daejung", 200);
        assert_eq!(marked(&s), "First line. Prime Minister Satō met Kim [Dae-jung].");
        assert_eq!(s.line, 12);
    }

    #[test]
    fn cuts_on_word_boundaries_near_the_best_match() {
        let p = format!(
            "{} Nordpolitik was announced {}",
            "filler words ".repeat(50),
            "more text ".repeat(50)
        );
        let s = make(&p, 1, "Nordpolitik", 80);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "{}", s.text);
        assert!(marked(&s).contains("[Nordpolitik]"));
        assert!(s.text.chars().count() <= 100);
        assert!(!s.text.contains("  "));
        for w in s.text.trim_matches('…').split(' ') {
            assert!(
                ["filler", "words", "Nordpolitik", "was", "announced", "more", "text"].contains(&w),
                "cut word {w:?}"
            );
        }
    }

    #[test]
    fn strips_terminal_escapes_and_bidi_controls() {
        let p = "evil \u{1b}[31mred\u{1b}[0m \u{202E}Satō\u{202C} end";
        let s = make(p, 1, "sato", 200);
        assert!(!s.text.chars().any(is_unsafe), "{:?}", s.text);
        assert!(marked(&s).contains("[Satō]"));
    }

    #[test]
    fn lines_around_are_whole_lines_of_the_first_highlight() {
        let passage = "one\ntwo\nthree Nordpolitik here\nfour\nfive\nsix";
        let m = Matcher::new(&analyze(&parse("Nordpolitik").unwrap(), &Aliases::default()).unwrap()).find(passage);
        let best = super::make(passage, 10, &m, 20);
        let s = lines_around(passage, 10, &m, &best, 1, 2);
        assert_eq!(marked(&s), "…two three [Nordpolitik] here four five…");
        assert_eq!(s.line, 12);
        let s = lines_around(passage, 10, &m, &best, 0, 0);
        assert_eq!(marked(&s), "…three [Nordpolitik] here…");
        let s = lines_around(passage, 10, &m, &best, 9, 9);
        assert_eq!(marked(&s), "one two three [Nordpolitik] here four five six");
    }
}
