//! The issue's table on the real corpus, at the analyzer level: each query,
//! analyzed in query mode, must occur as a phrase in the index-mode tokens
//! of exactly the documents listed (the end-to-end `sagasu search` tests
//! check the same through the index).
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use std::collections::{BTreeSet, HashMap, HashSet};

use std::path::PathBuf;

use sagasu_analysis::{analyze, stem, Mode};

mod support;

struct Doc {
    name: String,
    /// (token text, position) of every index-mode token, exact and stemmed.
    exact: HashSet<(String, usize)>,
    stemmed: HashSet<(String, usize)>,
}

fn corpus() -> Vec<Doc> {
    let paths = support::corpus_paths();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let tokens = analyze(&text, Mode::Index);
            Doc {
                name: p.file_name().unwrap().to_string_lossy()[..3].to_owned(),
                exact: tokens.iter().map(|t| (t.text.clone(), t.position)).collect(),
                stemmed: tokens
                    .iter()
                    .map(|t| (stem(&t.text).into_owned(), t.position))
                    .collect(),
            }
        })
        .collect()
}

fn phrase_in(tokens: &HashSet<(String, usize)>, query: &[(String, usize)]) -> bool {
    let Some((first, _)) = query.first() else {
        return false;
    };
    let starts: Vec<usize> = tokens.iter().filter(|(t, _)| t == first).map(|&(_, p)| p).collect();
    starts
        .into_iter()
        .any(|start| query.iter().all(|(t, p)| tokens.contains(&(t.clone(), start + p))))
}

fn found_in(docs: &[Doc], query: &str, stemmed: bool) -> BTreeSet<String> {
    let q: Vec<(String, usize)> = analyze(query, Mode::Query)
        .into_iter()
        .map(|t| {
            let text = if stemmed { stem(&t.text).into_owned() } else { t.text };
            (text, t.position)
        })
        .collect();
    docs.iter()
        .filter(|d| phrase_in(if stemmed { &d.stemmed } else { &d.exact }, &q))
        .map(|d| d.name.clone())
        .collect()
}

#[test]
fn issue_table_on_the_corpus() {
    let docs = corpus();
    assert_eq!(docs.len(), 5, "the five seed documents");
    // (query, documents that must contain it as an exact-form phrase)
    let rows: &[(&str, &[&str])] = &[
        ("Sato", &["003"]),
        ("sato", &["003"]),
        ("SATŌ", &["003"]),
        ("Choson", &["003"]),
        ("Chosŏn", &["003"]),
        ("Chongwadae", &["003"]),
        ("Ch'ongwadae", &["003"]),
        ("Kim Dae Jung", &["000", "002", "003", "004"]),
        ("Kim Dae-jung", &["000", "002", "003", "004"]),
        ("restrictions", &["004"]),
        ("日本", &["001"]),
        ("日本語", &["001"]),
        ("語", &["001"]),
        ("русский", &["001"]),
        ("francais", &["001"]),
        ("espanol", &["001"]),
        ("Lee Jae-myung", &["001", "002"]),
    ];
    let mut failures = Vec::new();
    for &(query, expected) in rows {
        let found = found_in(&docs, query, false);
        let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        if found != expected {
            failures.push(format!("{query:?}: found in {found:?}, expected {expected:?}"));
        }
    }
    // Rows where the corpus holds more documents than the issue names: the
    // named ones must be among them.
    let at_least: &[(&str, &[&str])] = &[
        ("Japan", &["001", "002", "003", "004"]),
        ("Daejung", &["000", "002", "003"]),
        ("Japan-ROK", &["000", "004"]),
        ("US", &["002", "004"]),
    ];
    for &(query, expected) in at_least {
        let found = found_in(&docs, query, false);
        for e in expected {
            if !found.contains(*e) {
                failures.push(format!("{query:?}: not found in {e} (found in {found:?})"));
            }
        }
    }
    // Stemmed field: negotiate finds negotiations / negotiating.
    let found = found_in(&docs, "negotiate", true);
    for e in ["000", "004"] {
        if !found.contains(e) {
            failures.push(format!("stemmed \"negotiate\": not found in {e} (found in {found:?})"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_offsets_are_valid() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    for entry in std::fs::read_dir(dir).unwrap() {
        // Every file, hidden ones too: any text must analyze cleanly.
        let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else {
            continue;
        };
        for mode in [Mode::Index, Mode::Query] {
            let mut by_position: HashMap<usize, usize> = HashMap::new();
            let mut last = 0;
            for t in analyze(&text, mode) {
                assert!(t.offset_from < t.offset_to && t.offset_to <= text.len());
                assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
                assert!(t.position >= last);
                last = t.position;
                *by_position.entry(t.position).or_default() += 1;
            }
            if mode == Mode::Query {
                assert!(by_position.values().all(|&n| n == 1), "query tokens never stack");
            }
        }
    }
}
