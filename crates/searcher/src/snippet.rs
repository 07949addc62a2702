//! Picking and highlighting the best fragment of a passage.
//!
//! tantivy's `SnippetGenerator` measures in bytes, cuts mid-word and never
//! highlights fuzzy or prefix matches; this picker takes the matches that
//! [`Highlighter::spans`] finds in the stored passage (analyzed with the
//! index-mode analyzer), so every highlight covers the document's own
//! spelling (Satō for `sato`, Dae-jung for `daejung`).

use sagasu_analysis::safe::is_unsafe;
use serde::Serialize;

use crate::highlight::{Highlighter, Span};

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
/// the most distinct matches; `line_start` is the passage's first line.
pub fn make(passage: &str, line_start: u64, hl: &Highlighter, context: usize) -> Snippet {
    let spans = hl.spans(passage);
    let phrases = hl.phrase_occurrences(passage, &spans);
    let context = context.max(20);
    // Candidate windows start a little before each match.
    let lead = context / 5;
    let mut best: Option<(usize, usize, usize)> = None; // (score, start, end)
    for (i, span) in spans.iter().enumerate() {
        let s = span.start;
        let mut start = back_chars(passage, s, lead);
        let end = forward_chars(passage, start, context);
        if end == passage.len() {
            // Near the end: use the slack to show more before the match.
            start = back_chars(passage, end, context);
        }
        let mut distinct: Vec<&str> = Vec::new();
        let mut count = 0;
        for m in &spans[i..] {
            if m.end > end {
                break;
            }
            count += 1;
            if !distinct.contains(&m.folded.as_str()) {
                distinct.push(&m.folded);
            }
        }
        // A fragment where a phrase of the query occurs beats one that
        // only holds its words.
        let whole = phrases.iter().filter(|&&(a, b)| a >= start && b <= end).count();
        let leads = usize::from(phrases.iter().any(|&(a, _)| a == s));
        let score = whole * 1_000_000 + distinct.len() * 1000 + leads * 500 + count;
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

/// The snippet of whole lines around the first highlight of `best` (made
/// by [`make`] from the same passage): `before` lines before its line and
/// `after` after it, within the passage (grep's -B and -A). Line ends are
/// shown as spaces, as in every snippet.
pub fn lines_around(
    passage: &str,
    line_start: u64,
    hl: &Highlighter,
    best: &Snippet,
    before: usize,
    after: usize,
) -> Snippet {
    let spans = hl.spans(passage);
    let mut start = passage[..best.anchor].rfind('\n').map_or(0, |i| i + 1);
    for _ in 0..before {
        if start == 0 {
            break;
        }
        start = passage[..start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    let mut end = passage[best.anchor..]
        .find('\n')
        .map_or(passage.len(), |i| best.anchor + i);
    for _ in 0..after {
        if end >= passage.len() {
            break;
        }
        end = passage[end + 1..].find('\n').map_or(passage.len(), |i| end + 1 + i);
    }
    render(passage, start, end, &spans, line_start)
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
                if spans.iter().all(|s| s.start >= cand || s.end <= start) {
                    start = cand;
                }
            }
        }
    }
    if end < passage.len() && !passage[end..].starts_with(char::is_whitespace) {
        if let Some(ws) = passage[start..end].rfind(char::is_whitespace) {
            let cand = start + ws;
            if cand > start && spans.iter().all(|s| s.end <= cand || s.start >= end) {
                end = cand;
            }
        }
    }
    // Never cut a highlight in two.
    for s in spans {
        if s.start < end && s.end > end {
            end = s.end;
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
    let mut span_iter = spans.iter().filter(|s| s.start >= start && s.end <= end).peekable();
    for (i, c) in passage[start..end].char_indices() {
        let at = start + i;
        if let Some(e) = span_iter.peek().map(|s| s.end) {
            if at == e {
                if let Some(o) = open.take() {
                    highlights.push((o, text.len()));
                }
                span_iter.next();
            }
        }
        if let Some(s) = span_iter.peek().map(|s| s.start) {
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
    let anchor = spans
        .iter()
        .find(|s| s.start >= start && s.end <= end)
        .map_or(start, |s| s.start);
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
    use crate::query::{analyze, parse};
    use crate::Aliases;

    fn hl(q: &str) -> Highlighter {
        Highlighter::new(&analyze(&parse(q).unwrap(), &Aliases::default()).unwrap())
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
        let s = make(p, 1, &hl("\"era of big government is over\""), 60);
        assert!(s.text.contains("era of big Governments is over"), "{}", s.text);
        assert_eq!(s.line, 4);
        // The same words unquoted: the fragment with most of them wins.
        let s = make(p, 1, &hl("era of big government is over"), 60);
        assert_eq!(s.line, 1, "{}", s.text);
    }

    #[test]
    fn highlights_original_spelling_and_counts_lines() {
        let p = "First line.\nPrime Minister Satō\n  met   Kim Dae-jung.\n";
        let s = make(p, 10, &hl("sato"), 200);
        assert_eq!(marked(&s), "First line. Prime Minister [Satō] met Kim Dae-jung.");
        assert_eq!(s.line, 11);
        let s = make(p, 10, &hl("Daejung"), 200);
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
        let s = make(&p, 1, &hl("Nordpolitik"), 80);
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
        let s = make(p, 1, &hl("sato"), 200);
        assert!(!s.text.chars().any(is_unsafe), "{:?}", s.text);
        assert!(marked(&s).contains("[Satō]"));
    }

    #[test]
    fn lines_around_are_whole_lines_of_the_first_highlight() {
        let passage = "one\ntwo\nthree Nordpolitik here\nfour\nfive\nsix";
        let h = hl("Nordpolitik");
        let best = make(passage, 10, &h, 20);
        let s = lines_around(passage, 10, &h, &best, 1, 2);
        assert_eq!(marked(&s), "…two three [Nordpolitik] here four five…");
        assert_eq!(s.line, 12);
        let s = lines_around(passage, 10, &h, &best, 0, 0);
        assert_eq!(marked(&s), "…three [Nordpolitik] here…");
        let s = lines_around(passage, 10, &h, &best, 9, 9);
        assert_eq!(marked(&s), "one two three [Nordpolitik] here four five six");
    }
}
