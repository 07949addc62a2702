//! A PDF's first page as lines of type: what `extract::cover` reads from
//! `pdftotext -bbox-layout` and `title` chooses a title from.
//!
//! Below both (issue 24: `extract` and `title` imported each other when
//! these types lived in `title`).

/// The first page of a PDF, as lines of type.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Cover {
    /// The page's lines in reading order.
    pub lines: Vec<CoverLine>,
    /// The author the metadata names, if any.
    pub author: Option<String>,
    /// Made by a TeX engine (its producer or creator says TeX).
    pub tex: bool,
    /// The document's number of pages.
    pub pages: usize,
}

/// One line of a first page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CoverLine {
    /// Its words, joined (pieces of one word that touch are one word).
    pub text: String,
    /// Its type size: the height of most of its letters, in points.
    pub size: f32,
    /// Its top and bottom on the page, in points from the top.
    pub top: f32,
    /// See `top`.
    pub bottom: f32,
}
