//! A document's text, the one way the searcher gets it: stitched from its
//! stored passages ([`DocText::load`]) and indexed by line and page.
//!
//! Passages overlap (by about a tenth), so the text is placed by each
//! passage's `byte_start`, never concatenated: an overlap is held once, and
//! a word cut by a passage boundary is whole. Bytes that no passage holds
//! (blank lines before the first passage) are filled with the line ends
//! and form feeds that the next passage's line and page say they held, so
//! byte offsets, lines and pages stay right. Nothing is read from the
//! corpus folder: this is the index's view of a document (a PDF's extracted
//! text, with its pages).
//!
//! Every view that shows a document reads it from here: `--every` and its
//! context lines, the document view of `sagasu serve`, `terms`, and
//! feedback over whole documents.

use std::ops::Range;

use sagasu_analysis::schema::Fields;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Term, TERMINATED};

use crate::error::SearchError;
use crate::stored::StoredPassage;

/// A document's text as the index holds it, with its line and page index.
#[derive(Debug, Clone, Default)]
pub struct DocText {
    /// The text, from the document's first byte; lines end with `\n`, and
    /// in a paged document (PDF) a form feed ends each page.
    pub text: String,
    /// Whether the document has pages.
    pub paged: bool,
    /// The document's title.
    pub title: String,
    /// Byte offset of the start of each line (the first is 0).
    lines: Vec<usize>,
    /// Byte offset of the start of each page after the first (one past
    /// each form feed).
    pages: Vec<usize>,
    /// The pages whose text was read by OCR (sorted).
    ocr_pages: Vec<u64>,
}

/// Where a byte of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Line (1-based).
    pub line: u64,
    /// Column (1-based), in bytes from the line's start, as `rg --column`
    /// and vim's quickfix count.
    pub column: u64,
    /// Page (1-based) of a paged document; `None` for the others.
    pub page: Option<u64>,
}

impl DocText {
    /// Loads every passage of the document `path` (its index key) from
    /// `searcher` and stitches them; `None` when the index holds no
    /// document of that key.
    pub fn load(searcher: &tantivy::Searcher, fields: &Fields, path: &str) -> Result<Option<DocText>, SearchError> {
        // The key's postings read straight from each segment (a query and
        // a collector cost more than the lookup: `--every` loads thousands
        // of documents), deleted passages left out.
        let term = Term::from_field_text(fields.path, path);
        let mut passages = Vec::new();
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let inverted = reader.inverted_index(fields.path)?;
            let postings = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .map_err(tantivy::TantivyError::from)?;
            let Some(mut postings) = postings else {
                continue;
            };
            let alive = reader.alive_bitset();
            while postings.doc() != TERMINATED {
                let doc = postings.doc();
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    let addr = DocAddress::new(segment as u32, doc);
                    passages.push(StoredPassage::load(searcher, fields, addr)?);
                }
                postings.advance();
            }
        }
        if passages.is_empty() {
            return Ok(None);
        }
        Ok(Some(DocText::stitch(passages)))
    }

    /// Places passages of one document by their byte offsets (in any
    /// order) and indexes the text.
    pub fn stitch(mut passages: Vec<StoredPassage>) -> DocText {
        passages.sort_by_key(|p| p.byte_start);
        let paged = passages.iter().any(|p| p.page.is_some());
        let title = passages.first().map(|p| p.title.clone()).unwrap_or_default();
        let mut ocr_pages: Vec<u64> = passages.iter().flat_map(|p| p.ocr_pages.iter().copied()).collect();
        ocr_pages.sort_unstable();
        ocr_pages.dedup();
        let mut text = String::with_capacity(passages.last().map_or(0, |p| p.byte_start + p.body.len()));
        let (mut line, mut page) = (1u64, 1u64);
        // The bytes of `text` whose line ends and form feeds `line` and
        // `page` count: counted only when a gap needs them (the index
        // of the whole text is built once, below).
        let mut counted = 0;
        for p in passages {
            let covered = text.len();
            if p.byte_start > covered {
                line += count(&text[counted..], b'\n') as u64;
                page += count(&text[counted..], b'\x0c') as u64;
                // A gap: what the next passage says it held, then spaces.
                let gap = p.byte_start - covered;
                let lines = (p.line_start.saturating_sub(line) as usize).min(gap);
                let pages = (p.page.unwrap_or(page).saturating_sub(page) as usize).min(gap - lines);
                text.extend(std::iter::repeat_n('\n', lines));
                text.extend(std::iter::repeat_n('\x0c', pages));
                text.extend(std::iter::repeat_n(' ', gap - lines - pages));
                line += lines as u64;
                page += pages as u64;
                counted = text.len();
            }
            // Only what no earlier passage held is added.
            if let Some(rest) = p.body.get(text.len() - p.byte_start..) {
                text.push_str(rest);
            }
        }
        DocText {
            ocr_pages,
            ..DocText::new(text, paged, title)
        }
    }

    /// A text with its index (`paged`: whether a form feed ends each page).
    pub fn new(text: String, paged: bool, title: String) -> DocText {
        // One pass each (memchr-like), not a branch per byte.
        let after = |c: char| text.match_indices(c).map(|(i, _)| i + 1);
        let lines: Vec<usize> = std::iter::once(0).chain(after('\n')).collect();
        let pages: Vec<usize> = if paged { after('\x0c').collect() } else { Vec::new() };
        DocText {
            text,
            paged,
            title,
            lines,
            pages,
            ocr_pages: Vec::new(),
        }
    }

    /// Whether the text of `page` was read by OCR (a scan, an image).
    pub fn read_by_ocr(&self, page: Option<u64>) -> bool {
        page.is_some_and(|p| self.ocr_pages.binary_search(&p).is_ok())
    }

    /// The number of lines (a text without a line end has one).
    pub fn line_count(&self) -> u64 {
        self.lines.len() as u64
    }

    /// The line (1-based) of byte `at`.
    pub fn line_of(&self, at: usize) -> u64 {
        self.lines.partition_point(|&s| s <= at) as u64
    }

    /// The page (1-based) of byte `at` in a paged document.
    pub fn page_of(&self, at: usize) -> Option<u64> {
        self.paged.then(|| self.pages.partition_point(|&s| s <= at) as u64 + 1)
    }

    /// The page of line `n` in a paged document: of its first byte after
    /// the form feeds that start it (pdftotext starts a page on a line of
    /// its own).
    pub fn page_of_line(&self, n: u64) -> Option<u64> {
        let range = self.line_range(n);
        let feeds = self.text[range.clone()].bytes().take_while(|&b| b == b'\x0c').count();
        self.page_of((range.start + feeds).min(range.end.max(range.start)))
    }

    /// Where byte `at` is: line, column, page.
    pub fn place(&self, at: usize) -> Place {
        let line = self.line_of(at);
        Place {
            line,
            column: (at - self.lines[(line - 1) as usize] + 1) as u64,
            page: self.page_of(at),
        }
    }

    /// The byte range of line `n` (1-based; clamped to the text), without
    /// its `\n`.
    pub fn line_range(&self, n: u64) -> Range<usize> {
        let i = (n.clamp(1, self.line_count()) - 1) as usize;
        let start = self.lines[i];
        let end = self.lines.get(i + 1).map_or(self.text.len(), |&next| next - 1);
        start..end
    }

    /// The byte range of lines `from..=to` (1-based, clamped), without
    /// the last one's `\n`.
    pub fn lines_range(&self, from: u64, to: u64) -> Range<usize> {
        self.line_range(from).start..self.line_range(to.max(from)).end
    }

    /// The bytes of the line (or page: a form feed ends a line as far as
    /// context goes) around `range`: from the line start before it to the
    /// line end after it.
    pub fn line_around(&self, range: Range<usize>) -> Range<usize> {
        let first = self.line_range(self.line_of(range.start));
        let last = self.line_range(self.line_of(range.end.saturating_sub(1).max(range.start)));
        let (mut start, mut end) = (first.start, last.end);
        let before = self.pages.partition_point(|&p| p <= range.start);
        if let Some(&page) = before.checked_sub(1).and_then(|i| self.pages.get(i)) {
            start = start.max(page);
        }
        if let Some(&next) = self.pages.get(self.pages.partition_point(|&p| p <= range.end)) {
            end = end.min(next - 1);
        }
        start..end
    }
}

fn count(s: &str, byte: u8) -> usize {
    s.bytes().filter(|&b| b == byte).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(byte_start: usize, line_start: u64, page: Option<u64>, body: &str) -> StoredPassage {
        StoredPassage::new("", body.to_string(), line_start, 0, byte_start, page)
    }

    #[test]
    fn overlapping_passages_make_one_text_and_gaps_keep_lines_and_pages() {
        let full = "\n\none two\nthree\x0cfour five\nsix";
        let doc = DocText::stitch(vec![
            passage(14, 4, Some(1), &full[14..]),
            passage(2, 3, Some(1), &full[2..20]),
        ]);
        assert_eq!(doc.text, full);
        let four = full.find("four").unwrap();
        let six = full.find("six").unwrap();
        let at = |b| {
            let p = doc.place(b);
            (p.line, p.column, p.page)
        };
        assert_eq!(at(four), (4, 7, Some(2)));
        assert_eq!(at(six), (5, 1, Some(2)));
        assert_eq!(at(0), (1, 1, Some(1)));
        assert_eq!(doc.line_count(), 5);
        assert_eq!(&doc.text[doc.line_range(4)], "three\x0cfour five");
        assert_eq!(&doc.text[doc.line_range(99)], "six");
        assert_eq!(&doc.text[doc.lines_range(3, 4)], "one two\nthree\x0cfour five");
        // A form feed ends a line as far as context goes.
        assert_eq!(&doc.text[doc.line_around(four..four + 4)], "four five");
    }

    #[test]
    fn a_text_without_pages_has_none() {
        let doc = DocText::new("a\x0cb\nc".into(), false, String::new());
        assert_eq!(
            doc.place(4),
            Place {
                line: 2,
                column: 1,
                page: None
            }
        );
        assert_eq!(&doc.text[doc.line_around(2..3)], "a\x0cb");
    }
}
