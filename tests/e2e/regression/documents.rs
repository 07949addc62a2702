//! Regressions of documents: what the extractors (PDF, DOCX, ODT, EPUB)
//! make of hostile files. The files are made here, in a temporary folder.

use std::io::{Cursor, Write};

use serde_json::Value;

use crate::util::*;

/// A zip of `(name, bytes)` members, deflated.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Indexes with the debug build's `peak-rss` seam: the report and the
/// peak resident memory in MB.
fn index_measured(f: &Fixture) -> (Value, u64) {
    let out = f
        .cmd()
        .env("SAGASU_FAULT", "peak-rss")
        .args(["index", "--json"])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    (serde_json::from_str(&stdout).unwrap(), peak_rss_kb(&stderr) / 1024)
}

/// The `(path, kind)` of each skipped file.
fn skipped(r: &Value) -> Vec<(String, String)> {
    array(r, "skipped")
        .iter()
        .map(|s| (string(s, "path").to_string(), string(s, "kind").to_string()))
        .collect()
}

// Issue 24, item 1: `<text:s text:c="1000"/>` is 1,000 spaces, and the text
// of an ODT was held to no bound: a 155 KB file (content.xml 8.3 MB, 55
// times compressed, under the zip check's 100) indexed as 350 MB of
// spaces, peak 1.73 GB, "added" with no skip entry. Its text is now
// bounded while it grows (100 times the file, and --max-file-size).
#[test]
fn an_odt_of_spaces_is_refused_with_memory_bounded() {
    let f = Fixture::empty();
    let odt = odt_of_spaces(350_000);
    assert!(odt.len() < 400 << 10, "{}", odt.len());
    f.write("spaces.odt", &odt);
    f.write("plain.txt", "an ordinary document\n");
    let (r, mb) = index_measured(&f);
    assert_eq!(skipped(&r), [("spaces.odt".to_string(), "zip-bomb".to_string())], "{r}");
    assert_eq!(r["documents"], 1, "{r}");
    assert!(mb < 300, "peak RSS {mb} MB");
    let reason = string(&array(&r, "skipped")[0], "reason").to_string();
    assert!(reason.contains("its text would expand"), "{reason}");
}

// Issue 24, item 1: the text of DOCX/ODT/EPUB was never held to
// --max-file-size (a PDF's is): 2 MB of spaces from a 46 KB content.xml
// under a 500 KB limit was indexed.
#[test]
fn the_text_of_an_odt_is_held_to_the_text_limit() {
    let f = Fixture::empty();
    f.write("spaces.odt", odt_of_spaces(2_000));
    f.write("plain.txt", "an ordinary document\n");
    let r = f.index(&["--max-file-size", "500000"]);
    assert_eq!(
        skipped(&r),
        [("spaces.odt".to_string(), "text-too-large".to_string())],
        "{r}"
    );
}

/// An ODT of one paragraph of `n` times `<text:s text:c="100D"/>` (a
/// digit `D` at random, so that content.xml compresses about 27 times (the
/// review's 55): under the zip check's ratio of 100, so the text's own
/// bound is what refuses it).
fn odt_of_spaces(n: usize) -> Vec<u8> {
    let mut content = String::from(
        "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body><office:text><text:p>start",
    );
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..n {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        content.push_str(&format!("<text:s text:c=\"100{}\"/>", state % 10));
    }
    content.push_str("end</text:p></office:text></office:body></office:document-content>");
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_bytes()),
    ])
}

// Issue 24, item 11: an EPUB of 3 KB whose spine lists one chapter of
// just under 1 MB (so under the zip check's ratio threshold) 63 times:
// 63 MB of text, 49,739 passages, 489 MB. Refused now: its text would
// expand far past the file.
#[test]
fn an_epub_that_repeats_one_chapter_is_refused() {
    let f = Fixture::empty();
    let container = b"<container><rootfiles><rootfile full-path=\"p.opf\"/></rootfiles></container>";
    let itemrefs = "<itemref idref=\"c\"/>".repeat(63);
    let opf = format!(
        "<package><metadata><dc:title xmlns:dc=\"d\">Echo</dc:title></metadata><manifest>\
         <item id=\"c\" href=\"c.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>\
         <spine>{itemrefs}</spine></package>"
    );
    let mut chapter = String::from("<html><body>");
    while chapter.len() < 1_000_000 {
        chapter.push_str("<p>the same words again and again</p>\n");
    }
    chapter.push_str("</body></html>");
    let epub = zip_of(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", container),
        ("p.opf", opf.as_bytes()),
        ("c.xhtml", chapter.as_bytes()),
    ]);
    assert!(epub.len() < 16 << 10, "{}", epub.len());
    f.write("echo.epub", &epub);
    f.write("plain.txt", "an ordinary document\n");
    let (r, mb) = index_measured(&f);
    assert_eq!(skipped(&r), [("echo.epub".to_string(), "zip-bomb".to_string())], "{r}");
    assert_eq!(r["documents"], 1, "{r}");
    assert!(mb < 300, "peak RSS {mb} MB");
    let reason = string(&array(&r, "skipped")[0], "reason").to_string();
    assert!(reason.contains("its text would expand"), "{reason}");
}

// Issue 24, item 12: a PDF whose helper ran out of time was read again on
// every pass, each taking the whole --helper-timeout (60 s by default, and
// every pass of --watch). It is remembered now, like a damaged file, until
// the file changes or the limit is raised; the reason says so. A fake
// pdftotext that counts its runs and hangs proves the second pass did not
// run it.
#[test]
fn a_pdf_that_timed_out_was_retried_on_every_pass() {
    let f = Fixture::empty();
    f.write("slow.pdf", "%PDF-1.4\nnot a real PDF: the helper is a fake\n");
    f.write("plain.txt", "an ordinary document\n");
    let runs = f.dir.path().join("runs");
    let helper = crate::documents::script(
        &f,
        "hang.sh",
        &format!("echo run >> '{}'; exec sleep 600", runs.display()),
    );
    let count = || std::fs::read_to_string(&runs).map_or(0, |s| s.lines().count());
    let pass = |extra: &[&str]| {
        let out = f
            .cmd()
            .env("SAGASU_PDFTOTEXT", &helper)
            .args(["index", "--json", "--helper-timeout"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let r = pass(&["1"]);
    assert_eq!(
        skipped(&r),
        [("slow.pdf".to_string(), "helper-timeout".to_string())],
        "{r}"
    );
    let first = count();
    assert!(first >= 1, "the helper ran");
    // Nothing changed: the helper is not run again, and the report says why.
    let r = pass(&["1"]);
    assert_eq!(count(), first, "the helper ran again: {r}");
    assert_eq!(
        skipped(&r),
        [("slow.pdf".to_string(), "helper-timeout".to_string())],
        "{r}"
    );
    let reason = string(&array(&r, "skipped")[0], "reason").to_string();
    assert!(reason.contains("not tried again until the file changes"), "{reason}");
    assert_eq!(r["bytes_read"], 0, "{r}");
    // A raised limit tries again; so does a changed file.
    pass(&["2"]);
    let second = count();
    assert!(second > first, "a raised limit did not try again");
    f.write("slow.pdf", "%PDF-1.4\nnot a real PDF, changed\n");
    pass(&["2"]);
    assert!(count() > second, "a changed file was not tried again");
}
