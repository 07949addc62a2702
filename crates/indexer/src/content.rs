//! A file's bytes to the passage documents of the index:
//! `bytes → (format) → text → passages → documents`.
//!
//! Today every format is text ([`decode`](crate::decode): encodings, HTML).
//! Document formats (PDF, office files) slot in at [`text_of`]: a format
//! whose text comes from an external helper (pdftotext, …) returns the
//! text with its locations (page, line) from there, and a helper that is
//! missing or fails is a [`SkipReason`] whose
//! [`is_about_content`](SkipReason::is_about_content) says whether the
//! next pass may skip the file unread (a missing helper must not be
//! remembered: installing it should index the file).

use std::path::Path;

use sagasu_analysis::schema::Fields;
use tantivy::{doc, TantivyDocument};

use crate::decode::{decode_file, Decoded};
use crate::passage::{self, PassageConfig};
use crate::skip::SkipReason;

/// The text of a file, ready to be cut into passages.
#[derive(Debug)]
pub(crate) struct Text {
    /// The text, line ends normalized to `\n`.
    pub text: String,
    /// The encoding it was decoded from.
    pub encoding: &'static str,
    /// The title its format declares (HTML `<title>`), if any.
    pub title: Option<String>,
}

/// The text of the file at `path` whose bytes are `bytes`, or why it has
/// none.
pub(crate) fn text_of(path: &Path, bytes: &[u8]) -> Result<Text, SkipReason> {
    match decode_file(path, bytes) {
        Decoded::Text { text, encoding, title } => Ok(Text { text, encoding, title }),
        Decoded::Binary(kind) => Err(SkipReason::Binary { format: kind.into() }),
        Decoded::Empty => Err(SkipReason::Empty),
    }
}

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
/// Every passage carries its path, title, text and place; only the first
/// carries the file's fingerprint, which the manifest reads back.
pub(crate) fn documents(
    fields: &Fields,
    key: &str,
    text: &Text,
    stamp: FileStamp<'_>,
    config: &PassageConfig,
) -> Vec<(TantivyDocument, usize)> {
    let passages = passage::split(&text.text, config);
    let title = text.title.as_deref().unwrap_or_else(|| title_of(&text.text));
    let mut docs = Vec::with_capacity(passages.len());
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
        if i == 0 {
            doc.add_u64(fields.size, stamp.size);
            doc.add_i64(fields.mtime, stamp.mtime);
            doc.add_text(fields.hash, stamp.hash);
        }
        let bytes = 3 * body.len() + title.len() + 256;
        docs.push((doc, bytes));
    }
    docs
}

/// The title of a document: its first non-empty line, trimmed and bounded.
pub(crate) fn title_of(text: &str) -> &str {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    match line.char_indices().nth(200) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}
