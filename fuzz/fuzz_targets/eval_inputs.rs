//! Fuzz target: the eval parsers (query files, qrels, runs) and scoring
//! what parses (`sagasu_testkit::invariants::eval_inputs`, also a proptest
//! of sagasu-eval). The input is split at NUL bytes into a query file,
//! qrels and a run; invalid UTF-8 is replaced, as `sagasu eval` refuses it
//! before parsing.
//!
//! ```text
//! cargo +nightly fuzz run eval_inputs -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;
use sagasu_testkit::invariants::eval_inputs;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0).map(String::from_utf8_lossy);
    let queries = parts.next().unwrap_or_default();
    let qrels = parts.next().unwrap_or_default();
    let run = parts.next().unwrap_or_default();
    if let Err(violation) = eval_inputs(&queries, &qrels, &run) {
        panic!("{violation}");
    }
});
