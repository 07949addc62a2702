//! The document view on a real index: the text stitched from overlapping
//! passages is the file's own text, line for line; highlights and hits
//! are where the query's words are; only indexed keys are documents.

// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use sagasu_indexer::{index, IndexOptions, NoProgress};
use sagasu_searcher::document::MAX_VIEW_BYTES;
use sagasu_searcher::{Aliases, DocumentRequest, DocumentView, Searcher};
use sagasu_store::open_index;

struct Fixture {
    _dir: tempfile::TempDir,
    searcher: Searcher,
    long: String,
}

/// 1,500 lines of numbered words (many overlapping passages); every 97th
/// line says "Nordpolitik". Plus a file of one 1 MB line.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    std::fs::write(corpus.join("sub/long.txt"), long_text()).unwrap();
    let one_line = format!("{}Nordpolitik {}", "filler ".repeat(100_000), "tail ".repeat(100_000));
    std::fs::write(corpus.join("oneline.txt"), &one_line).unwrap();
    index(&IndexOptions::new(&corpus, dir.path().join("index")), &NoProgress).unwrap();
    let opened = open_index(&dir.path().join("index")).unwrap();
    Fixture {
        _dir: dir,
        searcher: Searcher::new(opened.reader, opened.fields, Aliases::default()),
        long: long_text(),
    }
}

fn long_text() -> String {
    (1..=1500)
        .map(|i| {
            if i % 97 == 0 {
                format!("line {i} speaks of Nordpolitik here\n")
            } else {
                format!("line {i} alpha{i} beta{i} gamma{i} delta{i}\n")
            }
        })
        .collect()
}

fn view(s: &Searcher, path: &str, line: u64, byte: Option<u64>, q: Option<&str>) -> Option<DocumentView> {
    s.document(&DocumentRequest {
        path,
        line,
        byte,
        query: q,
        before: 10,
        after: 30,
    })
    .unwrap()
}

fn marked(v: &DocumentView) -> Vec<&str> {
    v.highlights.iter().map(|&(a, b)| &v.text[a..b]).collect()
}

#[test]
fn the_view_is_the_files_own_lines_at_any_place() {
    let f = fixture();
    let lines: Vec<&str> = f.long.lines().collect();
    for line in [1, 5, 11, 200, 777, 1234, 1490, 1500, 9999] {
        let v = view(&f.searcher, "sub/long.txt", line, None, None).expect("indexed");
        let at = line.min(1500);
        let from = at.saturating_sub(10).max(1);
        let to = (at + 30).min(1500);
        assert_eq!((v.line_start, v.line_end, v.last_line), (from, to, 1500), "line {line}");
        assert_eq!(v.text, lines[from as usize - 1..to as usize].join("\n"), "line {line}");
        assert!(!v.cut_before && !v.cut_after);
        assert!(v.highlights.is_empty() && v.hits.is_empty());
    }
}

#[test]
fn every_query_word_is_highlighted_and_every_hit_listed() {
    let f = fixture();
    let v = view(&f.searcher, "sub/long.txt", 194, None, Some("nordpolitik")).unwrap();
    assert_eq!(marked(&v), ["Nordpolitik"]); // line 194 (the window is lines 184..=224)
    let expected: Vec<u64> = (1..=1500).filter(|i| i % 97 == 0).collect();
    let hit_lines: Vec<u64> = v.hits.iter().map(|h| h.line).collect();
    assert_eq!(hit_lines, expected);
    assert!(!v.hits_truncated);
    for h in &v.hits {
        assert!(f.long[h.byte as usize..].starts_with("Nordpolitik"), "{h:?}");
    }
}

#[test]
fn a_long_line_is_shown_around_the_byte_asked_for() {
    let f = fixture();
    let at = "filler ".len() * 100_000;
    let v = view(&f.searcher, "oneline.txt", 1, Some(at as u64), Some("Nordpolitik")).unwrap();
    assert!(v.text.len() <= MAX_VIEW_BYTES, "{}", v.text.len());
    assert!(v.cut_before && v.cut_after);
    assert_eq!(marked(&v), ["Nordpolitik"]);
    assert_eq!(v.hits.len(), 1);
    assert_eq!((v.hits[0].line, v.hits[0].byte), (1, at as u64));
}

#[test]
fn only_indexed_keys_are_documents() {
    let f = fixture();
    for path in [
        "nope.txt",
        "../corpus/oneline.txt",
        "/etc/passwd",
        "sub",
        "sub/",
        "./oneline.txt",
        "",
    ] {
        assert!(view(&f.searcher, path, 1, None, None).is_none(), "{path:?}");
    }
    assert_eq!(f.searcher.document_count().unwrap(), 2);
}

#[test]
fn a_malformed_query_is_a_syntax_error() {
    let f = fixture();
    let err = f
        .searcher
        .document(&DocumentRequest {
            path: "oneline.txt",
            line: 1,
            byte: None,
            query: Some("\"unclosed"),
            before: 1,
            after: 1,
        })
        .unwrap_err();
    assert!(
        matches!(err, sagasu_searcher::SearchError::Syntax { column: 1, .. }),
        "{err}"
    );
}
