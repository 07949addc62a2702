//! Documents that are not text (issue 14): PDF through pdftotext, DOCX,
//! ODT and EPUB. Each word of the fixtures (tests/fixtures/documents,
//! made by its make_fixtures.py) is found in its file on its page or line
//! with the snippet highlighting it; every file that cannot be read is
//! reported with its reason while the run goes on; a helper that hangs,
//! crashes or floods is stopped and reported.
//!
//! The PDF tests need poppler's pdftotext. Without it they fail when `CI`
//! is set (CI installs poppler-utils) and are skipped loudly otherwise.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::util::*;

/// The committed fixtures.
fn fixtures() -> PathBuf {
    root().join("tests/fixtures/documents")
}

/// A corpus holding the named fixtures.
pub(crate) fn corpus_of(names: &[&str]) -> Fixture {
    let f = Fixture::empty();
    for name in names {
        std::fs::copy(fixtures().join(name), f.corpus.join(name)).expect("copy fixture");
    }
    f
}

/// Whether pdftotext runs here. In CI its absence is a failure; elsewhere
/// the PDF tests are skipped with a loud message.
pub(crate) fn have_pdftotext() -> bool {
    let runs = Command::new("pdftotext")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !runs {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is missing in CI: .ci/run installs poppler-utils"
        );
        // Past the test harness's capture (which hides what passing tests
        // print), once per run.
        static LOUD: std::sync::Once = std::sync::Once::new();
        LOUD.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: pdftotext (poppler-utils) is not installed; the PDF tests did not run ***\n"
            );
        });
    }
    runs
}

/// The first result of `query` as (path, first passage).
fn top(f: &Fixture, query: &str) -> (String, Value) {
    let (json, code) = f.search_json(&["-n", "1", query]);
    assert_eq!(code, 0, "{query}: {json}");
    let r = &json["results"][0];
    (string(r, "path").to_string(), array(r, "passages")[0].clone())
}

/// Whether the passage's snippet shows `word` with a highlight inside it
/// (a hyphenated word may be highlighted in parts).
fn highlights_in(passage: &Value, word: &str) -> bool {
    let snippet = string(passage, "snippet");
    let Some(at) = snippet.find(word) else {
        return false;
    };
    array(passage, "highlights").iter().any(|h| {
        let (a, b) = (h[0].as_u64().unwrap() as usize, h[1].as_u64().unwrap() as usize);
        a >= at && b <= at + word.len()
    })
}

/// The skipped files of an index report: path → (kind, reason).
fn skipped(report: &Value) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = array(report, "skipped")
        .iter()
        .map(|s| {
            (
                string(s, "path").to_string(),
                string(s, "kind").to_string(),
                string(s, "reason").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn pdf_words_are_found_on_their_pages() {
    if !have_pdftotext() {
        return;
    }
    let f = corpus_of(&["paged.pdf", "columns.pdf"]);
    let r = f.index(&[]);
    assert_eq!(r["added"], 2, "{r}");
    // (query, file, page, highlighted)
    let cases = [
        ("aardvark", "paged.pdf", 1, "aardvark"),
        ("Nordpolitik", "paged.pdf", 1, "Nordpolitik"),
        ("zeppelin", "paged.pdf", 2, "zeppelin"),
        // Split by a line-end hyphen: -raw keeps "Yasu-\nkuni" for the analyzer to join.
        ("Yasukuni", "paged.pdf", 2, "Yasu-\nkuni"),
        // A real hyphen survives (the layout mode would make it KoreaJapan).
        ("\"Korea-Japan relations\"", "paged.pdf", 2, "Korea-Japan"),
        ("Takeshima", "paged.pdf", 2, "Take-shima"),
        ("quokka", "paged.pdf", 3, "quokka"),
        ("독도", "paged.pdf", 3, "독도"),
        ("日本", "paged.pdf", 3, "日本"),
        // Two columns: each column's sentence stays together.
        (
            "\"the left column keeps its sentences together\"",
            "columns.pdf",
            1,
            "the",
        ),
        ("\"right column speaks of walruses\"", "columns.pdf", 1, "right"),
    ];
    for (query, file, page, word) in cases {
        let (path, p) = top(&f, query);
        assert_eq!(path, file, "{query}");
        assert_eq!(p["page"], page, "{query}: {p}");
        // Snippets collapse whitespace: "Yasu-\nkuni" shows as "Yasu- kuni".
        assert!(highlights_in(&p, &word.replace('\n', " ")), "{query}: {p}");
    }
    // The text output names a place a PDF viewer opens.
    let out = f.run(&["search", "zeppelin"]);
    let (stdout, _) = text(&out);
    assert!(stdout.contains("paged.pdf#page=2: "), "{stdout}");
}

#[test]
fn a_pdf_title_is_its_metadata_title_or_its_first_line() {
    if !have_pdftotext() {
        return;
    }
    let f = corpus_of(&["paged.pdf", "untitled.pdf"]);
    f.index(&[]);
    let (json, _) = f.search_json(&["aardvark"]);
    assert_eq!(json["results"][0]["title"], "Paged Fixture Report");
    let (json, _) = f.search_json(&["breakwater"]);
    assert_eq!(json["results"][0]["title"], "Minutes of the Harbour Committee");
}

/// Issue 29, item 4: the metadata named the file the PDF was made from
/// (`titlepage_.dvi`), and the first line that looked like a title was
/// passed over because a file name in lower case followed it.
#[test]
fn a_pdf_title_is_the_large_type_of_its_first_page_not_a_file_name() {
    if !have_pdftotext() {
        return;
    }
    let f = corpus_of(&["titlepage.pdf"]);
    f.index(&[]);
    let (json, _) = f.search_json(&["jamo"]);
    assert_eq!(json["results"][0]["title"], "Poorman’s Hangul Jamo Input Method");
    // The title is searchable.
    let (json, _) = f.search_json(&["title:Poorman"]);
    assert_eq!(json["results"][0]["path"], "titlepage.pdf");
}

#[test]
fn docx_odt_and_epub_words_are_found_on_their_lines() {
    let f = corpus_of(&["report.docx", "notes.odt", "book.epub"]);
    let r = f.index(&[]);
    assert_eq!(
        (r["added"].as_u64(), r["skipped"].as_array().map(Vec::len)),
        (Some(3), Some(0)),
        "{r}"
    );
    // (query, file, line of the extracted text)
    let cases = [
        ("halibut", "report.docx", 2),     // a paragraph
        ("footnote", "report.docx", 3),    // runs joined into one word
        ("cormorant", "report.docx", 6),   // a table cell
        ("pelican", "report.docx", 8),     // a text box
        ("fjord", "report.docx", 11),      // after a break inside a paragraph
        ("lighthouse", "report.docx", 14), // the footnote, after the body
        ("sandpiper", "notes.odt", 2),
        ("kittiwake", "notes.odt", 5),
        ("puffin", "notes.odt", 6),
        ("guillemot", "notes.odt", 8),
        ("breakwater", "notes.odt", 10), // the note, moved after the body
        ("albatross", "book.epub", 5),
        ("barnacle", "book.epub", 11),
        ("cuttlefish", "book.epub", 16),
    ];
    for (query, file, line) in cases {
        let (path, p) = top(&f, query);
        assert_eq!(path, file, "{query}");
        assert_eq!(p["line"], line, "{query}: {p}");
        assert!(p["page"].is_null(), "{query}: {p}");
        assert!(highlights_in(&p, query), "{query}: {p}");
    }
    // A note does not cut its sentence; the citation mark is not text.
    let (path, _) = top(&f, "\"The survey was repeated\"");
    assert_eq!(path, "notes.odt");
    // Chapters come in spine order (the files are in the reverse order).
    let (json, _) = f.search_json(&["albatross"]);
    let r = &json["results"][0];
    assert_eq!(r["title"], "The Tidal Book");
    let (json, _) = f.search_json(&["halibut"]);
    assert_eq!(json["results"][0]["title"], "Ferry Report Q3");
    let (json, _) = f.search_json(&["kittiwake"]);
    assert_eq!(json["results"][0]["title"], "Coastal Field Notes");
    // Text output: path:line for documents without pages.
    let (stdout, _) = text(&f.run(&["search", "cormorant"]));
    assert!(stdout.contains("report.docx:6: "), "{stdout}");
}

#[test]
fn documents_that_cannot_be_read_are_reported_and_the_run_goes_on() {
    if !have_pdftotext() {
        return;
    }
    let f = corpus_of(&[
        "paged.pdf",
        "encrypted.pdf",
        "scanned.pdf",
        "truncated.pdf",
        "bomb.docx",
        "report.docx",
    ]);
    // scanned.pdf holds drawings: an OCR that finds no text on them (a
    // fake tesseract; tests/e2e/ocr.rs reads real scans).
    let ocr = crate::ocr::fake_tesseract(&f, "blank", "");
    let out = f
        .cmd()
        .env("SAGASU_TESSERACT", &ocr)
        .args(["index", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["added"], 2, "{r}");
    let s = skipped(&r);
    let kinds: Vec<(&str, &str)> = s.iter().map(|(p, k, _)| (p.as_str(), k.as_str())).collect();
    assert_eq!(
        kinds,
        [
            ("bomb.docx", "zip-bomb"),
            ("encrypted.pdf", "encrypted"),
            ("scanned.pdf", "ocr-no-text"),
            ("truncated.pdf", "damaged"),
        ]
    );
    let reason = |p: &str| s.iter().find(|x| x.0 == p).map(|x| x.2.clone()).unwrap();
    assert!(reason("scanned.pdf").contains("2 pages"), "{}", reason("scanned.pdf"));
    assert!(reason("encrypted.pdf").contains("password"));
    assert!(reason("bomb.docx").contains("word/document.xml"));
    // Said on stderr without --json too.
    let out = f
        .cmd()
        .env("SAGASU_TESSERACT", &ocr)
        .args(["index", "--rebuild"])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("skipped scanned.pdf: PDF: OCR found no text on its 2 pages"),
        "{stderr}"
    );
    // Bad content is remembered: the next pass does not read those files again.
    let again = f.index(&["--tesseract", ocr.to_str().unwrap()]);
    assert_eq!(
        (again["unchanged"].as_u64(), again["bytes_read"].as_u64()),
        (Some(2), Some(0)),
        "{again}"
    );
    assert_eq!(skipped(&again).len(), 4);
}

/// Writes an executable script into the fixture's folder (outside the corpus).
pub(crate) fn script(f: &Fixture, name: &str, body: &str) -> PathBuf {
    let path = f.dir.path().join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

fn index_with_helper(f: &Fixture, helper: &Path, extra: &[&str]) -> Value {
    let out = f
        .cmd()
        .env("SAGASU_PDFTOTEXT", helper)
        .args(["index", "--json"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The README's commands work without poppler; PDFs are reported with the
/// fix, and indexed by the first pass that has the helper.
#[test]
fn a_missing_helper_is_reported_and_not_remembered() {
    let f = corpus_of(&["paged.pdf", "report.docx"]);
    f.write("notes.txt", "A plain note about the aardvark.\n");
    let r = index_with_helper(&f, Path::new("/nonexistent/pdftotext"), &[]);
    assert_eq!(r["added"], 2, "{r}");
    let s = skipped(&r);
    assert_eq!(s.len(), 1, "{r}");
    assert_eq!((s[0].0.as_str(), s[0].1.as_str()), ("paged.pdf", "helper-missing"));
    assert!(
        s[0].2.contains("not found: apt-get install poppler-utils"),
        "{}",
        s[0].2
    );
    let out = f
        .cmd()
        .env("SAGASU_PDFTOTEXT", "/nonexistent/pdftotext")
        .args(["search", "aardvark"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // `sagasu formats` says so too.
    let out = f
        .cmd()
        .env("SAGASU_PDFTOTEXT", "/nonexistent/pdftotext")
        .args(["formats"])
        .output()
        .unwrap();
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains("unavailable: /nonexistent/pdftotext not found"),
        "{stdout}"
    );
    if !have_pdftotext() {
        return;
    }
    let r = f.index(&[]);
    assert_eq!(r["added"], 1, "the PDF is indexed once the helper is there: {r}");
    assert_eq!(top(&f, "zeppelin").0, "paged.pdf");
}

#[test]
fn a_helper_that_hangs_is_stopped_at_its_time_limit() {
    let f = corpus_of(&["paged.pdf", "report.docx"]);
    // The script's child holds the output pipe: the whole group must go.
    let helper = script(&f, "hang.sh", "echo started; sleep 600");
    let started = std::time::Instant::now();
    let r = index_with_helper(&f, &helper, &["--helper-timeout", "1"]);
    assert!(started.elapsed() < Duration::from_secs(300), "not stopped");
    assert_eq!(r["added"], 1, "{r}");
    let s = skipped(&r);
    assert_eq!(
        (s[0].0.as_str(), s[0].1.as_str()),
        ("paged.pdf", "helper-timeout"),
        "{r}"
    );
    assert!(s[0].2.contains("longer than 1 s"), "{}", s[0].2);
}

#[test]
fn a_helper_that_crashes_is_reported() {
    let f = corpus_of(&["paged.pdf"]);
    f.write("a.txt", "Some text.\n");
    let helper = script(&f, "crash.sh", "cat >/dev/null; kill -SEGV $$");
    let r = index_with_helper(&f, &helper, &[]);
    let s = skipped(&r);
    assert_eq!(
        (s[0].0.as_str(), s[0].1.as_str()),
        ("paged.pdf", "helper-failed"),
        "{r}"
    );
    assert!(s[0].2.contains("signal 11"), "{}", s[0].2);
    assert_eq!(r["added"], 1);
}

#[test]
fn a_helper_that_prints_100_mb_is_bounded() {
    let f = corpus_of(&["paged.pdf"]);
    let helper = script(
        &f,
        "flood.sh",
        "cat >/dev/null; yes 'flooding the index with words' | head -c 104857600",
    );
    let r = index_with_helper(&f, &helper, &["--max-file-size", "1000000"]);
    let s = skipped(&r);
    assert_eq!(
        (s[0].0.as_str(), s[0].1.as_str()),
        ("paged.pdf", "text-too-large"),
        "{r}"
    );
    assert!(s[0].2.contains("1000000 bytes"), "{}", s[0].2);
    assert_eq!(r["documents"], 0);
}

/// Soft hyphens and bidi controls in pdftotext's output neither split nor
/// pollute words (a helper that prints them stands in for a PDF that has
/// them).
#[test]
fn soft_hyphens_and_bidi_controls_from_the_helper_do_not_split_words() {
    let f = corpus_of(&["paged.pdf"]);
    let helper = script(
        &f,
        "soft.sh",
        "cat >/dev/null; printf 'The restric\\302\\255\\ntions on Take\\302\\255shima and \\342\\200\\217Dok\\342\\200\\216do\\n\\014Page two.\\n\\014'",
    );
    let r = index_with_helper(&f, &helper, &[]);
    assert_eq!(r["added"], 1, "{r}");
    for query in ["restrictions", "Takeshima", "Dokdo"] {
        let (path, p) = top(&f, query);
        assert_eq!(path, "paged.pdf", "{query}");
        assert_eq!(p["page"], 1, "{query}");
        let snippet = p["snippet"].as_str().unwrap();
        assert!(
            !snippet.contains('\u{200f}') && !snippet.contains('\u{200e}'),
            "{snippet:?}"
        );
    }
    let (_, p) = top(&f, "two");
    assert_eq!(p["page"], 2);
}

#[test]
fn an_unchanged_pdf_is_not_extracted_again() {
    if !have_pdftotext() {
        return;
    }
    let f = corpus_of(&["paged.pdf", "book.epub"]);
    f.index(&[]);
    // A helper that fails loudly: the next pass must not call it.
    let helper = script(&f, "fail.sh", "exit 99");
    let r = index_with_helper(&f, &helper, &[]);
    assert_eq!(
        (r["unchanged"].as_u64(), r["bytes_read"].as_u64()),
        (Some(2), Some(0)),
        "{r}"
    );
    assert!(skipped(&r).is_empty(), "{r}");
}

#[test]
fn watch_picks_up_a_new_pdf() {
    if !have_pdftotext() {
        return;
    }
    let f = corpus_of(&["report.docx"]);
    let mut cmd = f.cmd();
    cmd.args(["index", "--watch", "--json"]);
    let mut watcher = Background::spawn(cmd);
    assert_eq!(watcher.next_json("the first pass")["added"], 1);
    // Copied under another name and renamed in, as a download would be.
    let tmp = f.dir.path().join("paged.pdf.part");
    std::fs::copy(fixtures().join("paged.pdf"), &tmp).unwrap();
    std::fs::rename(&tmp, f.corpus.join("paged.pdf")).unwrap();
    let r = watcher.next_json("adding a PDF");
    assert_eq!(
        (r["added"].as_u64(), r["documents"].as_u64()),
        (Some(1), Some(2)),
        "{r}"
    );
    assert_eq!(top(&f, "zeppelin").1["page"], 2);
}
