//! Regenerates `src/romanize/english.txt`, the English words that the
//! romanization guard never takes for names: the lower-case words of a word
//! list (Debian's `wamerican`: `/usr/share/dict/american-english`) that are
//! shaped like romanized syllables (the others can never be taken for names).
//!
//! ```sh
//! cargo run -p sagasu-analysis --example english_list -- /usr/share/dict/american-english \
//!     > crates/analysis/src/romanize/english.txt
//! ```
#![allow(unused_crate_dependencies)]

use std::collections::BTreeSet;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/usr/share/dict/american-english".into());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let words: BTreeSet<&str> = text
        .lines()
        .map(str::trim)
        .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        .filter(|w| sagasu_analysis::romanize::is_syllabic(w))
        .collect();
    println!("# English words shaped like romanized syllables: never name candidates");
    println!(
        "# unless marked (ŏ, ō, an aspiration apostrophe): the {} lower-case words",
        words.len()
    );
    println!("# of Debian's wamerican that split into romanized syllables.");
    println!("# Regenerate with crates/analysis/examples/english_list.rs.");
    for w in words {
        println!("{w}");
    }
}
