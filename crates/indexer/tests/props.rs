//! Property tests of decoding and passage splitting: arbitrary bytes never
//! panic and always give consistent results.
//!
//! 256 cases per property by default; `PROPTEST_CASES=50000 cargo test -p
//! sagasu-indexer --test props --release` for a long run.
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use proptest::prelude::*;
use sagasu_indexer::decode::{binary_kind, decode, decode_as, is_blank, normalize_line_ends, Decoded, Format};
use sagasu_indexer::passage::{split, PassageConfig};

/// Bytes that look like the files of a messy folder: BOMs, line ends of all
/// kinds, NULs, controls, tags, legacy and UTF-8 text, and plain noise.
fn messy_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"\xfe\xff".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\0".to_vec()),
        Just(b"\x1b[31m".to_vec()),
        Just(b"<title>".to_vec()),
        Just(b"<script>".to_vec()),
        Just(b"</script>".to_vec()),
        Just(b"<p>".to_vec()),
        Just(b"&amp;".to_vec()),
        Just(b"&#13".to_vec()),
        Just(b"&#x0d;".to_vec()),
        Just(b"<!--".to_vec()),
        Just(b"<meta charset=windows-1251>".to_vec()),
        Just(b"caf\xe9".to_vec()),
        Just("Satō 김대중 日本語".as_bytes().to_vec()),
        "[a-zA-Z ]{0,20}".prop_map(String::into_bytes),
        any::<String>().prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..16),
    ];
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        prop::collection::vec(piece, 0..64).prop_map(|v| v.concat()),
    ]
}

proptest! {
    #[test]
    fn decode_is_total_and_consistent(bytes in messy_bytes()) {
        sagasu_testkit::invariants::decoded(&bytes).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn utf8_and_utf16_text_round_trips(s in any::<String>(), which in 0..4u8) {
        let bytes: Vec<u8> = match which {
            0 => s.as_bytes().to_vec(),
            1 => [&b"\xef\xbb\xbf"[..], s.as_bytes()].concat(),
            2 => [0xff, 0xfe].into_iter().chain(s.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            _ => [0xfe, 0xff].into_iter().chain(s.encode_utf16().flat_map(u16::to_be_bytes)).collect(),
        };
        let expected = normalize_line_ends(&s);
        match decode(&bytes) {
            Decoded::Text { text, .. } => prop_assert_eq!(text, expected.as_ref()),
            Decoded::Empty => prop_assert!(is_blank(&expected)),
            Decoded::Binary(_) => prop_assert!(which < 2 && binary_kind(s.as_bytes()).is_some()),
        }
    }

    #[test]
    fn html_text_keeps_source_lines(lines in prop::collection::vec("[a-z]{1,8}( [a-z<>/=\"&;!-]{0,12})?", 1..40)) {
        // Word i sits on line i; markup between lines must not move it.
        let html: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| format!("<p>w{i}x {l}</p>\n"))
            .collect();
        if let Decoded::Text { text, .. } = decode_as(html.as_bytes(), Format::Html) {
            let out: Vec<&str> = text.lines().collect();
            for i in 0..lines.len() {
                let tag = format!("w{i}x");
                let at = out.iter().position(|l| l.split_whitespace().any(|w| w == tag));
                if let Some(at) = at {
                    prop_assert_eq!(at, i, "{} moved in {:?}", tag, text);
                }
            }
            prop_assert!(out.len() <= lines.len() + 1);
        }
    }

    #[test]
    fn passages_are_bounded_on_char_boundaries_and_count_lines(
        text in prop_oneof![
            any::<String>(),
            "([a-zé日本 ]{0,30}\n?){0,200}",
            "[a-z]{1,3000}",
        ],
        window in 2usize..300,
        stride_frac in 1usize..=10,
    ) {
        let text = normalize_line_ends(&text).into_owned();
        let cfg = PassageConfig {
            window,
            stride: (window * stride_frac / 10).max(1),
            ..PassageConfig::default()
        };
        let ps = split(&text, &cfg);
        prop_assert_eq!(ps.is_empty(), text.trim().is_empty());
        let bound = (window + 2 * cfg.max_unit_words.max(cfg.max_unit_bytes / 8)) * 8 + cfg.max_unit_bytes;
        for p in &ps {
            prop_assert!(p.byte_start < p.byte_end && p.byte_end <= text.len());
            prop_assert!(text.is_char_boundary(p.byte_start) && text.is_char_boundary(p.byte_end));
            let body = &text[p.byte_start..p.byte_end];
            let dense = body.chars().filter(|c| !c.is_whitespace()).map(char::len_utf8).sum::<usize>();
            prop_assert!(dense <= bound, "passage of {} non-space bytes > {}", dense, bound);
            let line_of = |b: usize| 1 + text[..b].bytes().filter(|&c| c == b'\n').count() as u64;
            prop_assert_eq!(p.line_start, line_of(p.byte_start));
            prop_assert_eq!(p.line_end, line_of(p.byte_end));
        }
        // No word is lost: every non-space character lies in a passage.
        let mut covered = vec![false; text.len() + 1];
        for p in &ps {
            covered[p.byte_start..p.byte_end].iter_mut().for_each(|c| *c = true);
        }
        for (i, c) in text.char_indices() {
            prop_assert!(c.is_whitespace() || covered[i], "{:?} at {} is in no passage", c, i);
        }
    }
}
