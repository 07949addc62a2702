//! sagasu's indexer: walks a corpus folder, decodes its files, splits them
//! into overlapping passages and upserts them incrementally into a tantivy
//! index.
//!
//! - [`index`] does one indexing pass with [`IndexOptions`] and returns an
//!   [`IndexReport`] (added, updated, removed, unchanged, skipped with a
//!   [`SkipReason`]).
//! - The index is its own manifest: each file's first passage carries its
//!   fingerprint (size, mtime, BLAKE3 hash), and the commit payload the
//!   rest (`sagasu_store::Payload`; `manifest.rs` puts them together).
//! - Opening an index for reading, the marker, the commit payload and the
//!   fingerprints are `sagasu_store`'s (which compiles no extractor); this
//!   crate writes what that crate reads.
//!
//! How a pass is organised, module by module: `walk` lists the corpus,
//! `plan` decides what to do with each file (pure), `read` reads a file
//! consistently, `extract` turns bytes into text with locations (one
//! adapter per format: text, PDF through pdftotext, DOCX, ODT, EPUB),
//! `prepare` does the reading and extraction of several files at once,
//! `content` turns text into passages (`title`
//! picks their title), `document` shows a passage to tantivy as a document
//! (its text shared with its file, not copied), `writer` feeds tantivy
//! under back-pressure (`inflight`; `merge` bounds its merges), `start`
//! and `folder` open, create, claim and clear the index folder, `directory`
//! notices a full disk, `pass` runs it all, `fault` is the debug builds'
//! fault-injection seam.
//!
//! ```no_run
//! use sagasu_indexer::{index, IndexOptions, NoProgress};
//! let report = index(&IndexOptions::new("corpus", "index"), &NoProgress)?;
//! println!("{} documents, {} passages", report.documents, report.passages);
//! # Ok::<(), sagasu_indexer::IndexError>(())
//! ```

// Dev-dependencies of the integration tests and benches only.
#[cfg(test)]
use {criterion as _, proptest as _, sagasu_testkit as _};

mod content;
pub mod decode;
mod directory;
mod document;
mod error;
mod extract;
mod fault;
mod folder;
mod html;
mod inflight;
mod layout;
mod manifest;
mod merge;
mod pass;
pub mod passage;
mod plan;
mod prepare;
mod progress;
mod read;
mod report;
mod start;
mod title;
pub mod walk;
mod writer;

pub use error::IndexError;
pub use extract::helper::stop_helpers;
pub use extract::ocr::{
    install_line as ocr_install_line, package_of as ocr_package_of, CACHE_DIR as OCR_CACHE_DIR,
    DEFAULT_LANGUAGES as OCR_LANGUAGES, VERTICAL as OCR_VERTICAL,
};
pub use extract::{formats, ExtractOptions, FormatInfo, OcrOptions};
pub use pass::{index, IndexOptions};
pub use progress::{NoProgress, Progress};
pub use report::{IndexReport, OcrReport, PageLeftOut, Skipped};
pub use sagasu_store::SkipReason;
