//! The index schema: one tantivy document per passage.
//!
//! Every passage carries its file's path; the first passage of each file
//! also carries the file's fingerprint (size, mtime, content hash), which
//! makes the index its own manifest: `sagasu index` reads the fingerprints
//! back instead of keeping a side file.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

use crate::tokenizer::{EXACT_TOKENIZER, NAME_KEY_TOKENIZER, STEM_TOKENIZER};

/// Field names, as users write them in `field:value` queries.
pub const PATH: &str = "path";
/// Title of the document (first non-empty line, or `<title>` for HTML).
pub const TITLE: &str = "title";
/// Passage text, exact (folded) forms.
pub const BODY: &str = "body";
/// Passage text, English stems.
pub const BODY_STEM: &str = "body_stem";
/// Romanization keys of the passage's names.
pub const BODY_KEY: &str = "body_key";
/// First line of the passage.
pub const LINE_START: &str = "line_start";
/// Last line of the passage.
pub const LINE_END: &str = "line_end";
/// Byte offset of the passage.
pub const BYTE_START: &str = "byte_start";
/// Index of the passage within its document.
pub const PASSAGE: &str = "passage";
/// Page of the passage's first byte (paged documents only: PDF).
pub const PAGE: &str = "page";
/// Pages of the passage whose text was read by OCR (scanned pages,
/// images).
pub const OCR: &str = "ocr";
/// Set on every passage of a file indexed in several batches (so its
/// passages may lie in several segments).
pub const SPANS: &str = "spans";
/// File size (fingerprint, first passage only).
pub const SIZE: &str = "size";
/// File modification time (fingerprint, first passage only).
pub const MTIME: &str = "mtime";
/// File content hash (fingerprint, first passage only).
pub const HASH: &str = "hash";
/// When the file's indexed version was read (first passage only).
pub const INDEXED_AT: &str = "indexed";

/// Handles to every field of a sagasu index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Path relative to the corpus root, `/`-separated (raw, untokenized).
    pub path: Field,
    /// Document title, analyzed exact forms, stored.
    pub title: Field,
    /// Passage text, analyzed exact forms with positions, stored.
    pub body: Field,
    /// Passage text, stemmed, with positions; not stored.
    pub body_stem: Field,
    /// Romanization keys of the passage's names
    /// ([`crate::romanize::name_keys`]), with positions; not stored. The
    /// indexer gives it the passage text, like `body`.
    pub body_key: Field,
    /// First line (1-based) of the passage in its document.
    pub line_start: Field,
    /// Last line (1-based, inclusive) of the passage.
    pub line_end: Field,
    /// Byte offset of the passage in its decoded document.
    pub byte_start: Field,
    /// 0-based index of the passage within its document (indexed: the
    /// first passages count the documents).
    pub passage: Field,
    /// Page (1-based) of the passage's first byte, for paged documents
    /// (PDF); absent for the others. The page of a byte further in is this
    /// plus the form feeds before it in the passage (a form feed starts
    /// each page).
    pub page: Field,
    /// The pages (1-based) of this passage whose text was read by OCR from
    /// a scan or an image, one value each (stored; absent when none): a
    /// hit on one of them says so, since OCR misspells. Every document
    /// with OCR text is paged.
    pub ocr: Field,
    /// 1 on every passage of a file too large for one indexing batch
    /// (absent otherwise): its passages may lie in several segments, so
    /// the searcher counts and excludes it by its path, not by a path
    /// ordinal within one segment (a fast field).
    pub spans: Field,
    /// File size in bytes (fingerprint; first passage only, a fast field).
    pub size: Field,
    /// File modification time in nanoseconds since the epoch (fingerprint;
    /// first passage only, a fast field).
    pub mtime: Field,
    /// Hex BLAKE3 hash of the file's bytes (fingerprint; first passage
    /// only, a fast field).
    pub hash: Field,
    /// When the indexed version of the file was read, in nanoseconds since
    /// the epoch (first passage only, a fast field; `sagasu files`). A
    /// touched file whose bytes did not change keeps its time: the index
    /// still holds the version read then.
    pub indexed: Field,
}

impl Fields {
    /// Builds the sagasu schema and its field handles.
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let text = |tokenizer: &str, record: IndexRecordOption| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(record),
            )
        };
        let positions = IndexRecordOption::WithFreqsAndPositions;
        let fields = Fields {
            path: b.add_text_field(PATH, STRING | STORED | FAST),
            title: b.add_text_field(TITLE, text(EXACT_TOKENIZER, positions).set_stored()),
            body: b.add_text_field(BODY, text(EXACT_TOKENIZER, positions).set_stored()),
            body_stem: b.add_text_field(BODY_STEM, text(STEM_TOKENIZER, positions)),
            body_key: b.add_text_field(BODY_KEY, text(NAME_KEY_TOKENIZER, positions)),
            line_start: b.add_u64_field(LINE_START, STORED),
            line_end: b.add_u64_field(LINE_END, STORED),
            byte_start: b.add_u64_field(BYTE_START, STORED),
            // The fingerprint and the passage number are read from fast
            // fields only: none of them is stored.
            passage: b.add_u64_field(PASSAGE, INDEXED | FAST),
            page: b.add_u64_field(PAGE, STORED),
            ocr: b.add_u64_field(OCR, STORED),
            spans: b.add_u64_field(SPANS, FAST),
            size: b.add_u64_field(SIZE, FAST),
            mtime: b.add_i64_field(MTIME, FAST),
            hash: b.add_text_field(HASH, STRING | FAST),
            indexed: b.add_i64_field(INDEXED_AT, FAST),
        };
        (b.build(), fields)
    }

    /// Field handles of an existing index's schema, or the name of the first
    /// missing field if the schema is not a sagasu schema.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let f = |name: &str| schema.get_field(name).map_err(|_| name.to_string());
        Ok(Fields {
            path: f(PATH)?,
            title: f(TITLE)?,
            body: f(BODY)?,
            body_stem: f(BODY_STEM)?,
            body_key: f(BODY_KEY)?,
            line_start: f(LINE_START)?,
            line_end: f(LINE_END)?,
            byte_start: f(BYTE_START)?,
            passage: f(PASSAGE)?,
            page: f(PAGE)?,
            ocr: f(OCR)?,
            spans: f(SPANS)?,
            size: f(SIZE)?,
            mtime: f(MTIME)?,
            hash: f(HASH)?,
            indexed: f(INDEXED_AT)?,
        })
    }
}

/// Fields a user may name in a `field:value` query, with what each holds.
pub const QUERYABLE_FIELDS: &[(&str, &str)] = &[
    (BODY, "passage text (the default)"),
    (TITLE, "document title"),
    (PATH, "path relative to the corpus; `path:004*` for a prefix"),
];
