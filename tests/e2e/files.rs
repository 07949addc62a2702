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
    // The new copy's segment holds only a copy: a typo is still answered
    // from the segments of the files it copies.
    let (json, code) = f.search_json(&["memorandun"]);
    assert_eq!(code, 1, "{json}");
    assert_eq!(json["suggestions"][0]["terms"][0], "memorandum", "{json}");
}

/// Sets `path`'s mtime to `secs` after the epoch, its bytes unchanged.
fn set_mtime(f: &Fixture, path: &str, secs: u64) {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    crate::incremental::set_mtime(&f.corpus.join(path), t);
}

/// `sagasu files` says when each document was indexed, beside the
/// modification time of the version indexed: a changed file gets the time
/// of the pass that re-read it; an untouched file, and a touched file whose
/// bytes did not change, keep theirs (the index still holds the version
/// read then), while the touched file's modification time follows it.
#[test]
fn files_says_when_each_file_was_indexed() {
    const Y2001: u64 = 978_307_200;
    const Y2002: u64 = 1_009_843_200;
    let f = Fixture::empty();
    f.write("kept.txt", "Kept as it was.\n");
    f.write("touched.txt", "Touched, not changed.\n");
    f.write("changed.txt", "Changed after the first pass.\n");
    for p in ["kept.txt", "touched.txt", "changed.txt"] {
        set_mtime(&f, p, Y2001);
    }
    f.index(&[]);
    let first = files_json(&f);
    let field = |json: &Value, path: &str, key: &str| -> String {
        let docs = array(json, "documents");
        let doc = docs
            .iter()
            .find(|d| d["path"] == path)
            .unwrap_or_else(|| panic!("{path}: {json}"));
        string(doc, key).to_string()
    };
    let updated = string(&first, "updated").to_string();
    for p in ["kept.txt", "touched.txt", "changed.txt"] {
        assert_eq!(field(&first, p, "modified"), "2001-01-01T00:00:00Z");
        let indexed = field(&first, p, "indexed");
        // This pass's time, not the file's: no later than the commit.
        assert!(
            indexed.starts_with("20") && indexed.ends_with('Z') && indexed <= updated,
            "{first}"
        );
        assert!(indexed.as_str() > "2026", "{first}");
    }

    set_mtime(&f, "touched.txt", Y2002);
    f.write("changed.txt", "Changed after the first pass: a second version.\n");
    f.index(&[]);
    let second = files_json(&f);
    for p in ["kept.txt", "touched.txt"] {
        assert_eq!(
            field(&second, p, "indexed"),
            field(&first, p, "indexed"),
            "{p}: {second}"
        );
    }
    assert_eq!(field(&second, "touched.txt", "modified"), "2002-01-01T00:00:00Z");
    let changed = field(&second, "changed.txt", "indexed");
    assert!(
        changed >= updated && changed.as_str() <= string(&second, "updated"),
        "{second}"
    );

    let (out, _) = text(&f.run(&["files"]));
    let header = out.lines().next().unwrap_or("");
    assert!(
        header.contains("modified (UTC)") && header.contains("indexed (UTC)"),
        "{out}"
    );
    let kept = out.lines().find(|l| l.starts_with("kept.txt ")).unwrap_or("");
    let indexed = field(&second, "kept.txt", "indexed").replace('T', " ").replace('Z', "");
    assert!(kept.contains("2001-01-01 00:00:00") && kept.contains(&indexed), "{out}");
}

/// The copies ranked search leaves out and the other paths it names
/// follow each incremental pass (issue 26: they are stored with the
/// commit, `sagasu-duplicates.bin`, and read back by the next search):
/// the first path deleted, the next one shows the group; a copy changed,
/// it is a document of its own; and the stored file, damaged or of an
/// older commit, is not believed.
#[test]
fn copies_follow_each_pass_and_a_stale_stored_list_is_not_believed() {
    let f = Fixture::empty();
    let memo = "Memorandum on the Dokdo survey of 1953, with the ship's log.\n";
    for name in ["a.txt", "b.txt", "c.txt"] {
        f.write(name, memo);
    }
    f.index(&[]);
    let stored = f.index.join("sagasu-duplicates.bin");
    assert!(stored.is_file(), "the pass stores the duplicates beside its commit");
    let shown = |f: &Fixture| {
        let (json, code) = f.search_json(&["Dokdo"]);
        assert_eq!(code, 0, "{json}");
        let results = json["results"].as_array().expect("results").clone();
        let mut shown: Vec<(String, Vec<String>)> = results
            .iter()
            .map(|r| {
                let others = r["duplicates"].as_array().expect("duplicates");
                let others = others.iter().map(|p| p.as_str().unwrap_or("").to_string()).collect();
                (r["path"].as_str().unwrap_or("").to_string(), others)
            })
            .collect();
        shown.sort();
        assert_eq!(json["total_documents"], shown.len(), "{json}");
        shown
    };
    let group = |path: &str, others: &[&str]| (path.to_string(), others.iter().map(|s| s.to_string()).collect());
    assert_eq!(shown(&f), [group("a.txt", &["b.txt", "c.txt"])]);
    let first = std::fs::read(&stored).expect("read the stored duplicates");

    // The first path deleted: the next one shows the group, also with the
    // list of the commit before put back (the same segments, with deletes).
    std::fs::remove_file(f.corpus.join("a.txt")).expect("remove a.txt");
    f.index(&[]);
    assert_eq!(shown(&f), [group("b.txt", &["c.txt"])]);
    std::fs::write(&stored, &first).expect("put the first list back");
    assert_eq!(shown(&f), [group("b.txt", &["c.txt"])]);

    // The stored list of that commit kept aside, a copy changed: the
    // changed file is a document of its own.
    let older = std::fs::read(&stored).expect("read the stored duplicates");
    f.write("c.txt", format!("{memo}Appendix: the Dokdo crew list.\n"));
    f.index(&[]);
    assert_eq!(shown(&f), [group("b.txt", &[]), group("c.txt", &[])]);

    // The older commit's list, or a damaged one, put back: not believed.
    std::fs::write(&stored, &older).expect("put the older list back");
    assert_eq!(shown(&f), [group("b.txt", &[]), group("c.txt", &[])]);
    let mut damaged = older.clone();
    damaged.truncate(older.len() / 2);
    std::fs::write(&stored, &damaged).expect("damage the list");
    assert_eq!(shown(&f), [group("b.txt", &[]), group("c.txt", &[])]);

    // Without it (a folder indexed before issue 26), found again; the
    // next pass stores it again.
    std::fs::write(&stored, b"").expect("empty the list");
    f.write("d.txt", memo);
    f.index(&[]);
    assert_eq!(shown(&f), [group("b.txt", &["d.txt"]), group("c.txt", &[])]);
    std::fs::remove_file(&stored).expect("remove the list");
    assert_eq!(shown(&f), [group("b.txt", &["d.txt"]), group("c.txt", &[])]);
    f.index(&[]);
    assert!(stored.is_file(), "a pass without changes stores it when missing");
}
