//! Fuzz target: the query parser and query builder on arbitrary text. It
//! must not panic; a syntax error points at a column of the query (1-based,
//! in characters, at most one past the end); a parsed query builds into
//! tantivy queries in every conjunction mode without panicking.
//!
//! ```text
//! cargo +nightly fuzz run query_parser -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;
use sagasu_analysis::schema::Fields;
use sagasu_searcher::query::{parse, Builder, Conjunction};
use sagasu_searcher::SearchError;

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let chars = query.chars().count();
    match parse(query) {
        Ok(node) => {
            let (_, fields) = Fields::build();
            for conjunction in [Conjunction::Auto, Conjunction::All, Conjunction::Any] {
                let mut b = Builder::new(&fields, conjunction);
                let _ = b.build(&node);
                let _ = b.build_negative(&node);
                let _ = b.boosts(&node);
            }
        }
        Err(SearchError::Syntax { column, message }) => {
            assert!(
                (1..=chars + 1).contains(&column),
                "column {column} outside 1..={} for {query:?}: {message}",
                chars + 1
            );
            assert!(!message.is_empty());
        }
        Err(other) => panic!("parse gave a non-syntax error: {other}"),
    }
});
