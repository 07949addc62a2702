//! A passage as the document tantivy indexes and stores.
//!
//! A [`PassageDoc`] borrows its text, title and path from its file's
//! [`FileText`], which every passage of the file shares: the text is in
//! memory once, however many fields analyze it (`body`, `body_stem` and
//! `body_key` are given the same text) and however many passages overlap.
//! tantivy reads a document through the [`Document`] trait, field by field,
//! without copying it into a `TantivyDocument`.

use sagasu_analysis::schema::Fields;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Field, Value};
use tantivy::Document;

use crate::content::FilePassage;
use crate::inflight::Held;

/// A passage on its way through tantivy: its fields, and its bytes in the
/// writer's back-pressure gauge (given back when tantivy drops it, i.e.
/// once it is indexed).
pub(crate) struct PassageDoc {
    passage: FilePassage,
    fields: Fields,
    /// The file went to tantivy in several batches (see `Fields::spans`).
    spans: bool,
    _held: Held,
}

impl PassageDoc {
    pub(crate) fn new(passage: FilePassage, fields: Fields, spans: bool, held: Held) -> PassageDoc {
        PassageDoc {
            passage,
            fields,
            spans,
            _held: held,
        }
    }
}

/// A field value of a [`PassageDoc`], borrowed from it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PassageValue<'a> {
    /// Text.
    Str(&'a str),
    /// An unsigned number.
    U64(u64),
    /// A signed number.
    I64(i64),
}

impl<'a> Value<'a> for PassageValue<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match *self {
            PassageValue::Str(s) => ReferenceValueLeaf::Str(s),
            PassageValue::U64(n) => ReferenceValueLeaf::U64(n),
            PassageValue::I64(n) => ReferenceValueLeaf::I64(n),
        })
    }
}

/// The fields of a [`PassageDoc`], in the schema's order.
pub(crate) struct PassageFields<'a> {
    doc: &'a PassageDoc,
    next: u8,
    /// The next of the passage's OCR pages.
    ocr: usize,
}

impl<'a> Iterator for PassageFields<'a> {
    type Item = (Field, PassageValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let (p, f) = (&self.doc.passage, &self.doc.fields);
        let file = &*p.file;
        let first = p.number == 0;
        loop {
            let i = self.next;
            self.next += 1;
            let value = match i {
                0 => (f.path, PassageValue::Str(&file.key)),
                1 => (f.title, PassageValue::Str(&file.title)),
                // The shown title is the field's first value (what is read
                // back); the lead is scored with it.
                2 => match &file.lead {
                    Some(lead) => (f.title, PassageValue::Str(lead)),
                    None => continue,
                },
                3 => (f.body, PassageValue::Str(p.body())),
                4 => (f.body_stem, PassageValue::Str(p.body())),
                5 => (f.body_key, PassageValue::Str(p.body())),
                6 => (f.line_start, PassageValue::U64(p.place.line_start)),
                7 => (f.line_end, PassageValue::U64(p.place.line_end)),
                8 => (f.byte_start, PassageValue::U64(p.place.byte_start as u64)),
                9 => (f.passage, PassageValue::U64(p.number)),
                10 => match p.page {
                    Some(page) => (f.page, PassageValue::U64(page)),
                    None => continue,
                },
                11 => match p.ocr.get(self.ocr) {
                    Some(&page) => {
                        // Stay here for the next OCR page.
                        self.ocr += 1;
                        self.next = 11;
                        (f.ocr, PassageValue::U64(page))
                    }
                    None => continue,
                },
                12 if self.doc.spans => (f.spans, PassageValue::U64(1)),
                13 if first => (f.size, PassageValue::U64(file.size)),
                14 if first => (f.mtime, PassageValue::I64(file.mtime)),
                15 if first => (f.hash, PassageValue::Str(&file.hash)),
                16 if first => (f.indexed, PassageValue::I64(file.indexed)),
                12..=16 => continue,
                _ => return None,
            };
            return Some(value);
        }
    }
}

impl Document for PassageDoc {
    type Value<'a> = PassageValue<'a>;
    type FieldsValuesIter<'a> = PassageFields<'a>;

    fn iter_fields_and_values(&self) -> PassageFields<'_> {
        PassageFields {
            doc: self,
            next: 0,
            ocr: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tantivy::schema::document::CompactDocValue;
    use tantivy::{doc, TantivyDocument};

    use super::*;
    use crate::content::FileText;
    use crate::inflight::InFlight;
    use crate::passage::Passage;

    fn pairs<'a, V: Value<'a>>(values: impl Iterator<Item = (Field, V)>) -> Vec<(Field, String)> {
        values
            .map(|(f, v)| (f, format!("{:?}", v.as_value().as_leaf())))
            .collect()
    }

    /// The document tantivy reads is the one the indexer used to build as
    /// a `TantivyDocument`, field for field, first passage or not.
    #[test]
    fn a_passage_reads_as_the_document_it_stands_for() {
        let (_, fields) = Fields::build();
        let file = Arc::new(FileText {
            key: "dir/a.pdf".into(),
            title: "A title".into(),
            lead: Some("A lead".into()),
            text: "first line\nsecond line\n".into(),
            size: 23,
            mtime: -5,
            hash: "abc".into(),
            indexed: 7,
        });
        let gauge = InFlight::new(1 << 20);
        for (number, page, ocr, spans) in [(0, Some(1), vec![1, 2], false), (1, None, vec![], true)] {
            let place = Passage {
                byte_start: 11,
                byte_end: 22,
                line_start: 2,
                line_end: 2,
            };
            let passage = FilePassage {
                file: Arc::clone(&file),
                place,
                number,
                page,
                ocr: ocr.clone(),
            };
            let doc = PassageDoc::new(passage, fields, spans, Held::new(&gauge, 0));
            let mut expected = doc!(
                fields.path => "dir/a.pdf",
                fields.title => "A title",
                fields.title => "A lead",
                fields.body => "second line",
                fields.body_stem => "second line",
                fields.body_key => "second line",
                fields.line_start => 2u64,
                fields.line_end => 2u64,
                fields.byte_start => 11u64,
                fields.passage => number,
            );
            if let Some(page) = page {
                expected.add_u64(fields.page, page);
            }
            for page in ocr {
                expected.add_u64(fields.ocr, page);
            }
            if spans {
                expected.add_u64(fields.spans, 1);
            }
            if number == 0 {
                expected.add_u64(fields.size, 23);
                expected.add_i64(fields.mtime, -5);
                expected.add_text(fields.hash, "abc");
                expected.add_i64(fields.indexed, 7);
            }
            let expected: Vec<(Field, CompactDocValue)> = TantivyDocument::iter_fields_and_values(&expected).collect();
            assert_eq!(pairs(doc.iter_fields_and_values()), pairs(expected.into_iter()));
        }
    }
}
