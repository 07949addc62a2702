//! Messages a new user meets (issue 29): options named as typed, and a
//! folder without documents said once, with how to point at one.

use std::process::Command;

use crate::util::{bin, shared_corpus, text};

#[test]
fn a_refused_format_is_named_as_typed() {
    let out = shared_corpus().run(&["search", "--count", "--format", "csv", "Yasukuni"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(err, "sagasu: error: --count prints text or JSON, not --format csv\n");
}

#[test]
fn a_folder_without_corpus_says_what_is_missing_and_how_to_point_at_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sagasu = |args: &[&str]| {
        let out = Command::new(bin())
            .args(args)
            .current_dir(dir.path())
            .env_remove("SAGASU_CORPUS")
            .env_remove("SAGASU_INDEX")
            .output()
            .expect("run sagasu");
        let (_, err) = text(&out);
        (out.status.code(), err)
    };
    let (code, err) = sagasu(&["search", "Obuchi"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "sagasu: error: no index yet, and no folder corpus to build it from: \
         point sagasu at your documents with --corpus DIR or SAGASU_CORPUS=DIR\n"
    );
    assert!(!dir.path().join("index").exists(), "no empty index is left behind");
    let (code, err) = sagasu(&["index"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "sagasu: error: corpus folder corpus: no such folder; \
         point sagasu at your documents with --corpus DIR or SAGASU_CORPUS=DIR\n"
    );
}
