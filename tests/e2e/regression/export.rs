//! Regressions of export: what `sagasu export --to quickwit` writes, and
//! where.

use std::path::Path;

use serde_json::Value;

use crate::util::*;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// Issue 24, item 9: passages were bounded in words, not in the blanks
// between them: `alpha` + 12 M spaces + `omega` was one 24 MB passage, and
// export wrote a 24 MB NDJSON line (the README promises files of at most
// 8 MB, for Quickwit's 10 MiB per request). Long runs of blanks are now in
// no passage.
#[test]
fn a_passage_of_whitespace_made_an_ndjson_line_of_24_mb() {
    let f = Fixture::empty();
    f.write("blank.txt", format!("alpha{}omega\n", " ".repeat(12 << 20)));
    f.index(&[]);
    for word in ["alpha", "omega"] {
        let (json, code) = f.search_json(&[word]);
        assert_eq!((code, paths(&json)), (0, vec!["blank.txt".to_string()]), "{word}");
    }
    let dir = f.dir.path().join("export");
    let out = f.run(&["export", "--to", "quickwit", s(&dir), "--json"]);
    assert!(out.status.success(), "{:?}", text(&out));
    let mut longest = 0;
    let mut passages = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ndjson") {
            let body = std::fs::read_to_string(&path).unwrap();
            assert!(body.len() <= 8 << 20, "{} is {} bytes", path.display(), body.len());
            for line in body.lines() {
                longest = longest.max(line.len());
                let doc: Value = serde_json::from_str(line).unwrap();
                passages += usize::from(doc.get("path").is_some());
            }
        }
    }
    assert!(passages >= 2, "{passages} passages");
    assert!(longest < 256 << 10, "an NDJSON line of {longest} bytes");
}

// Issue 24, item 14: an export folder inside the corpus was indexed on the
// next pass (316 documents became 319, an NDJSON file the top hit for
// "license"). Export now refuses to write inside the corpus, in one line
// (the index folder is left out of the walk because sagasu knows where it
// is; an export folder is the user's to move, and refusing says so).
#[test]
fn an_export_folder_inside_the_corpus_was_indexed() {
    let f = Fixture::empty();
    f.write("notes.txt", "a license to export\n");
    f.index(&[]);
    for inside in [f.corpus.join("export"), f.corpus.join("new/deeper/../export")] {
        let out = f.run(&["export", "--to", "quickwit", s(&inside)]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("is inside the corpus"), "{stderr}");
        assert!(!f.corpus.join("export").exists() && !f.corpus.join("new").exists());
    }
    // Outside it, next to the corpus: written, and the next pass indexes
    // nothing new.
    let outside = f.dir.path().join("export");
    let out = f.run(&["export", "--to", "quickwit", s(&outside)]);
    assert!(out.status.success(), "{:?}", text(&out));
    let r = f.index(&[]);
    assert_eq!(r["documents"], 1, "{r}");
}
