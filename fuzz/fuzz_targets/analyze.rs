//! Fuzz target: the analyzer on arbitrary bytes, decoded lossily as a
//! document decoder would, in both modes. It must not panic, and every
//! token must be a non-empty text with a char-boundary range of the input.
//!
//! ```text
//! cargo +nightly fuzz run analyze -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;
use sagasu_analysis::{analyze, fold_term, stem, Mode};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for mode in [Mode::Index, Mode::Query] {
        let mut last_position = 0;
        for t in analyze(&text, mode) {
            assert!(!t.text.is_empty());
            assert!(t.offset_from < t.offset_to && t.offset_to <= text.len());
            assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
            assert!(t.position >= last_position);
            last_position = t.position;
            let _ = stem(&t.text);
        }
    }
    let _ = fold_term(&text);
});
