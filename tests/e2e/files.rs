//! `sagasu files` (issue 29): the folder at a glance from the index —
//! every document with its title, format, pages, passages and size, the
//! files skipped with their reasons, the files with the same bytes under
//! several names; and ranked search shows such a file once, naming its
//! other paths, in text, JSON and the HTTP API alike.

use serde_json::Value;

use crate::documents::have_pdftotext;
use crate::serve::{cli_json, Served};
use crate::util::*;

/// The default corpus plus a copy of 000 under another name, an empty
/// file, a binary file and (with pdftotext) a PDF of three pages.
fn folder() -> (Fixture, bool) {
    let f = Fixture::default_corpus();
    let essay = std::fs::read(f.corpus.join("000_d1566bec7f6aab24.txt")).expect("read 000");
    f.write("copies/takeshima.txt", &essay);
    f.write("empty.txt", "  \n");
    f.write("blob.dat", b"\x00\x01\x02 not text");
    let pdf = have_pdftotext();
    if pdf {
        let paged = root().join("tests/fixtures/documents/paged.pdf");
        std::fs::copy(paged, f.corpus.join("paged.pdf")).expect("copy paged.pdf");
    }
    f.index(&[]);
    (f, pdf)
}

fn files_json(f: &Fixture) -> Value {
    let out = f.run(&["files", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("files --json prints JSON")
}

#[test]
fn files_lists_documents_skipped_files_and_duplicates() {
    let (f, pdf) = folder();
    let json = files_json(&f);
    let docs = array(&json, "documents");
    let doc = |path: &str| {
        docs.iter()
            .find(|d| d["path"] == path)
            .unwrap_or_else(|| panic!("{path} not listed: {json}"))
    };
    let paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap_or("")).collect();
    let mut want = vec![
        "000_d1566bec7f6aab24.txt",
        "001_4e13fa1f4c8f1c99.txt",
        "002_cfdbf63cab07ae4d.txt",
        "003_0771a4b52a2fefa6.txt",
        "004_674ccde8731c1fbd.txt",
        "copies/takeshima.txt",
    ];
    if pdf {
        want.push("paged.pdf");
    }
    assert_eq!(paths, want, "every indexed document, by path");

    let essay = doc("001_4e13fa1f4c8f1c99.txt");
    assert_eq!(
        essay["title"],
        "President Lee’s “Pragmatic Diplomacy”: Can He Balance Foreign Ties and Security?"
    );
    assert_eq!(essay["format"], "text");
    assert_eq!(essay["pages"], Value::Null);
    let size = std::fs::metadata(f.corpus.join("001_4e13fa1f4c8f1c99.txt")).map(|m| m.len());
    assert_eq!(essay["size"].as_u64(), size.ok());
    // 13 KB of text in passages of about 250 words.
    let passages = number(essay, "passages");
    assert!((5..=20).contains(&passages), "{essay}");
    assert!(
        string(essay, "modified").starts_with("20") && string(essay, "modified").ends_with('Z'),
        "{essay}"
    );
    if pdf {
        let paged = doc("paged.pdf");
        assert_eq!(
            (paged["format"].as_str(), paged["pages"].as_u64()),
            (Some("PDF"), Some(3))
        );
        assert_eq!(paged["title"], "Paged Fixture Report");
    }

    let skipped: Vec<(&str, &str)> = array(&json, "skipped")
        .iter()
        .map(|s| (s["path"].as_str().unwrap_or(""), s["kind"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(skipped, [("blob.dat", "binary"), ("empty.txt", "empty")]);
    assert_eq!(
        json["duplicates"],
        serde_json::json!([["000_d1566bec7f6aab24.txt", "copies/takeshima.txt"]])
    );

    let (out, err) = text(&f.run(&["files"]));
    assert!(
        out.lines().any(|l| l.starts_with("001_4e13fa1f4c8f1c99.txt ")
            && l.contains(" text ")
            && l.ends_with("Can He Balance Foreign Ties and Security?")),
        "{out}"
    );
    assert!(out.contains("\nskipped:\n  blob.dat: binary"), "{out}");
    assert!(
        out.contains("  000_d1566bec7f6aab24.txt = copies/takeshima.txt\n"),
        "{out}"
    );
    assert!(err.contains("2 skipped; 1 duplicate"), "{err}");
}

#[test]
fn search_shows_a_duplicate_once_naming_its_other_paths() {
    let (f, _) = folder();
    // jeopardize is in 000 only (and its copy).
    let (json, code) = f.search_json(&["jeopardize"]);
    assert_eq!(code, 0);
    assert_eq!(paths(&json), ["000_d1566bec7f6aab24.txt"]);
    assert_eq!(json["total_documents"], 1);
    assert_eq!(
        json["results"][0]["duplicates"],
        serde_json::json!(["copies/takeshima.txt"])
    );
    // Documents without a copy say so with an empty list.
    let (json, _) = f.search_json(&["Nordpolitik"]);
    assert_eq!(json["results"][0]["duplicates"], serde_json::json!([]));
    // Passages too: the copy's passages are not listed beside the original's.
    let (json, _) = f.search_json(&["--passages", "-n", "50", "jeopardize"]);
    assert!(paths(&json).iter().all(|p| p == "000_d1566bec7f6aab24.txt"), "{json}");

    let (out, _) = text(&f.run(&["search", "jeopardize"]));
    let lines: Vec<&str> = out.lines().take(2).collect();
    assert!(lines[0].starts_with("1. 000_d1566bec7f6aab24.txt "), "{out}");
    assert_eq!(lines[1], "   (the same file is also at copies/takeshima.txt)");
    assert!(!out.contains("copies/takeshima.txt:"), "{out}");

    // A query that names a path finds the copy it names.
    let (json, _) = f.search_json(&["path:copies/*", "jeopardize"]);
    assert_eq!(paths(&json), ["copies/takeshima.txt"]);
    assert_eq!(
        json["results"][0]["duplicates"],
        serde_json::json!(["000_d1566bec7f6aab24.txt"])
    );

    // The HTTP API answers with the same bytes.
    let s = Served::start(&f, &[]);
    let api = crate::http::get(s.addr, "/api/search?q=jeopardize");
    assert_eq!(api.text(), String::from_utf8_lossy(&cli_json(&f, &["jeopardize"])));
}

/// A folder of many copies (more than `Exclusions::spread` looks up one by
/// one, so its walk over the dictionaries runs): each group shown once,
/// every other path named, none of the copies listed, also after an
/// incremental pass adds one more copy (a new snapshot).
#[test]
fn a_folder_of_many_copies_shows_each_file_once() {
    let f = Fixture::empty();
    let memo = "Memorandum on the Dokdo survey of 1953, with the ship's log.\n";
    let other = "A note on the Dokdo lighthouse.\n";
    for i in 0..70 {
        f.write(&format!("copies/memo-{i:02}.txt"), memo);
    }
    f.write("lighthouse.txt", other);
    f.index(&[]);
    let (json, code) = f.search_json(&["Dokdo"]);
    assert_eq!(code, 0);
    let mut found = paths(&json);
    found.sort();
    assert_eq!(found, ["copies/memo-00.txt", "lighthouse.txt"], "{json}");
    assert_eq!(json["total_documents"], 2);
    let results = json["results"].as_array().expect("results");
    let first = results
        .iter()
        .find(|r| r["path"] == "copies/memo-00.txt")
        .expect("memo");
    let others = first["duplicates"].as_array().expect("duplicates");
    assert_eq!(others.len(), 69);
    assert_eq!(others[0], "copies/memo-01.txt");
    let lighthouse = results
        .iter()
        .find(|r| r["path"] == "lighthouse.txt")
        .expect("lighthouse");
    assert_eq!(lighthouse["duplicates"], serde_json::json!([]));

    f.write("copies/memo-70.txt", memo);
    f.index(&[]);
    let (json, _) = f.search_json(&["survey"]);
    assert_eq!(paths(&json), ["copies/memo-00.txt"], "{json}");
    assert_eq!(json["results"][0]["duplicates"].as_array().map(Vec::len), Some(70));
}
