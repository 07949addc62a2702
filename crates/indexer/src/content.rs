//! A file's text to the passage documents of the index:
//! `text with locations → passages → documents`. The text comes from
//! [`extract`](crate::extract) (bytes → text, per format).

use sagasu_analysis::schema::Fields;
use tantivy::{doc, TantivyDocument};

use crate::extract::Text;
use crate::passage::{self, PassageConfig};

/// The fingerprint of the version of a file that was read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileStamp<'a> {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, ns since the epoch.
    pub mtime: i64,
    /// Hex BLAKE3 hash of the bytes.
    pub hash: &'a str,
}

/// The passage documents of a file, each with the bytes it holds in memory
/// (for the writer's back-pressure); none if the text has no words.
///
/// Every passage carries its path, title (and the lead scored with it, see
/// [`crate::title::Title`]), text and place; only the first carries the
/// file's fingerprint, which the manifest reads back.
pub(crate) fn documents(
    fields: &Fields,
    key: &str,
    text: &Text,
    stamp: FileStamp<'_>,
    config: &PassageConfig,
) -> Vec<(TantivyDocument, usize)> {
    let passages = passage::split(&text.text, config);
    let title = crate::title::choose(text.title.as_deref(), text.cover.as_ref(), &text.text, key);
    let lead = title.lead.as_deref();
    let title = title.shown.as_str();
    let mut docs = Vec::with_capacity(passages.len());
    let mut pages = text.paged.then(|| Pages::new(&text.text));
    for (i, p) in passages.iter().enumerate() {
        let body = &text.text[p.byte_start..p.byte_end];
        let mut doc = doc!(
            fields.path => key,
            fields.title => title,
            fields.body => body,
            fields.body_stem => body,
            fields.body_key => body,
            fields.line_start => p.line_start,
            fields.line_end => p.line_end,
            fields.byte_start => p.byte_start as u64,
            fields.passage => i as u64,
        );
        // The shown title is the field's first value (what is read back);
        // the lead is scored with it.
        if let Some(lead) = lead {
            doc.add_text(fields.title, lead);
        }
        if let Some(pages) = &mut pages {
            let first = pages.page_at(p.byte_start);
            doc.add_u64(fields.page, first);
            if !text.ocr_pages.is_empty() {
                // A form feed ends a page: one as the passage's last byte
                // starts no page of it.
                let within = body.as_bytes()[..body.len().saturating_sub(1)]
                    .iter()
                    .filter(|&&b| b == b'\x0c')
                    .count() as u64;
                for page in (first..=first + within).filter(|p| text.ocr_pages.binary_search(p).is_ok()) {
                    doc.add_u64(fields.ocr, page);
                }
            }
        }
        if i == 0 {
            doc.add_u64(fields.size, stamp.size);
            doc.add_i64(fields.mtime, stamp.mtime);
            doc.add_text(fields.hash, stamp.hash);
        }
        let bytes = 3 * body.len() + title.len() + lead.map_or(0, str::len) + 256;
        docs.push((doc, bytes));
    }
    docs
}

/// The page of a byte of a paged text: one more than the form feeds before
/// it (pdftotext ends each page with one). Asked for increasing offsets, it
/// counts each form feed once.
struct Pages<'t> {
    text: &'t str,
    at: usize,
    page: u64,
}

impl<'t> Pages<'t> {
    fn new(text: &'t str) -> Pages<'t> {
        Pages { text, at: 0, page: 1 }
    }

    /// The page of byte `offset` (not less than the last one asked).
    fn page_at(&mut self, offset: usize) -> u64 {
        if offset > self.at {
            self.page += self.text.as_bytes()[self.at..offset]
                .iter()
                .filter(|&&b| b == b'\x0c')
                .count() as u64;
            self.at = offset;
        }
        self.page
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::Value;

    /// A passage names the pages of it that OCR read, and only those: a
    /// hit on a page with a text layer is not marked.
    #[test]
    fn passages_carry_the_pages_read_by_ocr() {
        let (_, fields) = Fields::build();
        let text = Text {
            text: "alpha one\n\x0cbeta two\n\x0cgamma three\n\x0cdelta four\n\x0c".into(),
            encoding: "UTF-8",
            title: None,
            paged: true,
            cover: None,
            ocr_pages: vec![2, 4],
            left_out: Vec::new(),
        };
        let config = PassageConfig {
            window: 3,
            stride: 2,
            ..PassageConfig::default()
        };
        let stamp = FileStamp {
            size: 1,
            mtime: 0,
            hash: "h",
        };
        let docs = documents(&fields, "scan.pdf", &text, stamp, &config);
        let pages = |d: &TantivyDocument, f| d.get_all(f).filter_map(|v| v.as_u64()).collect::<Vec<_>>();
        let seen: Vec<(Vec<u64>, Vec<u64>)> = docs
            .iter()
            .map(|(d, _)| (pages(d, fields.page), pages(d, fields.ocr)))
            .collect();
        assert_eq!(
            seen,
            // A passage starting at a form feed starts on the page that
            // form feed ends.
            [(vec![1], vec![2]), (vec![1], vec![2]), (vec![2], vec![2, 4])],
            "passages: {:?}",
            docs.iter()
                .map(|(d, _)| d
                    .get_first(fields.body)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string())
                .collect::<Vec<_>>()
        );
    }

    /// pdftotext ends each page with a form feed: a byte's page is one
    /// more than the form feeds before it.
    #[test]
    fn pages_count_the_form_feeds_before_an_offset() {
        let text = "one\n\x0ctwo\nmore\n\x0cthree\n\x0c";
        let mut pages = Pages::new(text);
        assert_eq!(pages.page_at(0), 1);
        // The form feed itself still ends page 1; the word after it is on 2.
        assert_eq!(pages.page_at(4), 1);
        assert_eq!(pages.page_at(5), 2);
        assert_eq!(pages.page_at(text.find("three").unwrap()), 3);
    }
}
