//! The text a zip container (DOCX, ODT, EPUB) extracts to, bounded while
//! it grows: by the text limit (`--max-file-size`, as a PDF's text is),
//! and by how far it may expand from the file's own bytes.
//!
//! The archive bounds what is unpacked; this bounds what the unpacked XML
//! turns into. Both are needed: 8 MB of `<text:s text:c="1000"/>` is 350 MB
//! of spaces, and an EPUB's spine may list one chapter 63 times (issue 24,
//! items 1 and 11). The text stops growing at its bound, so such a file is
//! refused without its whole text ever being held.

use super::archive::{MAX_RATIO, RATIO_FROM};
use sagasu_store::SkipReason;

/// A text that refuses to grow past its bound: the text limit, or
/// [`MAX_RATIO`] times the file's bytes (the bound a zip member is held
/// to, past [`RATIO_FROM`]). A document's text is rarely larger than its
/// container (text compresses 3–10 times, and the container holds markup,
/// styles and images): only a crafted file expands 100 times.
#[derive(Debug)]
pub(crate) struct BoundedText {
    text: String,
    /// The text limit (`--max-file-size`).
    max_text: u64,
    /// The file's size in bytes.
    compressed: u64,
    /// The smaller of the text limit and the expansion bound.
    bound: u64,
}

impl BoundedText {
    /// An empty text for a file of `file_len` bytes, with the text limit
    /// `max_text`.
    pub fn new(file_len: usize, max_text: u64) -> BoundedText {
        let compressed = file_len as u64;
        let by_ratio = compressed.saturating_mul(MAX_RATIO).max(RATIO_FROM);
        BoundedText {
            text: String::new(),
            max_text,
            compressed,
            bound: by_ratio.min(max_text),
        }
    }

    /// Appends `s`, or says why the text may not grow that far.
    pub fn push_str(&mut self, s: &str) -> Result<(), SkipReason> {
        self.room_for(s.len())?;
        self.text.push_str(s);
        Ok(())
    }

    /// Appends `c`.
    pub fn push(&mut self, c: char) -> Result<(), SkipReason> {
        self.room_for(c.len_utf8())?;
        self.text.push(c);
        Ok(())
    }

    /// Appends `n` spaces.
    pub fn spaces(&mut self, n: usize) -> Result<(), SkipReason> {
        self.room_for(n)?;
        self.text.extend(std::iter::repeat_n(' ', n));
        Ok(())
    }

    /// Whether nothing was appended.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether the text ends with `c`.
    pub fn ends_with(&self, c: char) -> bool {
        self.text.ends_with(c)
    }

    /// The text.
    pub fn into_string(self) -> String {
        self.text
    }

    fn room_for(&self, more: usize) -> Result<(), SkipReason> {
        let len = self.text.len() as u64 + more as u64;
        if len <= self.bound {
            return Ok(());
        }
        if self.bound == self.max_text {
            return Err(SkipReason::TextTooLarge { limit: self.max_text });
        }
        Err(SkipReason::ZipBomb {
            member: "its text".into(),
            size: len,
            compressed: self.compressed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_limit_holds() {
        let mut t = BoundedText::new(10 << 20, 100);
        t.spaces(60).unwrap();
        assert_eq!(
            t.push_str(&"x".repeat(41)),
            Err(SkipReason::TextTooLarge { limit: 100 })
        );
        t.push_str(&"x".repeat(40)).unwrap();
        assert_eq!(t.into_string().len(), 100);
    }

    #[test]
    fn a_text_far_larger_than_its_file_is_refused() {
        let mut t = BoundedText::new(3_111, 64 << 20);
        t.spaces(1 << 20).unwrap();
        match t.push('x') {
            Err(SkipReason::ZipBomb { size, compressed, .. }) => assert_eq!((size, compressed), ((1 << 20) + 1, 3_111)),
            other => panic!("{other:?}"),
        }
        let mut t = BoundedText::new(155_000, 64 << 20);
        t.spaces(15_500_000).unwrap();
        assert!(matches!(t.spaces(1), Err(SkipReason::ZipBomb { .. })));
    }
}
