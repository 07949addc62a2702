//! Zip containers (DOCX, ODT, EPUB) through the `zip` crate, refusing zip
//! bombs: a member that claims to expand more than [`MAX_RATIO`] times (past
//! [`RATIO_FROM`] bytes), or members that add up to more than the text
//! limit, are refused before anything is unpacked; a member that expands
//! past what it declared is cut there and refused too.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::Kind;
use sagasu_store::SkipReason;

/// Largest expansion ratio accepted for a large member. Text and XML
/// compress 5–20 times; only a crafted member compresses hundreds of times.
pub(super) const MAX_RATIO: u64 = 100;

/// Members smaller than this are not held to the ratio (a few kilobytes of
/// spaces compress very well and harm nobody).
pub(super) const RATIO_FROM: u64 = 1 << 20;

/// An opened zip container, with what may still be unpacked from it.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    format: &'static str,
    /// Bytes that may still be unpacked (all members together).
    budget: u64,
}

impl<'a> Archive<'a> {
    /// Opens the container `bytes` of `format` (for messages); at most
    /// `max_total` bytes may be unpacked from it.
    pub fn open(bytes: &'a [u8], format: &'static str, max_total: u64) -> Result<Archive<'a>, SkipReason> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(format, &e.to_string()))?;
        Ok(Archive {
            zip,
            format,
            budget: max_total,
        })
    }

    /// Whether the container has a member of that name.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The member `name` as text (UTF-8, a BOM dropped, invalid bytes
    /// replaced), or `None` if there is no such member.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, SkipReason> {
        let Some(bytes) = self.bytes(name)? else {
            return Ok(None);
        };
        let text = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(Some(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }))
    }

    /// The bytes of the member `name`, or `None` if there is none.
    pub fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, SkipReason> {
        let Some(i) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let format = self.format;
        let member = self.zip.by_index(i).map_err(|e| damaged(format, &e.to_string()))?;
        let (size, compressed) = (member.size(), member.compressed_size());
        let bomb = |size| SkipReason::ZipBomb {
            member: sagasu_analysis::safe::escape_unsafe(name).into_owned(),
            size,
            compressed,
        };
        if size > self.budget || (size > RATIO_FROM && size > compressed.saturating_mul(MAX_RATIO)) {
            return Err(bomb(size));
        }
        let mut out = Vec::with_capacity(size as usize);
        member
            .take(size + 1)
            .read_to_end(&mut out)
            .map_err(|e| damaged(format, &format!("{name}: {e}")))?;
        if out.len() as u64 > size {
            return Err(bomb(out.len() as u64));
        }
        self.budget -= size;
        Ok(Some(out))
    }
}

fn damaged(format: &str, error: &str) -> SkipReason {
    SkipReason::Damaged {
        format: format.into(),
        error: sagasu_analysis::safe::escape_unsafe(error).into_owned(),
    }
}

/// What a zip file holds, if it is a document sagasu reads: its
/// `mimetype` member (OpenDocument, EPUB), or `word/document.xml` (DOCX).
pub(crate) fn kind_of(bytes: &[u8]) -> Option<Kind> {
    let mut archive = Archive::open(bytes, "zip", 1 << 10).ok()?;
    if archive.has("word/document.xml") {
        return Some(Kind::Docx);
    }
    let mimetype = archive.text("mimetype").ok()??;
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.text" => Some(Kind::Odt),
        "application/epub+zip" => Some(Kind::Epub),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A zip of `(name, bytes)` members, deflated.
    pub(crate) fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in members {
            w.start_file(*name, opts).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn members_are_read_and_missing_ones_are_none() {
        let z = zip_of(&[("a.xml", b"\xef\xbb\xbf<a/>")]);
        let mut a = Archive::open(&z, "DOCX", 1 << 20).unwrap();
        assert_eq!(a.text("a.xml").unwrap().as_deref(), Some("<a/>"));
        assert_eq!(a.text("b.xml").unwrap(), None);
    }

    #[test]
    fn a_member_that_expands_too_much_is_refused_unread() {
        let big = vec![b'x'; 4 << 20];
        let z = zip_of(&[("word/document.xml", &big)]);
        assert!(z.len() < 64 << 10);
        let mut a = Archive::open(&z, "DOCX", 64 << 20).unwrap();
        match a.text("word/document.xml") {
            Err(SkipReason::ZipBomb { size, .. }) => assert_eq!(size, 4 << 20),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn members_together_are_bounded() {
        let z = zip_of(&[("a", &[b'a'; 600]), ("b", &[b'b'; 600])]);
        let mut a = Archive::open(&z, "EPUB", 1000).unwrap();
        assert!(a.bytes("a").unwrap().is_some());
        assert!(matches!(a.bytes("b"), Err(SkipReason::ZipBomb { .. })));
    }

    #[test]
    fn a_truncated_zip_is_damaged() {
        let z = zip_of(&[("a", b"some text")]);
        assert!(matches!(
            Archive::open(&z[..z.len() / 2], "DOCX", 1000),
            Err(SkipReason::Damaged { .. })
        ));
    }

    #[test]
    fn kinds_by_content() {
        assert_eq!(kind_of(&zip_of(&[("word/document.xml", b"<w/>")])), Some(Kind::Docx));
        assert_eq!(
            kind_of(&zip_of(&[("mimetype", b"application/epub+zip")])),
            Some(Kind::Epub)
        );
        assert_eq!(
            kind_of(&zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")])),
            Some(Kind::Odt)
        );
        assert_eq!(kind_of(&zip_of(&[("x.txt", b"x")])), None);
    }
}
