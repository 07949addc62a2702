//! Regenerates `src/romanize/english_chinese.txt`, the English words that
//! the Wade–Giles ↔ Pinyin guard never reads as Chinese names: the
//! words of a word list (Debian's `wamerican`:
//! `/usr/share/dict/american-english`; capitalized ones lower-cased, those
//! with x, q or zh left out: they are Chinese names) that split into two or more Pinyin
//! or Wade–Giles syllables with a reading in the other (`mixing` is
//! mi-xing, `canadian` ca-na-di-an), less those already in `english.txt`
//! (shaped like Korean or Japanese syllables).
//!
//! ```sh
//! cargo run -p sagasu-analysis --example english_chinese_list -- /usr/share/dict/american-english \
//!     > crates/analysis/src/romanize/english_chinese.txt
//! ```
#![allow(unused_crate_dependencies)]

use std::collections::BTreeSet;

use sagasu_analysis::romanize::{chinese_syllables, is_syllabic, POSTAL};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/usr/share/dict/american-english".into());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let words: BTreeSet<String> = text
        .lines()
        .map(str::trim)
        .filter(|w| !w.is_empty() && w.bytes().skip(1).all(|b| b.is_ascii_lowercase()))
        .filter(|w| w.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()))
        // Chinese names of the list (Xiaoping, Zhengzhou) are no English.
        .filter(|w| w.starts_with(|c: char| c.is_ascii_lowercase()) || !pinyin_letters(&w.to_ascii_lowercase()))
        .map(str::to_ascii_lowercase)
        .filter(|w| !is_syllabic(w) && !POSTAL.iter().any(|row| row.contains(&w.as_str())))
        .filter(|w| chinese_syllables(w).is_some_and(|n| n >= 2))
        .collect();
    println!("# English words that split into two or more Pinyin or Wade-Giles syllables:");
    println!(
        "# never read as Chinese names. The {} words of Debian's wamerican (lower-cased)",
        words.len()
    );
    println!("# that do, less those of english.txt. Regenerate with");
    println!("# crates/analysis/examples/english_chinese_list.rs.");
    for w in words {
        println!("{w}");
    }
}

/// Letters only Pinyin writes (x, q, zh): a capitalized word with them in
/// the word list is a Chinese name.
fn pinyin_letters(w: &str) -> bool {
    w.contains(['x', 'q']) || w.contains("zh")
}
