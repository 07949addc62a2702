//! Fuzz target: the query parser, analysis and builder on arbitrary text.
//! It must not panic; a syntax error points at a column of the query
//! (1-based, in characters, at most one past the end); an analyzed query
//! builds into tantivy queries in every conjunction mode, or fails with a
//! syntax error.
//!
//! ```text
//! cargo +nightly fuzz run query_parser -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;
use sagasu_analysis::schema::Fields;
use sagasu_searcher::query::{analyze, build, build_clause, parse, Conjunction};
use sagasu_searcher::{Aliases, SearchError};

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let chars = query.chars().count();
    match parse(query).and_then(|node| analyze(&node, &Aliases::default())) {
        Ok(q) => {
            let (_, fields) = Fields::build();
            for conjunction in [Conjunction::Auto, Conjunction::All, Conjunction::Any] {
                if let Err(e) = build(&q, &fields, conjunction) {
                    assert!(matches!(e, SearchError::Syntax { .. }), "{query:?}: {e}");
                }
                for ex in &q.exclusions {
                    if let Err(e) = build_clause(ex, &fields, conjunction) {
                        assert!(matches!(e, SearchError::Syntax { .. }), "{query:?}: {e}");
                    }
                }
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
