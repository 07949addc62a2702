//! Context around matches, cut by the searcher so that printers only
//! display (as ripgrep's searcher cuts context and its printer prints it):
//! characters around a match on its line ([`around`]), lines around it
//! ([`context_lines`]), and grep's groups of lines for `-A/-B/-C`
//! ([`line_groups`], [`group_lines`]).
//!
//! Everything here is read from a [`DocText`]'s line index: the cost of a
//! match's context is its size, never the length of its line or document
//! (a 1 MB line of matches is listed in linear time).

use std::ops::{Range, RangeInclusive};

use crate::matcher::{join_touching, Match};
use crate::query::ExpansionKind;
use crate::text::DocText;

/// One occurrence in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Its first byte in the document's text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The line (1-based) of its first byte.
    pub line: u64,
    /// The column (1-based) of its first byte, in bytes from the line's
    /// start, as `rg --column` and vim's quickfix count.
    pub column: u64,
    /// The page of its first byte, for paged documents (PDF).
    pub page: Option<u64>,
    /// The byte ranges of the words it is made of (what to highlight).
    pub parts: Vec<(usize, usize)>,
    /// The expansion that found it (`None`: the query's words as typed).
    pub kind: Option<ExpansionKind>,
    /// Whether its page was read by OCR (its text may be misread).
    pub ocr: bool,
}

impl Occurrence {
    /// The match `m` of `doc`'s text, placed.
    pub fn of(doc: &DocText, m: Match) -> Occurrence {
        let place = doc.place(m.start);
        Occurrence {
            start: m.start,
            end: m.end,
            line: place.line,
            column: place.column,
            page: place.page,
            parts: m.parts,
            kind: m.kind,
            ocr: doc.read_by_ocr(place.page),
        }
    }
}

/// The text around a match on its own line (a form feed ends a line
/// here), as byte ranges of the document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Around {
    /// Before the match: at most the characters asked for, cut after a
    /// space when there is one.
    pub before: Range<usize>,
    /// After the match, likewise cut before a space.
    pub after: Range<usize>,
    /// The whole line (or lines) of the match.
    pub line: Range<usize>,
}

impl Around {
    /// Whether `before` stops short of the line's start.
    pub fn cut_before(&self) -> bool {
        self.before.start > self.line.start
    }

    /// Whether `after` stops short of the line's end.
    pub fn cut_after(&self) -> bool {
        self.after.end < self.line.end
    }
}

/// At most `chars` characters each side of `start..end` in `doc`, within
/// its line, cut at a space when there is one.
pub fn around(doc: &DocText, start: usize, end: usize, chars: usize) -> Around {
    let text = doc.text.as_str();
    let line = doc.line_around(start..end);
    let mut before = line.start..start;
    if let Some((i, _)) = text[before.clone()].char_indices().rev().nth(chars) {
        let cut = before.start + i;
        before = match text[cut..start].find(' ') {
            Some(s) => cut + s + 1..start,
            None => cut..start,
        };
    }
    let mut after = end..line.end.max(end);
    if let Some((i, _)) = text[after.clone()].char_indices().nth(chars) {
        let cut = end + i;
        after = match text[end..cut].rfind(' ') {
            Some(s) => end..end + s,
            None => end..cut,
        };
    }
    Around { before, after, line }
}

/// The lines of context of an occurrence: `before` lines before its first
/// line and `after` after its last, within the document (empty ranges
/// when there are none).
pub fn context_lines(
    doc: &DocText,
    o: &Occurrence,
    before: usize,
    after: usize,
) -> (RangeInclusive<u64>, RangeInclusive<u64>) {
    let (first, last) = covered(doc, o, 0, 0);
    let (from, to) = covered(doc, o, before, after);
    (from..=first - 1, last + 1..=to)
}

/// The lines (1-based, inclusive) an occurrence and its context cover.
fn covered(doc: &DocText, o: &Occurrence, before: usize, after: usize) -> (u64, u64) {
    let last = doc.line_of(o.end.saturating_sub(1).max(o.start));
    let first = o.line.saturating_sub(before as u64).max(1);
    (first, last.saturating_add(after as u64).min(doc.line_count()))
}

/// The groups of lines that `occurrences` (in text order) and `before` /
/// `after` lines of context cover, as grep prints them: groups that touch
/// or overlap are one.
pub fn line_groups(doc: &DocText, occurrences: &[Occurrence], before: usize, after: usize) -> Vec<(u64, u64)> {
    let mut groups: Vec<(u64, u64)> = Vec::new();
    for o in occurrences {
        let (a, b) = covered(doc, o, before, after);
        match groups.last_mut() {
            Some(g) if a <= g.1 + 1 => g.1 = g.1.max(b),
            _ => groups.push((a, b)),
        }
    }
    groups
}

/// One line of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextLine {
    /// Its number (1-based).
    pub number: u64,
    /// Its bytes in the document's text, without the line end.
    pub range: Range<usize>,
    /// The column (1-based, bytes) of the first occurrence that starts on
    /// it: a line with a match (`path:line:column:`), else a line of
    /// context (`path-line-`).
    pub column: Option<u64>,
    /// The parts of occurrences on it (byte ranges of the document's
    /// text, clipped to the line): what to highlight.
    pub marks: Vec<(usize, usize)>,
}

/// The lines `first..=last` of `doc` with what `occurrences` (in text
/// order) mark on them.
pub fn group_lines(doc: &DocText, occurrences: &[Occurrence], first: u64, last: u64) -> Vec<ContextLine> {
    let start = doc.line_range(first).start;
    // The first occurrence that may reach the group.
    let mut next = occurrences.partition_point(|o| o.end <= start);
    let mut out = Vec::with_capacity((last - first + 1) as usize);
    for number in first..=last {
        let range = doc.line_range(number);
        while occurrences.get(next).is_some_and(|o| o.end <= range.start) {
            next += 1;
        }
        let mut column = None;
        let mut marks = Vec::new();
        for o in occurrences[next..].iter().take_while(|o| o.start <= range.end) {
            if column.is_none() && o.line == number {
                column = Some(o.column);
            }
            for &(a, b) in &o.parts {
                let (a, b) = (a.max(range.start), b.min(range.end));
                if a < b {
                    marks.push((a, b));
                }
            }
        }
        out.push(ContextLine {
            number,
            range,
            column,
            marks: join_touching(marks),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occurrence(doc: &DocText, word: &str, nth: usize) -> Occurrence {
        let start = doc.text.match_indices(word).nth(nth).unwrap().0;
        let place = doc.place(start);
        Occurrence {
            start,
            end: start + word.len(),
            line: place.line,
            column: place.column,
            page: place.page,
            parts: vec![(start, start + word.len())],
            kind: None,
            ocr: false,
        }
    }

    #[test]
    fn around_is_cut_at_spaces_within_the_line() {
        let doc = DocText::new(
            "first line\nsome words before summit and words after\nlast".into(),
            false,
            String::new(),
        );
        let o = occurrence(&doc, "summit", 0);
        let a = around(&doc, o.start, o.end, 8);
        assert_eq!(&doc.text[a.before.clone()], "before ");
        assert_eq!(&doc.text[a.after.clone()], " and");
        assert!(a.cut_before() && a.cut_after());
        let a = around(&doc, o.start, o.end, 100);
        assert_eq!(&doc.text[a.before.clone()], "some words before ");
        assert!(!a.cut_before() && !a.cut_after());
    }

    #[test]
    fn groups_merge_when_they_touch_and_lines_carry_their_marks() {
        let text = (1..=12).map(|i| {
            if i == 3 || i == 6 || i == 11 {
                format!("x hit {i}")
            } else {
                format!("line {i}")
            }
        });
        let doc = DocText::new(text.collect::<Vec<_>>().join("\n"), false, String::new());
        let occ: Vec<Occurrence> = (0..3).map(|i| occurrence(&doc, "hit", i)).collect();
        assert_eq!(line_groups(&doc, &occ, 1, 1), [(2, 7), (10, 12)]);
        let lines = group_lines(&doc, &occ, 2, 7);
        assert_eq!(lines.len(), 6);
        assert_eq!((lines[1].number, lines[1].column), (3, Some(3)));
        assert_eq!(lines[1].marks, [occ[0].parts[0]]);
        assert_eq!((lines[0].column, lines[0].marks.len()), (None, 0));
        let (before, after) = context_lines(&doc, &occ[2], 2, 5);
        assert_eq!((before, after), (9..=10, 12..=12));
    }
}
