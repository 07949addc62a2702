//! How an OCR pass runs for its user (issue 25): the report line says how
//! many pages were read and how long it took, and Ctrl-C stops the
//! helpers at once (they run in process groups of their own, which the
//! terminal's signal does not reach) and leaves an index the next pass
//! completes.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::ocr::{calls, corpus_of, fake_tesseract};
use crate::util::*;

/// Without a terminal there is no bar; the report says what OCR did.
#[test]
fn the_report_says_how_many_pages_ocr_read_and_how_long_it_took() {
    let f = corpus_of(&["english.png", "scanned.pdf"]);
    let ocr = fake_tesseract(&f, "report", "echo 'a page about the narwhal'");
    let t = ocr.to_str().unwrap();
    let (_, stderr) = text(&f.run(&["index", "--tesseract", t]));
    assert!(stderr.contains("sagasu: OCR read 3 page(s) in "), "{stderr}");
    let (_, stderr) = text(&f.run(&["index", "--tesseract", t, "--rebuild"]));
    assert!(
        stderr.contains("sagasu: OCR read 0 page(s) in 0.0s (3 more from its cache)"),
        "{stderr}"
    );
    assert_eq!(calls(&f, "report"), 3);
}

/// Waits until `done` holds, checking every few milliseconds; panics with
/// `what` after `limit` (a safety net for a broken build, not a measure).
fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "{what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether process `pid` has ended (gone, or a zombie no one reaped yet).
fn ended(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

/// No temporary file is left in the index folder.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(leftovers(&path));
        } else if path.extension().is_some_and(|e| e == "tmp") {
            found.push(path.display().to_string());
        }
    }
    found
}

/// Ctrl-C during OCR: sagasu stops the tesseract it waits for, says so
/// and exits with 130 (the page limit is an hour: only the interrupt can
/// end it); a second pass completes the index.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_helpers_and_the_next_pass_completes_the_index() {
    let f = corpus_of(&["english.png"]);
    f.write("notes.txt", "A note about the aardvark.\n");
    let pid_file = f.dir.path().join("helper.pid");
    let hangs = fake_tesseract(
        &f,
        "hangs",
        &format!(
            "echo $$ > '{0}.part' && mv '{0}.part' '{0}'\nexec sleep 3600",
            pid_file.display()
        ),
    );
    let mut sagasu = f
        .cmd()
        .args([
            "index",
            "--helper-timeout",
            "3600",
            "--tesseract",
            hangs.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sagasu index");
    wait_until("the fake tesseract never started", Duration::from_secs(300), || {
        pid_file.exists() || sagasu.try_wait().ok().flatten().is_some()
    });
    let helper = std::fs::read_to_string(&pid_file)
        .expect("the helper's pid")
        .trim()
        .to_string();
    let status = std::process::Command::new("sh")
        .args(["-c", &format!("kill -INT {}", sagasu.id())])
        .status()
        .unwrap();
    assert!(status.success());
    wait_until("sagasu did not exit on SIGINT", Duration::from_secs(300), || {
        sagasu.try_wait().ok().flatten().is_some()
    });
    let out = sagasu.wait_with_output().unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("sagasu: interrupted"), "{stderr}");
    wait_until("the helper outlived sagasu", Duration::from_secs(60), || ended(&helper));
    // The next pass completes the index, with nothing half-written left.
    let works = fake_tesseract(&f, "works", "echo 'a page about the narwhal'");
    let r = f.index(&["--tesseract", works.to_str().unwrap()]);
    assert_eq!(r["documents"], 2, "{r}");
    assert_eq!(f.paths(&["narwhal"]), ["english.png"]);
    assert_eq!(f.paths(&["aardvark"]), ["notes.txt"]);
    assert_eq!(leftovers(&f.index), Vec::<String>::new());
}
