//! End-to-end: the index folder's lifecycle (issue 5, issue 12 item 2):
//! damaged, foreign and outdated folders are reported with a hint or
//! rebuilt, and sagasu deletes only what it can prove it wrote.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::incremental::{counts, hits, size, snapshot};
use crate::util::*;

fn segment_file(index: &Path, ext: &str) -> std::path::PathBuf {
    snapshot(index)
        .into_iter()
        .map(|(n, _)| index.join(n))
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} file in the index"))
}

fn assert_fails_with_hint(f: &Fixture, args: &[&str], hint: &str) -> String {
    let out = f.run(args);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stdout}{stderr}");
    assert!(stderr.contains(hint), "{args:?}: no {hint:?} in {stderr}");
    assert!(
        stderr.lines().count() <= 2 && stderr.len() < 600,
        "not a clear message: {stderr}"
    );
    stderr
}

#[test]
fn a_truncated_segment_file_is_reported_and_rebuild_fixes_it() {
    for ext in ["idx", "store", "term", "fast", "pos"] {
        let f = Fixture::default_corpus();
        f.index(&[]);
        let victim = segment_file(&f.index, ext);
        let len = size(&victim);
        std::fs::File::options()
            .write(true)
            .open(&victim)
            .unwrap()
            .set_len(len / 2)
            .unwrap();
        let name = victim.file_name().unwrap().to_string_lossy().into_owned();
        let err = assert_fails_with_hint(&f, &["search", "Korea"], "sagasu index --rebuild");
        assert!(err.contains("damaged") && err.contains(&name), "{ext}: {err}");
        let err = assert_fails_with_hint(&f, &["index"], "sagasu index --rebuild");
        assert!(err.contains("damaged"), "{ext}: {err}");
        let r = f.index(&["--rebuild"]);
        assert_eq!(counts(&r), (5, 0, 0, 0, 0, 5), "{ext}: {r}");
        assert_eq!(hits(&f, "Nordpolitik").0, ["003_0771a4b52a2fefa6.txt"], "{ext}");
        assert!(!victim.exists(), "{ext}: the damaged file is still there");
    }
}

#[test]
fn a_missing_segment_file_or_a_corrupt_meta_json_is_reported_and_rebuild_fixes_it() {
    let f = Fixture::default_corpus();
    f.index(&[]);
    std::fs::remove_file(segment_file(&f.index, "idx")).unwrap();
    let err = assert_fails_with_hint(&f, &["search", "Korea"], "sagasu index --rebuild");
    assert!(err.contains("missing"), "{err}");
    f.index(&["--rebuild"]);
    assert_eq!(hits(&f, "Nordpolitik").0, ["003_0771a4b52a2fefa6.txt"]);

    let meta = f.index.join("meta.json");
    let len = size(&meta);
    std::fs::File::options()
        .write(true)
        .open(&meta)
        .unwrap()
        .set_len(len / 3)
        .unwrap();
    let err = assert_fails_with_hint(&f, &["search", "Korea"], "sagasu index --rebuild");
    assert!(err.contains("meta.json"), "{err}");
    assert_fails_with_hint(&f, &["index"], "sagasu index --rebuild");
    let r = f.index(&["--rebuild"]);
    assert_eq!(counts(&r), (5, 0, 0, 0, 0, 5), "{r}");
    assert_eq!(hits(&f, "Nordpolitik").0, ["003_0771a4b52a2fefa6.txt"]);
}

#[test]
fn a_folder_that_is_not_an_index_is_refused_and_never_deleted() {
    let f = Fixture::default_corpus();
    std::fs::create_dir_all(f.index.join("sub")).unwrap();
    std::fs::write(f.index.join("thesis.txt"), "my only copy").unwrap();
    std::fs::write(f.index.join("sub/data.csv"), "a,b").unwrap();
    let before = snapshot(&f.index);
    for args in [&["search", "Korea"][..], &["index"][..], &["index", "--rebuild"][..]] {
        let err = assert_fails_with_hint(&f, args, "pass --index a new or empty folder");
        assert!(
            err.contains("not a sagasu index") && err.contains("sub"),
            "{args:?}: {err}"
        );
        assert_eq!(snapshot(&f.index), before, "{args:?} changed the folder");
    }
    assert!(f.index.join("sub/data.csv").is_file());

    // A meta.json that tantivy did not write, next to other files, is not
    // taken for an index either.
    std::fs::write(f.index.join("meta.json"), "{\"project\": \"thesis\"}").unwrap();
    let before = snapshot(&f.index);
    let out = f.run(&["index", "--rebuild"]);
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    assert_eq!(snapshot(&f.index), before);
    assert_eq!(
        std::fs::read_to_string(f.index.join("thesis.txt")).unwrap(),
        "my only copy"
    );
}

/// Edits the analyzer version in the commit payload of meta.json (tantivy
/// keeps the payload as a JSON string in `"payload"`).
fn set_version(index: &Path, version: &str) {
    let path = index.join("meta.json");
    let mut meta: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let payload = meta["payload"].as_str().expect("a commit payload");
    let mut p: Value = serde_json::from_str(payload).unwrap();
    assert!(p["sagasu_version"].is_u64(), "{payload}");
    p["sagasu_version"] = serde_json::from_str(version).unwrap();
    meta["payload"] = Value::String(p.to_string());
    std::fs::write(&path, serde_json::to_vec_pretty(&meta).unwrap()).unwrap();
}

#[test]
fn another_analyzer_version_is_rebuilt_by_index_and_by_a_search_of_the_same_corpus() {
    let f = Fixture::default_corpus();
    f.index(&[]);
    set_version(&f.index, "999");
    // The index records another corpus: search asks for `sagasu index`.
    let other = f.dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let out = Command::new(crate::util::bin())
        .env_remove("SAGASU_INDEX")
        .env_remove("SAGASU_CORPUS")
        .arg("--corpus")
        .arg(&other)
        .arg("--index")
        .arg(&f.index)
        .args(["search", "Korea"])
        .output()
        .unwrap();
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("analyzer version 999") && err.contains("re-index"),
        "{err}"
    );

    let out = f.run(&["index"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("rebuilt the index from scratch because") && stderr.contains("999"),
        "{stderr}"
    );
    assert!(stdout.contains("5 added"), "{stdout}");
    assert_eq!(hits(&f, "Nordpolitik").0, ["003_0771a4b52a2fefa6.txt"]);

    // Same with --json: the reason is in the report.
    set_version(&f.index, "0");
    let r = f.index(&[]);
    assert_eq!(counts(&r), (5, 0, 0, 0, 0, 5), "{r}");
    assert!(r["rebuilt"].as_str().unwrap().contains("version 0"), "{r}");
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 0, 5, 0, 5), "{r}");

    // A search of the corpus the index records rebuilds it and answers.
    set_version(&f.index, "1");
    let out = f.run(&["search", "Nordpolitik"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("another analyzer version"), "{stderr}");
    assert!(stdout.contains("003_0771a4b52a2fefa6.txt"), "{stdout}");
}

/// An index built before sagasu wrote its marker (the commit payload alone
/// proves it is sagasu's) keeps working, is rebuilt on request, and gets
/// a marker.
#[test]
fn an_index_without_a_marker_is_still_sagasus() {
    let f = Fixture::default_corpus();
    f.index(&[]);
    std::fs::remove_file(f.index.join(".sagasu-index")).unwrap();
    assert_eq!(hits(&f, "Nordpolitik").0, ["003_0771a4b52a2fefa6.txt"]);
    let r = f.index(&["--rebuild"]);
    assert_eq!(counts(&r), (5, 0, 0, 0, 0, 5), "{r}");
    assert!(f.index.join(".sagasu-index").is_file());
}
