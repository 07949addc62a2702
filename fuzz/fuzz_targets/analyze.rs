//! Fuzz target: the analyzer on arbitrary bytes, decoded lossily as a
//! document decoder would, in both modes
//! (`sagasu_testkit::invariants::tokens`, also a proptest of
//! sagasu-analysis).
//!
//! ```text
//! cargo +nightly fuzz run analyze -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;
use sagasu_testkit::invariants::tokens;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = tokens(&String::from_utf8_lossy(data)) {
        panic!("{violation}");
    }
});
