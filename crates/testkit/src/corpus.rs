//! Corpora generated from the seed corpus (`corpus/` of the repository).
//!
//! Two generators:
//!
//! - [`write_corpus`] (benchmarks, `bench/incremental.sh`): documents made
//!   of the seed corpus's lines, drawn and permuted with a fixed seed, with
//!   generated names mixed in so that the vocabulary keeps growing with the
//!   corpus (as real text's does) instead of stopping at the seed's.
//! - [`write_marked`] (end-to-end tests): short documents of seed words,
//!   each holding [`MARKER`] and its own word [`doc_word`], so that a test
//!   can count with one search how many of them an index holds.
//!
//! The same arguments always give the same files, byte for byte.

use std::path::Path;

use sagasu_eval::SplitMix64;

/// The `.txt` files of `dir` that are not hidden, in file-name order.
fn text_files(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.ends_with(".txt") && !name.starts_with('.')
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// Non-empty lines of the `.txt` files of `dir` (not hidden), in file-name
/// order.
pub fn seed_lines(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut lines = Vec::new();
    for p in text_files(dir)? {
        let text = String::from_utf8_lossy(&std::fs::read(&p)?).into_owned();
        lines.extend(
            text.lines()
                .map(str::trim_end)
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    Ok(lines)
}

const SYLLABLES: &[&str] = &[
    "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te", "to", "na", "ni", "nu",
    "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re",
    "ro", "wa", "n", "dae", "jung", "min", "seok", "hyun", "gyu", "park", "lee", "choi", "kang", "yoon", "jang",
];

/// A generated name, e.g. `Kanemura` or `Dae-seok`.
pub fn name(rng: &mut SplitMix64) -> String {
    let parts = 2 + rng.below(3);
    let mut s = String::new();
    for i in 0..parts {
        let syl = SYLLABLES[rng.below(SYLLABLES.len())];
        if i == 2 && rng.below(3) == 0 {
            s.push('-');
        }
        s.push_str(syl);
    }
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// Document `i`: a title line, then runs of consecutive seed lines from
/// random places (paragraph-like), some words replaced by generated names.
/// Sizes vary from about 1 KB to about 24 KB.
pub fn document(lines: &[String], seed: u64, i: usize) -> String {
    let mut rng = SplitMix64::new(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    let target = 1024 + rng.below(8) * rng.below(3072).max(64);
    let mut doc = format!("Report {i}: {} and {}\n\n", name(&mut rng), name(&mut rng));
    while doc.len() < target {
        let start = rng.below(lines.len());
        let run = 3 + rng.below(12);
        for line in lines.iter().skip(start).take(run) {
            for (k, word) in line.split(' ').enumerate() {
                if k > 0 {
                    doc.push(' ');
                }
                if rng.below(40) == 0 {
                    doc.push_str(&name(&mut rng));
                } else {
                    doc.push_str(word);
                }
            }
            doc.push('\n');
        }
        doc.push('\n');
    }
    doc
}

/// The relative path of document `i`: 100 documents per folder.
pub fn doc_path(i: usize) -> String {
    format!("{:03}/{i:06}.txt", i / 100)
}

/// Writes documents `0..n` below `out`; returns the bytes written.
pub fn write_corpus(out: &Path, lines: &[String], seed: u64, n: usize) -> std::io::Result<u64> {
    let mut total = 0;
    for i in 0..n {
        let path = out.join(doc_path(i));
        if i % 100 == 0 {
            std::fs::create_dir_all(path.parent().unwrap_or(out))?;
        }
        let doc = document(lines, seed, i);
        total += doc.len() as u64;
        std::fs::write(path, doc)?;
    }
    Ok(total)
}

/// The word every marked document contains (and no other document).
pub const MARKER: &str = "zqmarker";

/// A word made of letters only that names marked document `i`.
pub fn doc_word(i: usize) -> String {
    let mut s = String::from("zqdoc");
    let mut n = i;
    for _ in 0..4 {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    s
}

/// The words made of letters only of the `.txt` files of `dir` (not
/// hidden), except files whose name starts with one of `except` (a test
/// that looks for a word of one file leaves that file out).
pub fn vocabulary(dir: &Path, except: &[&str]) -> std::io::Result<Vec<String>> {
    let mut vocab = Vec::new();
    for p in text_files(dir)? {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if except.iter().any(|e| name.starts_with(e)) {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&p)?).into_owned();
        vocab.extend(
            text.split_whitespace()
                .filter(|w| w.chars().all(char::is_alphabetic))
                .map(str::to_string),
        );
    }
    Ok(vocab)
}

/// Writes `n` marked documents `00000.txt`, `00001.txt`, … into `dir`
/// (created): a first line `Generated document WORD zqmarker` with
/// [`doc_word`], then 8–31 lines of 6–15 words of `vocab` (not empty),
/// 1–3 KB each.
pub fn write_marked(dir: &Path, vocab: &[String], n: usize) -> std::io::Result<()> {
    let mut rng = SplitMix64::new(0x5A6A_5A5A);
    std::fs::create_dir_all(dir)?;
    for i in 0..n {
        let mut doc = format!("Generated document {} {MARKER}\n", doc_word(i));
        for _ in 0..(8 + rng.below(24)) {
            let words: Vec<&str> = (0..(6 + rng.below(10))).map(|_| rng.pick(vocab).as_str()).collect();
            doc.push_str(&words.join(" "));
            doc.push('\n');
        }
        std::fs::write(dir.join(format!("{i:05}.txt")), doc)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_documents() {
        let lines: Vec<String> = (0..30).map(|i| format!("line {i} of the seed text")).collect();
        assert_eq!(document(&lines, 42, 7), document(&lines, 42, 7));
        assert_ne!(document(&lines, 42, 7), document(&lines, 43, 7));
        let doc = document(&lines, 42, 7);
        assert!(doc.starts_with("Report 7: ") && doc.len() >= 1024, "{doc}");
        assert_eq!(doc_path(1234), "012/001234.txt");
    }

    #[test]
    fn marked_documents_hold_the_marker_and_their_word() {
        let tmp = tempfile::tempdir().unwrap();
        let vocab: Vec<String> = ["alpha", "beta", "gamma"].map(String::from).to_vec();
        write_marked(tmp.path(), &vocab, 3).unwrap();
        let doc = std::fs::read_to_string(tmp.path().join("00002.txt")).unwrap();
        assert!(doc.starts_with(&format!("Generated document {} {MARKER}\n", doc_word(2))));
        assert!(doc.lines().count() >= 9);
        assert_ne!(doc_word(1), doc_word(27));
    }
}
