//! The default corpus, for the analyzer's tests and benchmark (the bench
//! includes this file with `#[path]`).
#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus documents (`corpus/*.txt`, not hidden), sorted by name.
pub fn corpus_paths() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no corpus documents in {}", dir.display());
    paths
}

/// The corpus documents concatenated, repeated to at least `target` bytes.
pub fn corpus_text(target: usize) -> String {
    let mut one = String::new();
    for p in corpus_paths() {
        one.push_str(&std::fs::read_to_string(p).unwrap());
        one.push('\n');
    }
    one.repeat(target.div_ceil(one.len()).max(1))
}
