//! Bytes to text: BOM sniffing, UTF-16, legacy encodings, binary detection,
//! line-end normalization, and HTML to text.
//!
//! | bytes | result |
//! |---|---|
//! | BOM (UTF-8, UTF-16LE, UTF-16BE) | decoded with that encoding |
//! | valid UTF-8 | UTF-8 |
//! | mostly UTF-8, a few stray bytes | UTF-8, stray bytes read as windows-1252 |
//! | other | the legacy encoding chardetng guesses (windows-1252 for Latin-1 text, Shift_JIS, EUC-KR, GBK, …); `<meta charset>` first for HTML |
//! | NUL in the first 8 KB, many control bytes, or a known signature | [`Decoded::Binary`] |
//! | nothing but whitespace | [`Decoded::Empty`] |

use std::borrow::Cow;
use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use crate::html;

/// What a file's bytes turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// Text, with line ends normalized to `\n` and any BOM removed.
    Text {
        /// The decoded text (for HTML, the text without tags).
        text: String,
        /// Name of the encoding it was decoded from.
        encoding: &'static str,
        /// The title the format declares (HTML `<title>`), if any.
        title: Option<String>,
    },
    /// NUL bytes, many control bytes or a known binary signature: not text.
    Binary(&'static str),
    /// No text at all, or only whitespace.
    Empty,
}

/// How a file's text is marked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, Markdown, source code, …: indexed as it is.
    Plain,
    /// HTML: tags, comments, scripts and styles are stripped.
    Html,
}

impl Format {
    /// The format of a file, from its extension (`.html`, `.htm`, `.xhtml`
    /// are HTML; everything else is plain text).
    pub fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext)
                if ["html", "htm", "xhtml", "shtml"]
                    .iter()
                    .any(|h| ext.eq_ignore_ascii_case(h)) =>
            {
                Format::Html
            }
            _ => Format::Plain,
        }
    }
}

/// Name reported for UTF-8 text with a few bytes that are not UTF-8.
pub const UTF8_WITH_STRAY_BYTES: &str = "UTF-8 (stray bytes as windows-1252)";

/// Signatures of common binary formats (prefix, name).
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh91AY&SY", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"ID3\x02", "MP3 audio"),
    (b"ID3\x03", "MP3 audio"),
    (b"ID3\x04", "MP3 audio"),
    (b"\x1aE\xdf\xa3", "Matroska media"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly"),
];

/// How far into a file to look for NUL and control bytes.
pub const SNIFF_LEN: usize = 8192;

/// Decodes a file's bytes as plain text.
///
/// UTF-8 (with or without BOM) and UTF-16 LE/BE with a BOM are decoded
/// exactly; see the module docs for the rest. Line ends (`\r\n`, `\r`)
/// become `\n` so that line numbers count real lines.
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_as(bytes, Format::Plain)
}

/// Decodes a file's bytes by the format its path says (see [`Format::of`]).
pub fn decode_file(path: &Path, bytes: &[u8]) -> Decoded {
    decode_as(bytes, Format::of(path))
}

/// Decodes bytes of the given format.
pub fn decode_as(bytes: &[u8], format: Format) -> Decoded {
    let (text, encoding) = match to_text(bytes, format) {
        Ok(t) => t,
        Err(kind) => return Decoded::Binary(kind),
    };
    let text = normalize_line_ends(&text);
    let (text, title) = match format {
        Format::Plain => (text.into_owned(), None),
        Format::Html => html::to_text(&text),
    };
    if is_blank(&text) {
        return Decoded::Empty;
    }
    Decoded::Text { text, encoding, title }
}

/// Whether a text holds nothing but whitespace and invisible format
/// characters (stray BOMs, zero-width spaces, soft hyphens).
pub fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{ad}'))
}

/// The bytes as text and the encoding's name, or why they are binary.
fn to_text(bytes: &[u8], format: Format) -> Result<(Cow<'_, str>, &'static str), &'static str> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom_len..];
        if enc == UTF_8 {
            // A UTF-8 BOM says nothing about NULs: check what follows.
            if let Some(kind) = binary_kind(rest) {
                return Err(kind);
            }
            return Ok(utf8_or_legacy(rest, format));
        }
        let (text, _) = enc.decode_without_bom_handling(rest);
        return Ok((text, enc.name()));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(kind);
    }
    Ok(utf8_or_legacy(bytes, format))
}

fn utf8_or_legacy(bytes: &[u8], format: Format) -> (Cow<'_, str>, &'static str) {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(s), UTF_8.name());
    }
    // Valid multi-byte sequences hardly ever occur by chance in legacy text:
    // a file with more of them than stray sequences is damaged or mixed UTF-8.
    let (mut multibyte, mut stray) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        stray += usize::from(!chunk.invalid().is_empty());
    }
    if multibyte > stray {
        let mut out = String::with_capacity(bytes.len() + 2 * stray);
        for chunk in bytes.utf8_chunks() {
            out.push_str(chunk.valid());
            out.push_str(&WINDOWS_1252.decode_without_bom_handling(chunk.invalid()).0);
        }
        return (Cow::Owned(out), UTF8_WITH_STRAY_BYTES);
    }
    let enc = match format {
        Format::Html => meta_charset(bytes),
        Format::Plain => None,
    }
    .unwrap_or_else(|| guess_legacy(bytes));
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text, enc.name())
}

/// The legacy encoding chardetng guesses for bytes that are not UTF-8.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut det = EncodingDetector::new(Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    match det.guess(None, Utf8Detection::Deny) {
        // Not UTF-8 (we know) and not plausibly anything else.
        enc if enc == UTF_8 || enc == UTF_16LE || enc == UTF_16BE => WINDOWS_1252,
        enc => enc,
    }
}

/// The legacy encoding an HTML document declares in a `<meta>` in its first
/// kilobyte (a simplified version of the HTML prescan).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &head[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    let enc = Encoding::for_label(&rest[..end])?;
    // The bytes are not UTF-8, and a UTF-16 label in a byte-oriented prescan
    // means UTF-8 by the HTML spec: neither helps.
    (enc != UTF_8 && enc != UTF_16LE && enc != UTF_16BE && enc.is_ascii_compatible()).then_some(enc)
}

/// Why `bytes` look binary, if they do: a known signature, a NUL byte in
/// the first [`SNIFF_LEN`] bytes, or more than 5% control bytes there
/// (other than tab, line ends, form feed, escape and DOS end of file).
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    for (sig, name) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Some(name);
        }
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if head.contains(&0) {
        return Some("NUL bytes in the first 8 KB");
    }
    let controls = head
        .iter()
        .filter(|&&b| {
            (b < 0x20 || b == 0x7f) && !matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b'\x1a' | b'\x1b')
        })
        .count();
    (controls * 20 > head.len()).then_some("control bytes in the first 8 KB")
}

/// `\r\n` and lone `\r` become `\n`.
pub fn normalize_line_ends(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: Decoded) -> (String, &'static str) {
        match d {
            Decoded::Text { text, encoding, .. } => (text, encoding),
            other => panic!("expected text, got {other:?}"),
        }
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let bom: [u8; 2] = if le { [0xff, 0xfe] } else { [0xfe, 0xff] };
        bom.into_iter()
            .chain(
                s.encode_utf16()
                    .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }),
            )
            .collect()
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        let (t, e) = text(decode(b"\xef\xbb\xbfone\r\ntwo\rthree\n"));
        assert_eq!(t, "one\ntwo\nthree\n");
        assert_eq!(e, "UTF-8");
        let (t, _) = text(decode(b"a\r\r\nb\n\rc"));
        assert_eq!(t, "a\n\nb\n\nc");
    }

    #[test]
    fn utf16_both_endians() {
        assert_eq!(text(decode(&utf16("Satō\r\nx", true))), ("Satō\nx".into(), "UTF-16LE"));
        assert_eq!(text(decode(&utf16("Satō", false))), ("Satō".into(), "UTF-16BE"));
    }

    #[test]
    fn latin1_is_detected_as_windows_1252() {
        let (t, e) = text(decode(b"caf\xe9 \x93quoted\x94"));
        assert_eq!(t, "café “quoted”");
        assert_eq!(e, "windows-1252");
        let (t, e) = text(decode(
            b"Gr\xfc\xdfe aus M\xfcnchen, sch\xf6ne Stra\xdfe, \xe9t\xe9 \xe0 Paris.\n",
        ));
        assert_eq!(t, "Grüße aus München, schöne Straße, été à Paris.\n");
        assert_eq!(e, "windows-1252");
    }

    #[test]
    fn cjk_legacy_encodings_are_detected() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("日本語の文書です。東京都の佐藤さんが書きました。");
        assert_eq!(text(decode(&sjis)).1, "Shift_JIS");
        let (euckr, _, _) = encoding_rs::EUC_KR.encode("김대중 대통령은 햇볕정책을 추진했다. 한국어 문서입니다.");
        assert_eq!(text(decode(&euckr)).1, "EUC-KR");
    }

    #[test]
    fn utf8_with_a_stray_byte_keeps_its_utf8() {
        let (t, e) = text(decode(b"Sat\xc5\x8d and Ch\xc5\x8fs\xc5\x8fn, caf\xe9"));
        assert_eq!(t, "Satō and Chŏsŏn, café");
        assert_eq!(e, UTF8_WITH_STRAY_BYTES);
        // Cut in the middle of a character.
        let (t, _) = text(decode(b"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa"));
        assert!(t.starts_with("日本"));
    }

    #[test]
    fn html_meta_charset_wins_over_guessing() {
        let html = b"<meta charset=\"windows-1251\"><title>\xcf\xf0\xe8\xe2\xe5\xf2</title><p>\xec\xe8\xf0";
        match decode_as(html, Format::Html) {
            Decoded::Text { text, encoding, title } => {
                assert_eq!(encoding, "windows-1251");
                assert_eq!(title.as_deref(), Some("Привет"));
                assert_eq!(text.trim(), "Привет мир");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn html_by_extension() {
        assert_eq!(Format::of(Path::new("a/b.HTML")), Format::Html);
        assert_eq!(Format::of(Path::new("b.htm")), Format::Html);
        assert_eq!(Format::of(Path::new("b.md")), Format::Plain);
        assert_eq!(Format::of(Path::new("html")), Format::Plain);
        let d = decode_file(Path::new("x.html"), b"<script>s</script><!-- c --><style>p{}</style>");
        assert_eq!(d, Decoded::Empty);
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(decode(b"abc\0def"), Decoded::Binary("NUL bytes in the first 8 KB"));
        assert_eq!(
            decode(b"\xef\xbb\xbfabc\0def"),
            Decoded::Binary("NUL bytes in the first 8 KB")
        );
        assert_eq!(decode(b"%PDF-1.7 ..."), Decoded::Binary("PDF"));
        assert_eq!(
            decode(b"\x01\x02\x03\x04 a few words"),
            Decoded::Binary("control bytes in the first 8 KB")
        );
        assert_eq!(decode(b""), Decoded::Empty);
        assert_eq!(decode(b" \n\t\r\n"), Decoded::Empty);
        assert_eq!(decode(b"\xef\xbb\xbf \r\n"), Decoded::Empty);
        assert_eq!(decode(b" \xef\xbb\xbf\xe2\x80\x8b\n"), Decoded::Empty);
        assert_eq!(decode(&utf16("  \r\n", true)), Decoded::Empty);
        // Escape sequences are text (the snippets sanitize them).
        assert!(matches!(decode(b"\x1b[31mred\x1b[0m"), Decoded::Text { .. }));
        // A text that merely starts like a signature.
        assert!(matches!(decode(b"ID3 tags explained"), Decoded::Text { .. }));
    }
}
