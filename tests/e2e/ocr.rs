//! Scanned pages and page images read by OCR (issue 25): the words of the
//! fixtures (tests/fixtures/scans, made by its make_scans.py) are found on
//! their page in the four languages, marked `ocr`; a PDF of text and
//! scanned pages gets both; the cache spares a second build every page
//! (counted by a fake tesseract that records its calls); a missing
//! tesseract or language pack, a tesseract that hangs or crashes, are
//! reported and the run goes on.
//!
//! The tests that read real scans need tesseract with its eng, kor, jpn,
//! chi_sim and chi_tra packs, and poppler's pdftoppm. Without them they
//! fail when `CI` is set (.ci/run installs them) and are skipped loudly
//! otherwise.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::documents::{have_pdftotext, script};
use crate::util::*;

pub(crate) fn fixtures() -> PathBuf {
    root().join("tests/fixtures/scans")
}

pub(crate) fn corpus_of(names: &[&str]) -> Fixture {
    let f = Fixture::empty();
    for name in names {
        std::fs::copy(fixtures().join(name), f.corpus.join(name)).expect("copy fixture");
    }
    f
}

/// Whether tesseract runs here with every default language (and
/// pdftoppm). In CI their absence is a failure; elsewhere the tests that
/// read real scans are skipped with a loud message.
pub(crate) fn have_tesseract() -> bool {
    let langs = Command::new("tesseract")
        .arg("--list-langs")
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let all = ["eng", "kor", "jpn", "chi_sim", "chi_tra"]
        .iter()
        .all(|l| langs.lines().any(|x| x.trim() == *l));
    if !all {
        assert!(
            std::env::var_os("CI").is_none(),
            "tesseract or a language pack is missing in CI: .ci/run installs them"
        );
        static LOUD: std::sync::Once = std::sync::Once::new();
        LOUD.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: tesseract with eng, kor, jpn, chi_sim, chi_tra is not installed; the OCR tests did not run ***\n"
            );
        });
    }
    all && have_pdftotext()
}

/// A fake tesseract in the fixture's folder: it answers `--version` and
/// `--list-langs` (eng, kor), appends a line to `<name>.calls` for each
/// page it reads, and runs `page` (shell) to print the page's text.
pub(crate) fn fake_tesseract(f: &Fixture, name: &str, page: &str) -> PathBuf {
    let calls = f.dir.path().join(format!("{name}.calls"));
    script(
        f,
        name,
        &format!(
            "case \"$1\" in\n\
             --version) echo 'tesseract 5.0.0-fake'; exit 0;;\n\
             --list-langs) printf 'List of available languages (2):\\neng\\nkor\\n'; exit 0;;\n\
             esac\n\
             echo \"$*\" >> '{}'\n\
             cat > /dev/null\n\
             {page}",
            calls.display()
        ),
    )
}

/// How many pages a fake tesseract read.
pub(crate) fn calls(f: &Fixture, name: &str) -> usize {
    std::fs::read_to_string(f.dir.path().join(format!("{name}.calls")))
        .map(|s| s.lines().count())
        .unwrap_or(0)
}

fn left_out(report: &Value) -> Vec<(String, u64, String)> {
    report["ocr"]["pages_left_out"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["path"].as_str().unwrap_or("").to_string(),
                p["page"].as_u64().unwrap_or(0),
                p["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The first hit of `query`: (path, page, ocr).
pub(crate) fn hit(f: &Fixture, query: &str) -> (String, Option<u64>, bool) {
    let (json, code) = f.search_json(&["-n", "1", query]);
    assert_eq!(code, 0, "{query}: {json}");
    let r = &json["results"][0];
    let p = &r["passages"][0];
    (
        r["path"].as_str().unwrap_or("").to_string(),
        p["page"].as_u64(),
        p["ocr"].as_bool().unwrap_or(false),
    )
}

/// Every language, every kind of file: the words are found on their page,
/// and the hit says it comes from OCR (in JSON and in the text output).
#[test]
fn scans_and_page_images_are_searchable_with_pages_in_four_languages() {
    if !have_tesseract() {
        return;
    }
    let f = corpus_of(&[
        "english.png",
        "korean.png",
        "japanese.jpg",
        "chinese.tif",
        "scanned.pdf",
        "mixed.pdf",
        "skewed.png",
        "noisy.png",
        "blank.png",
        "icon.png",
    ]);
    let r = f.index(&[]);
    assert_eq!(r["added"], 8, "{r}");
    let kinds: Vec<(String, String)> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["path"].as_str().unwrap().into(), s["kind"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("blank.png".to_string(), "ocr-no-text".to_string()),
            ("icon.png".into(), "binary".into())
        ],
        "{r}"
    );
    // english, korean, japanese, 2 chinese, 2 scanned, 1 mixed, skewed,
    // noisy, blank: 11 pages read.
    assert_eq!(r["ocr"]["pages"], 11, "{r}");
    let cases: &[(&str, &str, u64)] = &[
        ("cormorant", "english.png", 1),
        ("Obuchi", "english.png", 1),
        ("왕조", "korean.png", 1),
        ("독도", "korean.png", 1),
        ("首相", "japanese.jpg", 1),
        ("会見", "japanese.jpg", 1),
        ("共和国", "chinese.tif", 1),
        ("圖書館", "chinese.tif", 2),
        ("lighthouse", "scanned.pdf", 1),
        ("대통령", "scanned.pdf", 2),
        ("pelican", "mixed.pdf", 2),
        ("kittiwake", "skewed.png", 1),
        ("barnacle", "noisy.png", 1),
    ];
    for &(word, path, page) in cases {
        assert_eq!(hit(&f, word), (path.to_string(), Some(page), true), "{word}");
    }
    // The mixed PDF: page 1 is its text layer, not OCR.
    assert_eq!(hit(&f, "aardvark"), ("mixed.pdf".to_string(), Some(1), false));
    let (stdout, _) = text(&f.run(&["search", "pelican"]));
    assert!(stdout.contains("mixed.pdf#page=2 (ocr): "), "{stdout}");
    let (stdout, _) = text(&f.run(&["search", "aardvark"]));
    assert!(stdout.contains("mixed.pdf#page=1: "), "{stdout}");
}

/// A second build (a rebuild, a renamed copy) takes every page from the
/// cache: the fake tesseract is not called again. A changed file, or other
/// OCR settings, are read anew.
#[test]
fn the_cache_spares_a_rebuild_a_copy_and_a_rename_every_page() {
    if !have_pdftotext() {
        return;
    }
    let f = corpus_of(&["english.png", "scanned.pdf"]);
    let ocr = fake_tesseract(&f, "counting", "echo 'a page about the narwhal'");
    let t = ocr.to_str().unwrap();
    let r = f.index(&["--tesseract", t]);
    assert_eq!(
        (r["added"].as_u64(), r["ocr"]["pages"].as_u64()),
        (Some(2), Some(3)),
        "{r}"
    );
    assert_eq!(calls(&f, "counting"), 3);
    let r = f.index(&["--tesseract", t, "--rebuild"]);
    assert_eq!(
        (r["ocr"]["pages"].as_u64(), r["ocr"]["cached"].as_u64()),
        (Some(0), Some(3)),
        "{r}"
    );
    assert_eq!(calls(&f, "counting"), 3, "a rebuild ran OCR again");
    std::fs::rename(f.corpus.join("english.png"), f.corpus.join("renamed.png")).unwrap();
    std::fs::copy(f.corpus.join("scanned.pdf"), f.corpus.join("copy.pdf")).unwrap();
    let r = f.index(&["--tesseract", t]);
    assert_eq!(r["added"], 2, "{r}");
    assert_eq!(calls(&f, "counting"), 3, "a rename or a copy ran OCR again");
    // The copy holds the same bytes: one result, under the first of the
    // two names, names the other (issue 29).
    let (json, _) = f.search_json(&["narwhal"]);
    assert_eq!(paths(&json).len(), 2, "{json}");
    let copy = array(&json, "results").iter().find(|r| r["path"] == "copy.pdf");
    assert_eq!(
        copy.map(|r| &r["duplicates"]),
        Some(&serde_json::json!(["scanned.pdf"])),
        "{json}"
    );
    // Other languages are other settings (copy.pdf may be read at the
    // same time as scanned.pdf: 3 to 5 pages).
    let r = f.index(&["--tesseract", t, "--ocr-lang", "kor", "--rebuild"]);
    assert!(r["ocr"]["pages"].as_u64() >= Some(3), "{r}");
    // A changed image is read again.
    let mut bytes = std::fs::read(f.corpus.join("renamed.png")).unwrap();
    bytes.extend_from_slice(b"trailing bytes");
    std::fs::write(f.corpus.join("renamed.png"), bytes).unwrap();
    let r = f.index(&["--tesseract", t]);
    assert_eq!(
        (r["updated"].as_u64(), r["ocr"]["pages"].as_u64()),
        (Some(1), Some(1)),
        "{r}"
    );
    // The cache lives in the index folder.
    assert!(f.index.join("ocr").is_dir());
}

/// A page image where OCR finds nothing is skipped, so the index does not
/// hold it; its cache entry stays all the same: a rebuild does not read it
/// again (it did, every time, before).
#[test]
fn a_blank_scan_is_not_read_again_by_a_rebuild() {
    let f = corpus_of(&["blank.png"]);
    let ocr = fake_tesseract(&f, "blank", "true");
    let t = ocr.to_str().unwrap();
    let r = f.index(&["--tesseract", t]);
    assert_eq!(r["skipped"][0]["kind"], "ocr-no-text", "{r}");
    assert_eq!(calls(&f, "blank"), 1);
    let r = f.index(&["--tesseract", t, "--rebuild"]);
    assert_eq!(
        (r["ocr"]["pages"].as_u64(), r["ocr"]["cached"].as_u64()),
        (Some(0), Some(1)),
        "{r}"
    );
    assert_eq!(calls(&f, "blank"), 1, "a rebuild ran OCR again on a blank page");
}

/// Without tesseract everything else is indexed; the scans are reported
/// with the apt line, and read by the first pass that has it. A mixed PDF
/// keeps its text pages meanwhile.
#[test]
fn a_missing_tesseract_or_language_is_reported_with_the_apt_line() {
    if !have_pdftotext() {
        return;
    }
    let f = corpus_of(&["english.png", "mixed.pdf"]);
    f.write("notes.txt", "A note about the aardvark.\n");
    let r = f.index(&["--tesseract", "/nonexistent/tesseract"]);
    assert_eq!(r["added"], 2, "{r}");
    let s = &r["skipped"][0];
    assert_eq!(
        (s["path"].as_str(), s["kind"].as_str()),
        (Some("english.png"), Some("helper-missing"))
    );
    let reason = s["reason"].as_str().unwrap();
    assert!(
        reason.contains("not found: apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor"),
        "{reason}"
    );
    assert_eq!(
        left_out(&r),
        [("mixed.pdf".to_string(), 2, "helper-missing".to_string())]
    );
    let mut found = f.paths(&["aardvark"]);
    found.sort();
    assert_eq!(found, ["mixed.pdf", "notes.txt"]);
    // A language that is not installed: the same, with its package.
    let ocr = fake_tesseract(&f, "fake", "echo 'the narwhal'");
    let out = f
        .cmd()
        .args([
            "index",
            "--json",
            "--tesseract",
            ocr.to_str().unwrap(),
            "--ocr-lang",
            "eng+chi_tra",
        ])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &r["skipped"][0];
    assert_eq!(s["kind"], "ocr-language-missing", "{r}");
    assert_eq!(
        s["reason"],
        "the OCR language chi_tra is not installed: apt-get install tesseract-ocr-chi-tra"
    );
    // Not remembered: with the helper, the image is read.
    let r = f.index(&["--tesseract", ocr.to_str().unwrap()]);
    assert_eq!(r["added"], 1, "{r}");
    assert_eq!(f.paths(&["narwhal"]), ["english.png"]);
    // --no-ocr: said, not remembered either.
    let g = corpus_of(&["english.png"]);
    let r = g.index(&["--no-ocr"]);
    assert_eq!(r["skipped"][0]["kind"], "ocr-off", "{r}");
}

/// A tesseract that hangs is stopped at the time limit (per page), one
/// that crashes is reported; the other pages and files are indexed, and
/// the page is tried again by the next pass.
#[test]
fn a_tesseract_that_hangs_or_crashes_is_stopped_and_reported() {
    if !have_pdftotext() {
        return;
    }
    let f = corpus_of(&["scanned.pdf", "english.png"]);
    f.write("notes.txt", "A note about the aardvark.\n");
    let hangs = fake_tesseract(&f, "hangs", "sleep 600");
    let started = std::time::Instant::now();
    let r = f.index(&["--tesseract", hangs.to_str().unwrap(), "--helper-timeout", "1"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(300));
    assert_eq!(r["added"], 1, "{r}");
    let kinds: Vec<&str> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["helper-timeout", "helper-timeout"], "{r}");
    // A tesseract that crashes on every page: both files are reported.
    let crashes = fake_tesseract(&f, "crashes", "kill -SEGV $$");
    let r = f.index(&["--tesseract", crashes.to_str().unwrap()]);
    let reasons: Vec<&str> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons.len(), 2, "{r}");
    assert!(
        reasons.iter().all(|r| r.contains("failed: killed by signal 11")),
        "{reasons:?}"
    );
    // With a working tesseract, both are read.
    let works = fake_tesseract(&f, "works", "echo 'the narwhal'");
    let r = f.index(&["--tesseract", works.to_str().unwrap()]);
    assert_eq!(r["added"], 2, "{r}");
}

/// issue 23: a hit in OCR text said so in ranked results only; `--every`
/// listed it like typed text. Its lines say `(ocr)` and its JSON
/// `"ocr": true`, and a typed document's say neither.
#[test]
fn every_says_which_occurrences_come_from_ocr() {
    if !have_pdftotext() {
        return;
    }
    let f = corpus_of(&["english.png"]);
    f.write("typed.txt", "a typed page about the narwhal\n");
    let ocr = fake_tesseract(&f, "every", "echo 'a page about the narwhal'");
    f.index(&["--tesseract", ocr.to_str().unwrap()]);
    let out = f.run(&["search", "--every", "--json", "narwhal"]);
    let (stdout, _) = text(&out);
    let mut seen: Vec<(String, bool)> = stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("JSON line");
            let ocr = v["ocr"].as_bool().unwrap_or_else(|| panic!("no ocr in {v}"));
            (string(&v, "path").to_string(), ocr)
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [("english.png".to_string(), true), ("typed.txt".to_string(), false)]
    );
    let (lines, _) = text(&f.run(&["search", "--every", "narwhal"]));
    for l in lines.lines() {
        assert_eq!(l.contains(" (ocr): "), l.starts_with("english.png"), "{lines}");
    }
}
