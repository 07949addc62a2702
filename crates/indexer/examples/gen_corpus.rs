//! Generates a large deterministic corpus from the seed corpus, for the
//! incremental-indexing benchmark (bench/incremental.sh).
//!
//! ```text
//! cargo run --release -p sagasu-indexer --example gen_corpus -- \
//!     [--seed-corpus corpus] [--out bench-data/corpus] [--docs 20000] [--seed 42]
//! ```
//!
//! The same arguments always give the same files, byte for byte.
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use sagasu_testkit::corpus as corpus_gen;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut seed_corpus = PathBuf::from("corpus");
    let mut out = PathBuf::from("bench-data/corpus");
    let mut docs = 20_000usize;
    let mut seed = 42u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--seed-corpus" => seed_corpus = value().into(),
            "--out" => out = value().into(),
            "--docs" => docs = value().parse().unwrap_or(docs),
            "--seed" => seed = value().parse().unwrap_or(seed),
            _ => {
                eprintln!("usage: gen_corpus [--seed-corpus DIR] [--out DIR] [--docs N] [--seed N]");
                return ExitCode::from(2);
            }
        }
    }
    let lines = match corpus_gen::seed_lines(&seed_corpus) {
        Ok(l) if !l.is_empty() => l,
        Ok(_) => {
            eprintln!("gen_corpus: no text in {}", seed_corpus.display());
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", seed_corpus.display());
            return ExitCode::from(2);
        }
    };
    // Replace an earlier output, but never a folder this did not write.
    const MARK: &str = ".gen_corpus";
    if out.exists() {
        let ours = out.join(MARK).is_file();
        let empty = std::fs::read_dir(&out).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !ours && !empty {
            eprintln!(
                "gen_corpus: {} exists and was not written by gen_corpus; not touching it",
                out.display()
            );
            return ExitCode::from(2);
        }
        if let Err(e) = std::fs::remove_dir_all(&out) {
            eprintln!("gen_corpus: cannot clear {}: {e}", out.display());
            return ExitCode::from(2);
        }
    }
    if let Err(e) = std::fs::create_dir_all(&out).and_then(|()| std::fs::write(out.join(MARK), "")) {
        eprintln!("gen_corpus: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    match corpus_gen::write_corpus(&out, &lines, seed, docs) {
        Ok(bytes) => {
            println!("{docs} documents, {:.1} MB in {}", bytes as f64 / 1e6, out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::from(2)
        }
    }
}
