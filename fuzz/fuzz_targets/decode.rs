//! Fuzz target: the document decoder on arbitrary bytes, as plain text and
//! as HTML, and the passages of what it decodes
//! (`sagasu_testkit::invariants::decoded`, also a proptest of
//! sagasu-indexer).
//!
//! ```text
//! cargo +nightly fuzz run decode -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;
use sagasu_testkit::invariants::decoded;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = decoded(data) {
        panic!("{violation}");
    }
});
