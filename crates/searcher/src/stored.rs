//! A passage's stored fields: read back from the index, or handed over
//! by another engine that holds the same passages (Quickwit).

use sagasu_analysis::safe::strip_unsafe;
use sagasu_analysis::schema::Fields;
use tantivy::schema::document::{
    DeserializeError, DocumentDeserialize, DocumentDeserializer, ValueDeserialize, ValueDeserializer, ValueVisitor,
};
use tantivy::schema::Field;
use tantivy::DocAddress;

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
        let Values(mut values) = searcher.doc(addr)?;
        let num = |values: &[(Field, Stored)], f| match values.iter().find(|(field, _)| *field == f) {
            Some((_, Stored::Number(n))) => Some(*n),
            _ => None,
        };
        let line_start = num(&values, fields.line_start).unwrap_or(0);
        let line_end = num(&values, fields.line_end).unwrap_or(0);
        let byte_start = num(&values, fields.byte_start).unwrap_or(0) as usize;
        let page = num(&values, fields.page);
        let ocr_pages = values
            .iter()
            .filter(|(field, _)| *field == fields.ocr)
            .filter_map(|(_, v)| match v {
                Stored::Number(n) => Some(*n),
                _ => None,
            })
            .collect();
        // The texts are moved out, not copied.
        let mut text = |f| match values.iter_mut().find(|(field, _)| *field == f) {
            Some((_, Stored::Text(s))) => std::mem::take(s),
            _ => String::new(),
        };
        Ok(StoredPassage {
            title: strip_unsafe(&text(fields.title)).into_owned(),
            body: text(fields.body),
            line_start,
            line_end,
            byte_start,
            page,
            ocr_pages,
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

/// A passage's stored values in store order, read without tantivy's
/// general document (its arena and value tree, then a copy of each text,
/// cost more than the values: `--every` reads every passage of every
/// matching document). The first value of a field is the one read, as
/// `get_first` reads it.
struct Values(Vec<(Field, Stored)>);

/// One stored value: the schema's passages store texts and numbers only.
enum Stored {
    Text(String),
    Number(u64),
    Other,
}

impl DocumentDeserialize for Values {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(mut doc: D) -> Result<Self, DeserializeError> {
        let mut values = Vec::with_capacity(doc.size_hint());
        while let Some(value) = doc.next_field::<Stored>()? {
            values.push(value);
        }
        Ok(Values(values))
    }
}

impl ValueDeserialize for Stored {
    fn deserialize<'de, D: ValueDeserializer<'de>>(value: D) -> Result<Self, DeserializeError> {
        value.deserialize_any(StoredVisitor)
    }
}

/// Texts and unsigned numbers kept; any other scalar read and dropped
/// (arrays and objects, which only JSON fields hold, stay errors).
struct StoredVisitor;

impl ValueVisitor for StoredVisitor {
    type Value = Stored;

    fn visit_null(&self) -> Result<Stored, DeserializeError> {
        Ok(Stored::Other)
    }

    fn visit_string(&self, s: String) -> Result<Stored, DeserializeError> {
        Ok(Stored::Text(s))
    }

    fn visit_u64(&self, n: u64) -> Result<Stored, DeserializeError> {
        Ok(Stored::Number(n))
    }

    fn visit_i64(&self, _: i64) -> Result<Stored, DeserializeError> {
        Ok(Stored::Other)
    }

    fn visit_f64(&self, _: f64) -> Result<Stored, DeserializeError> {
        Ok(Stored::Other)
    }

    fn visit_bool(&self, _: bool) -> Result<Stored, DeserializeError> {
        Ok(Stored::Other)
    }

    fn visit_datetime(&self, _: tantivy::DateTime) -> Result<Stored, DeserializeError> {
        Ok(Stored::Other)
    }

    fn visit_bytes(&self, _: Vec<u8>) -> Result<Stored, DeserializeError> {
        Ok(Stored::Other)
    }
}
