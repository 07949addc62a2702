//! Bytes to text: BOM sniffing, UTF-16, legacy 8-bit fallback, binary
//! detection, line-end normalization.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// What a file's bytes turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// Text, with line ends normalized to `\n` and any BOM removed.
    Text {
        /// The decoded text.
        text: String,
        /// Name of the encoding it was decoded from.
        encoding: &'static str,
    },
    /// NUL bytes or a known binary signature: not text.
    Binary(&'static str),
    /// No text at all, or only whitespace.
    Empty,
}

/// Signatures of common binary formats (prefix, name).
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document"),
    (b"SQLite format 3\x00", "SQLite database"),
];

/// How far into a file to look for NUL bytes.
const SNIFF_LEN: usize = 8192;

/// Decodes a file's bytes.
///
/// UTF-8 (with or without BOM) and UTF-16 LE/BE with a BOM are decoded
/// exactly; other bytes that are not valid UTF-8 are read as Windows-1252
/// (a superset of Latin-1 in practice). Line ends (`\r\n`, `\r`) become `\n`
/// so that line numbers count real lines.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (text, encoding) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        (text, enc.name())
    } else {
        if let Some(kind) = binary_kind(bytes) {
            return Decoded::Binary(kind);
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => (std::borrow::Cow::Borrowed(s), UTF_8.name()),
            Err(_) => {
                let (text, _, _) = WINDOWS_1252.decode(bytes);
                (text, WINDOWS_1252.name())
            }
        }
    };
    if text.trim().is_empty() {
        return Decoded::Empty;
    }
    Decoded::Text {
        text: normalize_line_ends(&text),
        encoding,
    }
}

/// Why `bytes` look binary, if they do.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    for (sig, name) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Some(name);
        }
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    head.contains(&0).then_some("binary data (NUL bytes)")
}

fn normalize_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: Decoded) -> (String, &'static str) {
        match d {
            Decoded::Text { text, encoding } => (text, encoding),
            other => panic!("expected text, got {other:?}"),
        }
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        let (t, e) = text(decode(b"\xef\xbb\xbfone\r\ntwo\rthree\n"));
        assert_eq!(t, "one\ntwo\nthree\n");
        assert_eq!(e, "UTF-8");
    }

    #[test]
    fn utf16_both_endians() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Satō".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("Satō".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(text(decode(&le)), ("Satō".into(), "UTF-16LE"));
        assert_eq!(text(decode(&be)), ("Satō".into(), "UTF-16BE"));
    }

    #[test]
    fn latin1_falls_back_to_windows_1252() {
        let (t, e) = text(decode(b"caf\xe9 \x93quoted\x94"));
        assert_eq!(t, "café “quoted”");
        assert_eq!(e, "windows-1252");
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(decode(b"abc\0def"), Decoded::Binary("binary data (NUL bytes)"));
        assert_eq!(decode(b"%PDF-1.7 ..."), Decoded::Binary("PDF"));
        assert_eq!(decode(b""), Decoded::Empty);
        assert_eq!(decode(b" \n\t\r\n"), Decoded::Empty);
    }
}
