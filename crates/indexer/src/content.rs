//! A file's text to the passage documents of the index:
//! `text with locations → passages → documents`. The text comes from
//! [`extract`](crate::extract) (bytes → text, per format).

use std::sync::Arc;

use crate::extract::Text;
use crate::passage::{self, Passage, PassageConfig};

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

/// What every passage of a file shares: its key, title, text and
/// fingerprint, held once for all of them (a passage is a range of the
/// text, not a copy).
#[derive(Debug)]
pub(crate) struct FileText {
    /// The file's key (its path relative to the corpus).
    pub key: String,
    /// Its title (shown, stored and scored).
    pub title: String,
    /// The lead scored with the title, never shown (see
    /// [`crate::title::Title`]).
    pub lead: Option<String>,
    /// Its text.
    pub text: String,
    /// Size in bytes (fingerprint).
    pub size: u64,
    /// Modification time, ns since the epoch (fingerprint).
    pub mtime: i64,
    /// Hex BLAKE3 hash of the bytes (fingerprint).
    pub hash: String,
    /// When this version was read, ns since the epoch.
    pub indexed: i64,
}

/// One passage of a file: its place in the file's shared text.
#[derive(Debug, Clone)]
pub(crate) struct FilePassage {
    /// The file.
    pub file: Arc<FileText>,
    /// Where the passage is.
    pub place: Passage,
    /// Its number within the file (0 for the first, which carries the
    /// fingerprint).
    pub number: u64,
    /// The page of its first byte, for a paged text.
    pub page: Option<u64>,
    /// The pages of the passage whose text came from OCR.
    pub ocr: Vec<u64>,
}

impl FilePassage {
    /// The passage's text.
    pub fn body(&self) -> &str {
        &self.file.text[self.place.byte_start..self.place.byte_end]
    }
}

/// The passages of a file; none if the text has no words.
///
/// Every passage carries its path, title (and the lead scored with it, see
/// [`crate::title::Title`]), text and place; only the first carries the
/// file's fingerprint, which the manifest reads back.
pub(crate) fn passages(key: &str, text: Text, stamp: FileStamp<'_>, config: &PassageConfig) -> Vec<FilePassage> {
    let places = passage::split(&text.text, config);
    if places.is_empty() {
        return Vec::new();
    }
    let title = crate::title::choose(text.title.as_deref(), text.cover.as_ref(), &text.text, key);
    let mut pages = text.paged.then(|| Pages::new(&text.text));
    let pages: Vec<(Option<u64>, Vec<u64>)> = places
        .iter()
        .map(|p| match &mut pages {
            Some(pages) => {
                let first = pages.page_at(p.byte_start);
                (Some(first), ocr_pages(&text, p, first))
            }
            None => (None, Vec::new()),
        })
        .collect();
    let file = Arc::new(FileText {
        key: key.to_string(),
        title: title.shown,
        lead: title.lead,
        text: text.text,
        size: stamp.size,
        mtime: stamp.mtime,
        hash: stamp.hash.to_string(),
        indexed: now_nanos(),
    });
    places
        .into_iter()
        .zip(pages)
        .enumerate()
        .map(|(i, (place, (page, ocr)))| FilePassage {
            file: Arc::clone(&file),
            place,
            number: i as u64,
            page,
            ocr,
        })
        .collect()
}

/// Now, in nanoseconds since the epoch (0 on a clock set before it).
fn now_nanos() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// The pages of passage `p` (whose first byte is on page `first`) that
/// came from OCR.
fn ocr_pages(text: &Text, p: &Passage, first: u64) -> Vec<u64> {
    if text.ocr_pages.is_empty() {
        return Vec::new();
    }
    // A form feed ends a page: one as the passage's last byte starts no
    // page of it.
    let body = &text.text.as_bytes()[p.byte_start..p.byte_end];
    let within = body[..body.len().saturating_sub(1)]
        .iter()
        .filter(|&&b| b == b'\x0c')
        .count() as u64;
    (first..=first + within)
        .filter(|page| text.ocr_pages.binary_search(page).is_ok())
        .collect()
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

    /// A passage names the pages of it that OCR read, and only those: a
    /// hit on a page with a text layer is not marked.
    #[test]
    fn passages_carry_the_pages_read_by_ocr() {
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
        let passages = passages("scan.pdf", text, stamp, &config);
        let seen: Vec<(Vec<u64>, Vec<u64>)> = passages
            .iter()
            .map(|p| (p.page.into_iter().collect(), p.ocr.clone()))
            .collect();
        assert_eq!(
            seen,
            // A passage starting at a form feed starts on the page that
            // form feed ends.
            [(vec![1], vec![2]), (vec![1], vec![2]), (vec![2], vec![2, 4])],
            "passages: {:?}",
            passages.iter().map(FilePassage::body).collect::<Vec<_>>()
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
