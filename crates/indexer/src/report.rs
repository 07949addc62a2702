//! What an indexing pass did.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use sagasu_store::SkipReason;

/// A file that was not indexed, and why.
///
/// In JSON: `{"path": …, "kind": …, "reason": …}`, with the reason's stable
/// [`kind`](SkipReason::kind) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Path relative to the corpus (escaped if not UTF-8).
    pub path: String,
    /// Why it was skipped.
    pub reason: SkipReason,
}

impl Serialize for Skipped {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Skipped", 3)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("kind", self.reason.kind())?;
        st.serialize_field("reason", &self.reason.to_string())?;
        st.end()
    }
}

/// A page of an indexed file that OCR could not read, and why.
///
/// In JSON: `{"path": …, "page": …, "kind": …, "reason": …}`, as
/// [`Skipped`] with the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLeftOut {
    /// Path relative to the corpus (escaped if not UTF-8).
    pub path: String,
    /// The page (1-based).
    pub page: u64,
    /// Why it was left out.
    pub reason: SkipReason,
}

impl Serialize for PageLeftOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("PageLeftOut", 4)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("page", &self.page)?;
        st.serialize_field("kind", self.reason.kind())?;
        st.serialize_field("reason", &self.reason.to_string())?;
        st.end()
    }
}

/// What OCR did in a pass.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OcrReport {
    /// Pages read by Tesseract.
    pub pages: u64,
    /// Pages whose text came from the OCR cache (read by an earlier pass).
    pub cached: u64,
    /// Time spent rendering and reading pages, in milliseconds, summed over
    /// pages (pages read at once overlap: it can exceed the pass's time).
    pub ms: u64,
    /// Pages read a second time as Korean (the default languages gave
    /// mostly Hangul), counted in `pages` once.
    pub reread_korean: u64,
    /// Pages read a second time as vertical Japanese (`jpn_vert`): the
    /// first reading was next to empty or single characters.
    pub reread_vertical: u64,
    /// Pages that looked like vertical Japanese but were not read again:
    /// the `jpn_vert` pack is not installed.
    pub vertical_unread: u64,
    /// Pages of indexed files that OCR could not read (no text found, a
    /// time limit, a crash, a missing helper), in walk order.
    pub pages_left_out: Vec<PageLeftOut>,
}

/// What one indexing pass did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Files indexed for the first time.
    pub added: u64,
    /// Files re-indexed because their content changed.
    pub updated: u64,
    /// Files deleted from the index because they left the corpus.
    pub removed: u64,
    /// Files left as they were (not opened when size and mtime matched).
    pub unchanged: u64,
    /// Files not indexed, with the reason.
    pub skipped: Vec<Skipped>,
    /// Documents in the index after the pass.
    pub documents: u64,
    /// Passages in the index after the pass.
    pub passages: u64,
    /// Wall time of the pass in milliseconds.
    pub elapsed_ms: u64,
    /// Bytes read from files in this pass.
    pub bytes_read: u64,
    /// Files decoded from an encoding other than UTF-8: `path: encoding`.
    pub encodings: Vec<String>,
    /// Why the whole index was rebuilt, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rebuilt: Option<String>,
    /// The pass finished a first build that had been interrupted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resumed: bool,
    /// What OCR did.
    pub ocr: OcrReport,
}

impl IndexReport {
    /// Files the pass wrote or deleted.
    pub fn changed(&self) -> u64 {
        self.added + self.updated + self.removed
    }
}
