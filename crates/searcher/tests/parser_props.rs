//! Property tests of the query parser: any text parses or fails with a
//! syntax error whose column lies within the query (1-based, in characters,
//! at most one past the end), and a parsed query always analyzes (or says
//! there is nothing to search for, with a column) and builds.
//!
//! 256 cases per property by default; `PROPTEST_CASES=50000` for a long run.
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use proptest::prelude::*;
use sagasu_searcher::query::MAX_QUERY_BYTES;

/// Text made of the query language's pieces, glued at random.
fn query_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("-".to_string()),
        Just("+".to_string()),
        Just(" OR ".to_string()),
        Just(" AND ".to_string()),
        Just(" NOT ".to_string()),
        Just("title:".to_string()),
        Just("path:".to_string()),
        Just("body:".to_string()),
        Just("nofield:".to_string()),
        Just("*".to_string()),
        Just("~".to_string()),
        Just("~1".to_string()),
        Just("~7".to_string()),
        Just("~101".to_string()),
        Just(" ".to_string()),
        Just("\u{3000}".to_string()),
        Just("Satō".to_string()),
        Just("김대중".to_string()),
        Just("日本".to_string()),
        Just("Jun'ichirō".to_string()),
        Just("Dae-jung".to_string()),
        "[a-z]{1,8}".prop_map(|s| s),
        "[0-9]{1,3}".prop_map(|s| s),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn check(query: &str) -> Result<(), TestCaseError> {
    sagasu_testkit::invariants::query(query).map_err(TestCaseError::fail)
}

proptest! {
    #[test]
    fn any_text_parses_or_points_at_a_column(query in any::<String>()) {
        check(&query)?;
    }

    #[test]
    fn query_like_text_parses_or_points_at_a_column(query in query_like()) {
        check(&query)?;
    }

    #[test]
    fn overlong_queries_are_refused_without_panicking(c in any::<char>(), extra in 0usize..8) {
        let n = MAX_QUERY_BYTES / c.len_utf8() + 1 + extra;
        let query: String = std::iter::repeat_n(c, n).collect();
        check(&query)?;
    }
}
