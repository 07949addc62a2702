//! A passage's stored fields: read back from the index, or handed over
//! by another engine that holds the same passages (Quickwit).

use sagasu_analysis::safe::strip_unsafe;
use sagasu_analysis::schema::Fields;
use tantivy::schema::Value;
use tantivy::{DocAddress, TantivyDocument};

use crate::error::SearchError;

/// A passage as stored: its text, its document's title, where it is.
/// What a snippet is cut from, wherever the passage was found.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPassage {
    /// The document's title, made safe to show.
    pub title: String,
    /// The passage text as indexed (original spelling).
    pub body: String,
    /// First line (1-based) of the passage in its document.
    pub line_start: u64,
    /// Last line of the passage.
    pub line_end: u64,
    /// Byte offset of the passage in its decoded document.
    pub byte_start: usize,
    /// Page of the passage's first byte, for paged documents (PDF).
    pub page: Option<u64>,
    /// The pages of the passage whose text was read by OCR (scans,
    /// images); empty for the others.
    pub ocr_pages: Vec<u64>,
}

impl StoredPassage {
    /// A passage found elsewhere (another engine's stored copy): the title
    /// is made safe to show, as [`StoredPassage::load`] makes it; the other
    /// fields are as stored (`page` of a paged document's passage, else
    /// `None`). No page is marked as read by OCR (the export to Quickwit
    /// does not carry the mark).
    pub fn new(
        title: &str,
        body: String,
        line_start: u64,
        line_end: u64,
        byte_start: usize,
        page: Option<u64>,
    ) -> StoredPassage {
        StoredPassage {
            title: strip_unsafe(title).into_owned(),
            body,
            line_start,
            line_end,
            byte_start,
            page,
            ocr_pages: Vec::new(),
        }
    }

    /// Loads the passage at `addr` from `searcher`, the snapshot the query
    /// ran on (a newer one could hold other documents at that address).
    pub(crate) fn load(
        searcher: &tantivy::Searcher,
        fields: &Fields,
        addr: DocAddress,
    ) -> Result<StoredPassage, SearchError> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text = |f| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let num = |f| doc.get_first(f).and_then(|v| v.as_u64()).unwrap_or(0);
        Ok(StoredPassage {
            title: strip_unsafe(&text(fields.title)).into_owned(),
            body: text(fields.body),
            line_start: num(fields.line_start),
            line_end: num(fields.line_end),
            byte_start: num(fields.byte_start) as usize,
            page: doc.get_first(fields.page).and_then(|v| v.as_u64()),
            ocr_pages: doc.get_all(fields.ocr).filter_map(|v| v.as_u64()).collect(),
        })
    }

    /// The page of the byte at `offset` in the passage, for a paged
    /// document: a form feed starts each page.
    pub(crate) fn page_at(&self, offset: usize) -> Option<u64> {
        self.page.map(|p| {
            p + self.body.as_bytes()[..offset.min(self.body.len())]
                .iter()
                .filter(|&&b| b == b'\x0c')
                .count() as u64
        })
    }

    /// Whether `page` of this passage was read by OCR.
    pub(crate) fn read_by_ocr(&self, page: Option<u64>) -> bool {
        page.is_some_and(|p| self.ocr_pages.contains(&p))
    }
}
