//! Vertical Japanese (issue 25): a page whose first reading is next to
//! nothing, or single characters picked across its columns, is read again
//! with Tesseract's `jpn_vert` pack (`--psm 5`), and the reading put into
//! more words is kept; horizontal pages are not read again. Without the
//! pack, the report says which package reads such pages.
//!
//! The test that reads real scans needs tesseract with the default packs
//! and `jpn_vert`; in CI (`CI` set) their absence fails it (.ci/run
//! installs them).

use std::process::{Command, Stdio};

use crate::documents::script;
use crate::ocr::{calls, corpus_of, have_tesseract, hit};
use crate::util::*;

fn have_vertical() -> bool {
    let langs = Command::new("tesseract")
        .arg("--list-langs")
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let has = langs.lines().any(|l| l.trim() == "jpn_vert");
    if !has {
        assert!(
            std::env::var_os("CI").is_none(),
            "tesseract's jpn_vert pack is missing in CI: .ci/run installs tesseract-ocr-jpn-vert"
        );
        eprintln!(
            "\n*** SKIPPED: tesseract-ocr-jpn-vert is not installed; the vertical Japanese test did not run ***\n"
        );
    }
    has
}

/// The fixtures' vertical page and the vertical page 2 of a PDF are found
/// by their words on their page; the horizontal Japanese and Chinese pages
/// beside them are read once.
#[test]
fn vertical_japanese_is_read_down_its_columns() {
    if !have_tesseract() || !have_vertical() {
        return;
    }
    let f = corpus_of(&["vertical.png", "vertical.pdf", "japanese.jpg", "chinese.tif"]);
    let r = f.index(&[]);
    assert_eq!(r["added"], 4, "{r}");
    // 1 + 2 + 1 + 2 pages; only the two vertical ones read again.
    assert_eq!(
        (r["ocr"]["pages"].as_u64(), r["ocr"]["reread_vertical"].as_u64()),
        (Some(6), Some(2)),
        "{r}"
    );
    let cases: &[(&str, &str, u64)] = &[
        ("灯台", "vertical.png", 1),
        ("日記", "vertical.png", 1),
        ("漁師", "vertical.png", 1),
        ("祭り", "vertical.png", 1),
        ("図書館", "vertical.pdf", 1),
        ("城下町", "vertical.pdf", 2),
        ("商人", "vertical.pdf", 2),
        ("首相", "japanese.jpg", 1),
        ("圖書館", "chinese.tif", 2),
    ];
    for &(word, path, page) in cases {
        assert_eq!(hit(&f, word), (path.to_string(), Some(page), true), "{word}");
    }
    let (stdout, _) = text(&f.run(&["search", "漁師"]));
    assert!(stdout.contains("vertical.png#page=1 (ocr): "), "{stdout}");
    let (stdout, _) = text(&f.run(&["formats"]));
    assert!(stdout.contains("vertical Japanese with jpn_vert"), "{stdout}");
}

/// A fake tesseract that reads `jpn_vert` pages as vertical Japanese and
/// other pages as an English sentence when the image is larger than
/// 1000 bytes (english.png), nothing otherwise (blank.png); `langs` is
/// what it lists as installed.
fn fake(f: &Fixture, name: &str, langs: &str) -> std::path::PathBuf {
    let calls = f.dir.path().join(format!("{name}.calls"));
    script(
        f,
        name,
        &format!(
            "case \"$1\" in\n\
             --version) echo 'tesseract 5.0.0-fake'; exit 0;;\n\
             --list-langs) echo 'List of available languages:'; for l in {langs}; do echo $l; done; exit 0;;\n\
             esac\n\
             echo \"$*\" >> '{}'\n\
             n=$(wc -c)\n\
             case \"$*\" in\n\
             *'jpn_vert --psm 5'*) echo '古い 港町 の 灯台 守 が 日 記 を 書い た';;\n\
             *) [ \"$n\" -gt 1000 ] && echo 'The ferry left the harbour on time, as every morning.';;\n\
             esac\n\
             exit 0",
            calls.display()
        ),
    )
}

/// Which pages are read again is decided by the first reading, and counted
/// in the report; a rebuild takes both readings' outcome from the cache.
#[test]
fn only_a_page_that_looks_vertical_is_read_again_and_the_cache_keeps_it() {
    let f = corpus_of(&["english.png", "blank.png"]);
    let ocr = fake(&f, "vert", "eng jpn jpn_vert");
    let t = ocr.to_str().unwrap();
    let r = f.index(&["--tesseract", t]);
    assert_eq!(r["added"], 2, "{r}");
    assert_eq!(
        (r["ocr"]["pages"].as_u64(), r["ocr"]["reread_vertical"].as_u64()),
        (Some(2), Some(1)),
        "{r}"
    );
    assert_eq!(calls(&f, "vert"), 3, "english once, blank twice");
    assert_eq!(hit(&f, "日記"), ("blank.png".to_string(), Some(1), true));
    assert_eq!(hit(&f, "ferry"), ("english.png".to_string(), Some(1), true));
    let r = f.index(&["--tesseract", t, "--rebuild"]);
    assert_eq!(r["ocr"]["cached"], 2, "{r}");
    assert_eq!(calls(&f, "vert"), 3, "a rebuild read a page again");
    // English alone is not read again as Japanese.
    let g = corpus_of(&["blank.png"]);
    let ocr = fake(&g, "eng", "eng jpn_vert");
    let r = g.index(&["--tesseract", ocr.to_str().unwrap(), "--ocr-lang", "eng"]);
    assert_eq!(r["skipped"][0]["kind"], "ocr-no-text", "{r}");
    assert_eq!(calls(&g, "eng"), 1);
}

/// Without the jpn_vert pack, a page that looks vertical is counted and
/// the report names the package; `formats` names it too.
#[test]
fn without_the_vertical_pack_the_report_names_it() {
    let f = corpus_of(&["english.png", "blank.png"]);
    let ocr = fake(&f, "novert", "eng jpn");
    let t = ocr.to_str().unwrap();
    let out = f.run(&["index", "--tesseract", t]);
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("on 1 page(s), or single characters: if they are vertical Japanese, apt-get install tesseract-ocr-jpn-vert reads them"),
        "{stderr}"
    );
    assert_eq!(calls(&f, "novert"), 2, "no page read again");
    let (stdout, _) = text(&f.run(&["formats", "--tesseract", t]));
    assert!(
        stdout.contains("reads eng+jpn (vertical Japanese: apt-get install tesseract-ocr-jpn-vert)"),
        "{stdout}"
    );
}
