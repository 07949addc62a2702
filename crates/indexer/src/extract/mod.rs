//! Extraction: a file's bytes to text with locations, one small adapter per
//! format, chosen by the file's signature first and its extension second.
//!
//! | format | adapter | locations |
//! |---|---|---|
//! | text, Markdown, HTML (any encoding) | [`decode`](crate::decode) | lines |
//! | PDF | `pdf`: poppler's `pdftotext -raw` as a child process (`helper`); its first page's layout for the title (`cover`) | pages (a form feed starts each page) and lines of the text |
//! | DOCX | `docx`: `word/document.xml` and its footnotes and endnotes | lines (one per paragraph) |
//! | ODT | `odt`: `content.xml` (notes after the body) | lines (one per paragraph) |
//! | EPUB | `epub`: the chapters in spine order, each through the HTML path | lines |
//!
//! Zip containers are read through `archive`, which refuses zip bombs, and
//! their text grows in a `bounded` buffer: held to the text limit and to
//! 100 times the file's size.
//! What cannot be read is a [`SkipReason`]: never a silent drop.

mod archive;
mod bounded;
mod cover;
mod docx;
mod epub;
pub(crate) mod helper;
mod image;
pub(crate) mod ocr;
mod odt;
mod pdf;
mod xml;

use std::path::{Path, PathBuf};
use std::time::Duration;

use self::image::ImageFormat;
pub use self::ocr::OcrOptions;
use self::ocr::{Ocr, PagesRead};
use crate::decode::{decode_file, Decoded};
use crate::layout::Cover;
use sagasu_store::SkipReason;

/// The text of a file, ready to be cut into passages.
#[derive(Debug)]
pub(crate) struct Text {
    /// The text, line ends normalized to `\n`.
    pub text: String,
    /// The encoding it was decoded from (`UTF-8` for extracted documents).
    pub encoding: &'static str,
    /// The title its format declares (HTML `<title>`, PDF metadata), if any.
    pub title: Option<String>,
    /// Whether the text has pages: a form feed (`\f`) starts each page
    /// after the first (PDF).
    pub paged: bool,
    /// The first page's lines of type, for the title (PDF).
    pub cover: Option<Cover>,
    /// The pages (1-based, increasing) whose text was read by OCR; empty
    /// unless the text is paged.
    pub ocr_pages: Vec<u64>,
    /// Pages without text that OCR could not read, and why (the file is
    /// indexed without them).
    pub left_out: Vec<(u64, SkipReason)>,
}

impl Text {
    fn extracted(text: String, title: Option<String>) -> Text {
        Text {
            text,
            encoding: "UTF-8",
            title: title.filter(|t| !t.trim().is_empty()),
            paged: false,
            cover: None,
            ocr_pages: Vec::new(),
            left_out: Vec::new(),
        }
    }
}

/// How documents that are not text are read.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// The `pdftotext` program (poppler-utils): a path, or a name looked up
    /// in `PATH`.
    pub pdftotext: PathBuf,
    /// How long a helper may run on one file (on one page, for OCR) before
    /// it is killed.
    pub timeout: Duration,
    /// How scanned pages and page images are read.
    pub ocr: OcrOptions,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            pdftotext: PathBuf::from("pdftotext"),
            timeout: Duration::from_secs(60),
            ocr: OcrOptions::default(),
        }
    }
}

/// The formats sagasu reads and what reads each (for `sagasu formats`).
#[derive(Debug, Clone)]
pub struct FormatInfo {
    /// The format's name.
    pub format: &'static str,
    /// File name extensions (the signature decides first).
    pub extensions: &'static [&'static str],
    /// What reads it: built in, or the helper program.
    pub reader: String,
    /// The helper's version, or why it cannot run; `None` when built in.
    pub helper_status: Option<Result<String, String>>,
}

/// The formats sagasu reads, with the helper each needs and whether it
/// runs (its version) under `opts`.
pub fn formats(opts: &ExtractOptions) -> Vec<FormatInfo> {
    let builtin = |format, extensions, reader: &str| FormatInfo {
        format,
        extensions,
        reader: reader.to_string(),
        helper_status: None,
    };
    vec![
        builtin(
            "text",
            &["txt", "md", "…"],
            "built in (UTF-8, UTF-16, legacy encodings)",
        ),
        builtin("HTML", &["html", "htm", "xhtml"], "built in (html5ever)"),
        FormatInfo {
            format: "PDF",
            extensions: &["pdf"],
            reader: format!("{} -raw -enc UTF-8", opts.pdftotext.display()),
            helper_status: Some(pdf::helper_version(&opts.pdftotext)),
        },
        FormatInfo {
            format: "scanned PDF pages",
            extensions: &["pdf"],
            reader: format!(
                "{} -scale-to {}, then OCR",
                opts.ocr.pdftoppm.display(),
                ocr::render_pixels()
            ),
            helper_status: Some(ocr::pdftoppm_version(&opts.ocr.pdftoppm)),
        },
        FormatInfo {
            format: "page images (OCR)",
            extensions: &["png", "jpg", "jpeg", "tif", "tiff"],
            reader: format!("{} --psm 4", opts.ocr.tesseract.display()),
            helper_status: Some(ocr::tesseract_status(&opts.ocr)),
        },
        builtin("DOCX", &["docx"], "built in (zip, quick-xml)"),
        builtin("ODT", &["odt"], "built in (zip, quick-xml)"),
        builtin("EPUB", &["epub"], "built in (zip, quick-xml, html5ever)"),
    ]
}

/// A file's format, by its signature first and its extension second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text or HTML, or a binary format sagasu does not read.
    Text,
    Pdf,
    Docx,
    Odt,
    Epub,
    /// A page image (read by OCR).
    Image(ImageFormat),
}

impl Kind {
    fn of(path: &Path, bytes: &[u8]) -> Kind {
        // PDF readers accept the header anywhere in the first kilobyte.
        let head = &bytes[..bytes.len().min(1024)];
        if head.windows(5).any(|w| w == b"%PDF-") {
            return Kind::Pdf;
        }
        if let Some(format) = ImageFormat::of(bytes) {
            return Kind::Image(format);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            if let Some(kind) = archive::kind_of(bytes) {
                return kind;
            }
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            // A zip whose contents do not say what it is, or no signature:
            // the extension decides, and the adapter says what is wrong.
            "pdf" if !looks_like_text(bytes) => Kind::Pdf,
            "docx" if bytes.starts_with(b"PK") => Kind::Docx,
            "odt" if bytes.starts_with(b"PK") => Kind::Odt,
            "epub" if bytes.starts_with(b"PK") => Kind::Epub,
            _ => Kind::Text,
        }
    }
}

/// Whether bytes decode as text (a `.pdf` that is really a text file is
/// indexed as the text it is).
fn looks_like_text(bytes: &[u8]) -> bool {
    crate::decode::binary_kind(bytes).is_none()
}

/// The text of the file at `path` whose bytes are `bytes` (hashing to
/// `hash`, the OCR cache's key), or why it has none. `max_text` bounds the
/// text a helper may produce (the `--max-file-size`).
pub(crate) fn text_of(
    path: &Path,
    bytes: &[u8],
    hash: &str,
    opts: &ExtractOptions,
    ocr: &Ocr,
    max_text: u64,
) -> Result<Text, SkipReason> {
    let text = match Kind::of(path, bytes) {
        Kind::Text => {
            return match decode_file(path, bytes) {
                Decoded::Text { text, encoding, title } => Ok(Text {
                    text,
                    encoding,
                    title,
                    paged: false,
                    cover: None,
                    ocr_pages: Vec::new(),
                    left_out: Vec::new(),
                }),
                Decoded::Binary(kind) => Err(SkipReason::Binary { format: kind.into() }),
                Decoded::Empty => Err(SkipReason::Empty),
            }
        }
        Kind::Pdf => pdf::extract(bytes, hash, opts, ocr, max_text)?,
        Kind::Image(format) => image::extract(format, bytes, hash, ocr, max_text)?,
        Kind::Docx => docx::extract(bytes, max_text)?,
        Kind::Odt => odt::extract(bytes, max_text)?,
        Kind::Epub => epub::extract(bytes, max_text)?,
    };
    if crate::decode::is_blank(&text.text) {
        return Err(SkipReason::Empty);
    }
    Ok(text)
}

/// The reason of a file of `pages` pages, none of which OCR read: the
/// first reason that may pass by itself (a time limit, a crash), so that
/// the file is read again; else no text was found.
fn nothing_read(read: &PagesRead, format: &str, pages: u64) -> SkipReason {
    read.left_out
        .iter()
        .map(|(_, reason)| reason)
        .find(|r| r.keeps_indexed_version())
        .cloned()
        .unwrap_or_else(|| SkipReason::OcrNoText {
            format: format.into(),
            pages,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_decides_before_the_extension() {
        let p = |name: &str| PathBuf::from(name);
        assert_eq!(Kind::of(&p("a.txt"), b"%PDF-1.4\n..."), Kind::Pdf);
        assert_eq!(Kind::of(&p("a.pdf"), b"\x00\x01junk"), Kind::Pdf);
        // A text file named .pdf is text.
        assert_eq!(Kind::of(&p("notes.pdf"), b"just some notes\n"), Kind::Text);
        assert_eq!(Kind::of(&p("a.docx"), b"not a zip"), Kind::Text);
        assert_eq!(Kind::of(&p("a.html"), b"<p>x</p>"), Kind::Text);
    }
}
