//! Fuzz target: the document decoder on arbitrary bytes, as plain text and
//! as HTML. It must not panic; text has no `\r` and is not blank; a title
//! is short and free of control characters; binary-ness is the sniffer's
//! verdict and does not depend on the format; passages of the text are
//! bounded and on char boundaries.
//!
//! ```text
//! cargo +nightly fuzz run decode -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;
use sagasu_indexer::decode::{binary_kind, decode_as, Decoded, Format};
use sagasu_indexer::passage::{split, PassageConfig};

fuzz_target!(|data: &[u8]| {
    let utf16_bom = data.starts_with(b"\xff\xfe") || data.starts_with(b"\xfe\xff");
    let sniffed = binary_kind(data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data));
    let mut binary = Vec::new();
    for format in [Format::Plain, Format::Html] {
        let d = decode_as(data, format);
        binary.push(matches!(d, Decoded::Binary(_)));
        match d {
            Decoded::Text { text, encoding, title } => {
                assert!(!text.contains('\r'));
                assert!(!text.trim().is_empty());
                assert!(!encoding.is_empty());
                if let Some(t) = title {
                    assert!(!t.is_empty() && t.chars().count() <= 200);
                    assert!(!t.chars().any(char::is_control));
                }
                let cfg = PassageConfig::default();
                for p in split(&text, &cfg) {
                    assert!(p.byte_start < p.byte_end && p.byte_end <= text.len());
                    assert!(text.is_char_boundary(p.byte_start) && text.is_char_boundary(p.byte_end));
                    assert!(p.line_start <= p.line_end);
                }
            }
            Decoded::Binary(kind) => {
                assert!(!utf16_bom);
                assert_eq!(sniffed, Some(kind));
            }
            Decoded::Empty => assert!(utf16_bom || sniffed.is_none()),
        }
    }
    assert_eq!(binary[0], binary[1]);
});
