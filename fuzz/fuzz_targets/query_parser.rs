//! Fuzz target: the query parser and query builder on arbitrary text
//! (`sagasu_testkit::invariants::query`, also a proptest of
//! sagasu-searcher).
//!
//! ```text
//! cargo +nightly fuzz run query_parser -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;
use sagasu_testkit::invariants::query;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(violation) = query(text) {
        panic!("{violation}");
    }
});
