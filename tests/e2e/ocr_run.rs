//! How an OCR pass runs for its user (issue 25): the report line says how
//! many pages were read and how long it took, and Ctrl-C stops the
//! helpers at once (they run in process groups of their own, which the
//! terminal's signal does not reach) and leaves an index the next pass
//! completes.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

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

/// What the fake helper tells through its FIFO: its pid when it starts,
/// then the end of the FIFO when it ends (it holds the FIFO's only write
/// end until it dies). Events, not polls: nothing here waits for time.
enum Helper {
    Started(String),
    Ended,
}

/// Reads the helper's FIFO on a thread of its own (opening a FIFO blocks
/// until its writer opens it).
fn watch(fifo: &Path) -> mpsc::Receiver<Helper> {
    let (tx, rx) = mpsc::channel();
    let fifo = fifo.to_path_buf();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(std::fs::File::open(&fifo).expect("open the FIFO"));
        let mut pid = String::new();
        reader.read_line(&mut pid).expect("the helper's pid");
        let _ = tx.send(Helper::Started(pid.trim().to_string()));
        let _ = reader.read_to_end(&mut Vec::new());
        let _ = tx.send(Helper::Ended);
    });
    rx
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
    let fifo = f.dir.path().join("helper.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // fd 3 stays open in the exec'd sleep: the FIFO ends when the helper does.
    let hangs = fake_tesseract(
        &f,
        "hangs",
        &format!("exec 3>'{}'\necho $$ >&3\nexec sleep 3600", fifo.display()),
    );
    let helper = watch(&fifo);
    let sagasu = f
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
    // The bounds are safety nets for a broken build, not measures.
    let Ok(Helper::Started(pid)) = helper.recv_timeout(Duration::from_secs(300)) else {
        panic!("the fake tesseract never started");
    };
    assert!(!pid.is_empty());
    let status = std::process::Command::new("sh")
        .args(["-c", &format!("kill -INT {}", sagasu.id())])
        .status()
        .unwrap();
    assert!(status.success());
    let (tx, exited) = mpsc::channel();
    std::thread::spawn(move || tx.send(sagasu.wait_with_output()));
    let out = exited
        .recv_timeout(Duration::from_secs(300))
        .expect("sagasu did not exit on SIGINT")
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("sagasu: interrupted"), "{stderr}");
    assert!(
        matches!(helper.recv_timeout(Duration::from_secs(60)), Ok(Helper::Ended)),
        "the helper outlived sagasu"
    );
    // The next pass completes the index, with nothing half-written left.
    let works = fake_tesseract(&f, "works", "echo 'a page about the narwhal'");
    let r = f.index(&["--tesseract", works.to_str().unwrap()]);
    assert_eq!(r["documents"], 2, "{r}");
    assert_eq!(f.paths(&["narwhal"]), ["english.png"]);
    assert_eq!(f.paths(&["aardvark"]), ["notes.txt"]);
    assert_eq!(leftovers(&f.index), Vec::<String>::new());
}
