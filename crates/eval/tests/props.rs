//! Property tests of the eval parsers: any query file, qrels or run text
//! parses or fails with an error on one of its lines, never a panic
//! (issue 12, item 3: a multi-byte character near byte 4 of a query file
//! panicked), and what parses scores sanely. The checks are
//! `sagasu_testkit::invariants::eval_inputs`, shared with the `eval_inputs`
//! fuzz target.
//!
//! 256 cases per property by default; `PROPTEST_CASES=50000 cargo test -p
//! sagasu-eval --test props --release` for a long run.
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use proptest::prelude::*;
use sagasu_testkit::invariants::eval_inputs;

/// Pieces of the three formats, glued at random: ids, tabs, tags, numbers
/// (and non-numbers), comments, BOMs, line ends, and multi-byte text placed
/// where byte offsets matter.
fn input_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("#".to_string()),
        Just("\u{feff}".to_string()),
        Just("<top>".to_string()),
        Just("</top>".to_string()),
        Just("<TOP".to_string()),
        Just("<num>".to_string()),
        Just("Number:".to_string()),
        Just("<title>".to_string()),
        Just("Topic:".to_string()),
        Just("</title>".to_string()),
        Just("<desc>".to_string()),
        Just("<".to_string()),
        Just("Q0".to_string()),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("1e308".to_string()),
        Just("-0".to_string()),
        Just("2.5".to_string()),
        Just("été".to_string()),
        Just("日本".to_string()),
        Just("Über".to_string()),
        "[a-z0-9]{1,6}".prop_map(|s| s),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Lines in the shape of one format, with some fields replaced by noise.
fn lines_like(fields: usize) -> impl Strategy<Value = String> {
    let field = prop_oneof![
        3 => "[a-z0-9]{1,4}".prop_map(|s| s),
        1 => "-?[0-9]{1,3}(\\.[0-9]{1,3})?".prop_map(|s| s),
        1 => input_like(),
    ];
    let line = prop::collection::vec(field, fields - 1..=fields + 1).prop_map(|f| f.join(" "));
    prop::collection::vec(line, 0..30).prop_map(|l| l.join("\n"))
}

proptest! {
    #[test]
    fn any_text_is_parsed_or_refused_with_a_line(
        queries in any::<String>(),
        qrels in any::<String>(),
        run in any::<String>(),
    ) {
        eval_inputs(&queries, &qrels, &run).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn format_like_text_is_parsed_or_refused_with_a_line(
        queries in prop_oneof![input_like(), lines_like(2)],
        qrels in lines_like(4),
        run in lines_like(6),
    ) {
        eval_inputs(&queries, &qrels, &run).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn a_multibyte_character_anywhere_in_the_first_line_is_fine(
        prefix in "[a-z0-9<]{0,6}",
        c in any::<char>(),
        rest in "[a-z \t]{0,8}",
    ) {
        let queries = format!("{prefix}{c}{rest}\n");
        eval_inputs(&queries, "", "").map_err(TestCaseError::fail)?;
    }
}
