//! End-to-end: incremental, crash-safe indexing (issue 5). Counts are
//! checked exactly across a sequence of changes; the safety rules (kill -9,
//! the writer lock, searches during a run, `--watch`) each have a test.
//! The index folder's own lifecycle is in `index_folder.rs`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::util::{paths, root, text, Background, Fixture};
use sagasu_testkit::corpus::{self, doc_word, MARKER};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers

/// The counts of an `index --json` report, in a fixed order:
/// (added, updated, removed, unchanged, skipped, documents). Hidden files
/// (the default corpus's alias file) are listed as skipped by every run;
/// they are not counted here.
pub(crate) fn counts(r: &Value) -> (u64, u64, u64, u64, u64, u64) {
    let n = |k: &str| r[k].as_u64().unwrap_or_else(|| panic!("report has no {k}: {r}"));
    let skipped = r["skipped"]
        .as_array()
        .expect("skipped is a list")
        .iter()
        .filter(|s| s["kind"] != "hidden")
        .count() as u64;
    (
        n("added"),
        n("updated"),
        n("removed"),
        n("unchanged"),
        skipped,
        n("documents"),
    )
}

/// Documents matching `word`, and the exit code (the search must not fail).
pub(crate) fn hits(f: &Fixture, word: &str) -> (Vec<String>, i32) {
    let (json, code) = f.search_json(&["-n", "100000", word]);
    assert!(code == 0 || code == 1, "search {word} exited {code}");
    (paths(&json), code)
}

pub(crate) fn size(p: &Path) -> u64 {
    std::fs::metadata(p).unwrap().len()
}

/// Sets a file's mtime without changing its content (`touch -d`).
pub(crate) fn set_mtime(p: &Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(p)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

/// Writes `n` generated documents under `gen/` in the corpus (see
/// `sagasu_testkit::corpus::write_marked`), from the words of the default
/// corpus except 003's (Nordpolitik, which the tests look for).
fn generate(f: &Fixture, n: usize) {
    let vocab = corpus::vocabulary(&root().join("corpus"), &["003"]).unwrap();
    assert!(vocab.len() > 1000);
    corpus::write_marked(&f.corpus.join("gen"), &vocab, n).unwrap();
}

/// How many documents hold [`MARKER`]; the search must succeed.
fn marked(f: &Fixture) -> usize {
    let (json, code) = f.search_json(&["-n", "1", MARKER]);
    assert!(code == 0 || code == 1, "search exited {code}: {json}");
    json["total_documents"].as_u64().unwrap() as usize
}

/// The files of the index folder with their sizes, to compare states.
pub(crate) fn snapshot(dir: &Path) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().len(),
            )
        })
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------
// Counts across a sequence of changes

#[test]
fn counts_are_exact_across_a_sequence_of_changes() {
    let f = Fixture::default_corpus();
    let docs: Vec<_> = std::fs::read_dir(&f.corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert_eq!(docs.len(), 5);
    let total: u64 = docs.iter().map(|p| size(p)).sum();

    // First build: everything is added and read once.
    let r = f.index(&[]);
    assert_eq!(counts(&r), (5, 0, 0, 0, 0, 5), "{r}");
    assert_eq!(
        r["skipped"],
        serde_json::json!([{"path": ".sagasu-aliases.txt", "kind": "hidden", "reason": "hidden (use --hidden to include it)"}])
    );
    assert_eq!(r["bytes_read"], total);
    assert!(r["passages"].as_u64().unwrap() > 5);
    assert!(r["elapsed_ms"].is_u64());
    assert!(r.get("rebuilt").is_none(), "{r}");
    let passages = r["passages"].as_u64().unwrap();

    // No change: nothing is opened.
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 0, 5, 0, 5), "{r}");
    assert_eq!(r["bytes_read"], 0);
    assert_eq!(r["passages"], passages);

    // Add one file: only that file is read.
    let added = f.write(
        "notes/added.txt",
        "Field notes\nThe quokkaphrase appears only here, near the river.\n",
    );
    let r = f.index(&[]);
    assert_eq!(counts(&r), (1, 0, 0, 5, 0, 6), "{r}");
    assert_eq!(r["bytes_read"], size(&added));
    assert_eq!(hits(&f, "quokkaphrase"), (vec!["notes/added.txt".to_string()], 0));

    // Change it: it is re-indexed; its new words are found, its old ones not.
    f.write(
        "notes/added.txt",
        "Field notes, revised\nThe wombatword replaced the old phrase.\n",
    );
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 1, 0, 5, 0, 6), "{r}");
    assert_eq!(r["bytes_read"], size(&added));
    assert_eq!(hits(&f, "wombatword"), (vec!["notes/added.txt".to_string()], 0));
    assert_eq!(hits(&f, "quokkaphrase"), (vec![], 1));

    // Remove one: its passages are gone; nothing is read.
    assert_eq!(hits(&f, "Nordpolitik").0, ["003_0771a4b52a2fefa6.txt"]);
    std::fs::remove_file(f.corpus.join("003_0771a4b52a2fefa6.txt")).unwrap();
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 1, 5, 0, 5), "{r}");
    assert_eq!(r["bytes_read"], 0);
    assert_eq!(hits(&f, "Nordpolitik"), (vec![], 1));

    // Touch one (new mtime, same content): read to compare hashes, not
    // re-indexed, still searchable.
    let touched = f.corpus.join("000_d1566bec7f6aab24.txt");
    let (before, _) = hits(&f, "Fukuda");
    assert!(before.contains(&"000_d1566bec7f6aab24.txt".to_string()), "{before:?}");
    set_mtime(&touched, SystemTime::now() + Duration::from_secs(3600));
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 0, 5, 0, 5), "{r}");
    assert_eq!(r["bytes_read"], size(&touched));
    assert_eq!(hits(&f, "Fukuda").0, before);

    // The touch was recorded: the next run does not read the file again.
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 0, 5, 0, 5), "{r}");
    assert_eq!(r["bytes_read"], 0);

    // A real change of the touched file is still seen.
    let mut content = std::fs::read_to_string(&touched).unwrap();
    content.push_str("\nA closing line with the word capybaraword.\n");
    std::fs::write(&touched, &content).unwrap();
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 1, 0, 4, 0, 5), "{r}");
    assert_eq!(hits(&f, "capybaraword").0, ["000_d1566bec7f6aab24.txt"]);

    // Files that cannot be indexed are listed with a reason, every run, but
    // read only once while they do not change.
    let empty = f.write("empty.txt", "");
    let blank = f.write("blank.txt", "  \n\n");
    let binary = f.write("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR rest of a picture");
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 0, 5, 3, 5), "{r}");
    assert_eq!(r["bytes_read"], size(&blank) + size(&binary) + size(&empty));
    let reasons: Vec<(String, String)> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        reasons
            .iter()
            .any(|(p, why)| p == "image.png" && why.contains("binary")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|(p, why)| p == "blank.txt" && why == "empty"),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|(p, why)| p == "empty.txt" && why == "empty"),
        "{reasons:?}"
    );
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 0, 5, 3, 5), "{r}");
    assert_eq!(r["bytes_read"], 0, "skipped files are not read again: {r}");
    // A skipped file that becomes text is added.
    f.write("blank.txt", "Now it has words: lemurword.\n");
    let r = f.index(&[]);
    assert_eq!(counts(&r), (1, 0, 0, 5, 2, 6), "{r}");
    assert_eq!(hits(&f, "lemurword").0, ["blank.txt"]);
    // An indexed file that becomes empty is removed, and listed as skipped.
    f.write("blank.txt", "");
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 1, 5, 3, 5), "{r}");
    assert_eq!(hits(&f, "lemurword"), (vec![], 1));

    // A folder that becomes ignored leaves the index (it is left out on
    // purpose, not unreadable); unignored, it comes back.
    f.write(".sagasuignore", "notes/\n");
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 1, 4, 4, 4), "{r}");
    assert!(
        r["skipped"].as_array().unwrap().iter().any(|s| s["path"] == "notes"
            && s["kind"] == "ignored"
            && s["reason"].as_str().unwrap().contains(".sagasuignore")),
        "{r}"
    );
    assert_eq!(hits(&f, "wombatword"), (vec![], 1));
    std::fs::remove_file(f.corpus.join(".sagasuignore")).unwrap();
    let r = f.index(&[]);
    assert_eq!(counts(&r), (1, 0, 0, 4, 3, 5), "{r}");
    assert_eq!(r["bytes_read"], size(&added));

    // --rebuild: everything again, from an empty index, saying why.
    let r = f.index(&["--rebuild"]);
    assert_eq!(counts(&r), (5, 0, 0, 0, 3, 5), "{r}");
    assert!(r["rebuilt"].as_str().unwrap().contains("--rebuild"), "{r}");
    assert_eq!(hits(&f, "wombatword").0, ["notes/added.txt"]);
    assert_eq!(hits(&f, "Nordpolitik"), (vec![], 1));
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 0, 5, 3, 5), "{r}");
    assert_eq!(r["bytes_read"], 0);
}

#[test]
fn summary_line_has_every_count() {
    let f = Fixture::default_corpus();
    f.write("empty.txt", "");
    let out = f.run(&["index"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let line = stdout.trim();
    assert_eq!(line.lines().count(), 1, "one summary line: {stdout}");
    for part in [
        "indexed 5 documents",
        "passages)",
        "5 added",
        "0 updated",
        "0 removed",
        "0 unchanged",
        "2 skipped",
        "read",
    ] {
        assert!(line.contains(part), "{part:?} missing from {line:?}");
    }
    // Piped: no progress bar, nothing but the summary on stdout. Files left
    // out on purpose (hidden, empty) are counted, listed only with -v.
    assert!(!stderr.contains('\r'), "{stderr:?}");
    assert!(stderr.is_empty(), "{stderr}");
    let out = f.run(&["index", "--verbose"]);
    let (_, stderr) = text(&out);
    assert!(stderr.contains("skipped empty.txt: empty"), "{stderr}");
    assert!(stderr.contains("skipped .sagasu-aliases.txt: hidden"), "{stderr}");
    let out = f.run(&["index"]);
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains("0 added, 0 updated, 0 removed, 5 unchanged") && stdout.contains("; 0 B read"),
        "{stdout}"
    );
}

#[test]
fn json_report_has_the_documented_fields() {
    let f = Fixture::default_corpus();
    let r = f.index(&[]);
    for k in [
        "added",
        "updated",
        "removed",
        "unchanged",
        "skipped",
        "documents",
        "passages",
        "elapsed_ms",
        "bytes_read",
    ] {
        assert!(r.get(k).is_some(), "report has no {k}: {r}");
    }
}

// ---------------------------------------------------------------------------
// Crash safety

/// Runs `sagasu ARGS…` with the fault-injection seam (`SAGASU_FAULT`, debug
/// builds) set to `fault`; asserts that the fault killed it.
fn killed_by(f: &Fixture, fault: &str, args: &[&str]) {
    let out = f.cmd().env("SAGASU_FAULT", fault).args(args).output().unwrap();
    assert!(
        out.status.code().is_none(),
        "{fault}: the run was not killed: {:?}",
        text(&out)
    );
}

/// A pass killed (abort, as kill -9: no cleanup) at each crash point: the
/// index always opens, holds the last commit (never a mix), and the next
/// pass reaches the exact count.
#[test]
fn kill_9_mid_run_keeps_the_last_commit_and_the_rerun_finishes() {
    const N: usize = 600;
    let f = Fixture::default_corpus();
    let r = f.index(&[]);
    assert_eq!(counts(&r).5, 5);
    generate(&f, N);

    for fault in ["abort-after-files:1", "abort-after-files:300", "abort-at:commit"] {
        killed_by(&f, fault, &["index"]);
        assert_eq!(marked(&f), 0, "{fault}: the killed pass is visible");
        assert_eq!(hits(&f, "Nordpolitik").0, ["003_0771a4b52a2fefa6.txt"], "{fault}");
    }
    let r = f.index(&[]);
    assert_eq!(counts(&r), (N as u64, 0, 0, 5, 0, (N + 5) as u64), "{r}");
    assert_eq!(marked(&f), N);
    assert_eq!(hits(&f, &doc_word(N - 1)).0, [format!("gen/{:05}.txt", N - 1)]);

    // A rebuild killed mid-run, or just before its commit, leaves the old
    // index in place too.
    for fault in ["abort-after-files:100", "abort-at:commit"] {
        killed_by(&f, fault, &["index", "--rebuild"]);
        assert_eq!(marked(&f), N, "{fault}");
        assert_eq!(hits(&f, "Nordpolitik").0, ["003_0771a4b52a2fefa6.txt"], "{fault}");
    }
    let r = f.index(&[]);
    assert_eq!(counts(&r), (0, 0, 0, (N + 5) as u64, 0, (N + 5) as u64), "{r}");
    assert_eq!(r["bytes_read"], 0);

    // Nothing is left over: every file in the folder belongs to the commit
    // (the duplicate files stored beside it too: one file, replaced).
    let meta: Value = serde_json::from_slice(&std::fs::read(f.index.join("meta.json")).unwrap()).unwrap();
    let live: Vec<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    for (name, _) in snapshot(&f.index) {
        if name.starts_with('.') || name == "meta.json" || name == sagasu_store::DUPLICATES_FILE {
            continue;
        }
        assert!(
            live.iter().any(|id| name.starts_with(id.as_str())),
            "leftover file {name}"
        );
    }
}

// ---------------------------------------------------------------------------
// The writer lock

#[test]
fn a_second_run_fails_at_once_on_the_writer_lock_and_changes_nothing() {
    let f = Fixture::default_corpus();
    f.index(&[]);
    f.write(
        "new.txt",
        "A new file that must not be indexed while the lock is held.\n",
    );
    let lock = std::fs::File::options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(f.index.join(".tantivy-writer.lock"))
        .unwrap();
    lock.try_lock().expect("take the writer lock");
    let before = snapshot(&f.index);
    for args in [&["index"][..], &["index", "--rebuild"][..], &["index", "--json"][..]] {
        let started = Instant::now();
        let out = f.run(args);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stdout}{stderr}");
        assert!(started.elapsed() < Duration::from_secs(5), "it waited for the lock");
        assert!(
            stderr.contains(".tantivy-writer.lock") && stderr.contains("locked"),
            "{stderr}"
        );
        assert!(stdout.is_empty(), "{stdout}");
        assert_eq!(snapshot(&f.index), before, "{args:?} changed the index");
    }
    // Searching is not blocked by the lock.
    assert_eq!(hits(&f, "Nordpolitik").0, ["003_0771a4b52a2fefa6.txt"]);
    drop(lock);
    let r = f.index(&[]);
    assert_eq!(counts(&r), (1, 0, 0, 5, 0, 6), "{r}");
}

// ---------------------------------------------------------------------------
// Searching during a run

/// While a pass is in progress (held by the seam after its walk, the writer
/// lock taken), searches succeed and see the old state, and a second pass
/// is refused at once; once it has committed, searches see the new state.
#[test]
fn searches_during_a_run_see_the_old_or_the_new_state() {
    const N: usize = 300;
    let f = Fixture::default_corpus();
    f.index(&[]);
    generate(&f, N);
    let mut child = f
        .cmd()
        .env("SAGASU_FAULT", "wait-after-walk")
        .args(["index", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("sagasu-fault: walked") {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "no pause after the walk");
    }
    assert_eq!(marked(&f), 0);
    assert_eq!(hits(&f, "Nordpolitik").0, ["003_0771a4b52a2fefa6.txt"]);
    let started = Instant::now();
    let out = f.run(&["index"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(".tantivy-writer.lock"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(30), "it waited for the lock");

    std::io::Write::write_all(&mut stdin, b"go\n").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(counts(&r), (N as u64, 0, 0, 5, 0, (N + 5) as u64), "{r}");
    assert_eq!(marked(&f), N);
}

// ---------------------------------------------------------------------------
// --watch

#[test]
fn watch_reindexes_added_changed_and_removed_files() {
    let f = Fixture::default_corpus();
    let mut cmd = f.cmd();
    cmd.args(["index", "--watch", "--json"]);
    let mut watcher = Background::spawn(cmd);
    let mut next = |what: &str| -> Value { watcher.next_json(what) };
    let r = next("the first run");
    assert_eq!(counts(&r), (5, 0, 0, 0, 0, 5), "{r}");

    f.write("watched/new.txt", "Written while watching: the axolotlword.\n");
    let r = next("adding a file");
    assert_eq!(
        (r["added"].as_u64(), r["documents"].as_u64()),
        (Some(1), Some(6)),
        "{r}"
    );
    assert_eq!(hits(&f, "axolotlword").0, ["watched/new.txt"]);

    f.write("watched/new.txt", "Rewritten while watching: the pangolinword.\n");
    let r = next("changing a file");
    assert_eq!(r["updated"], 1, "{r}");
    assert_eq!(hits(&f, "pangolinword").0, ["watched/new.txt"]);
    assert_eq!(hits(&f, "axolotlword"), (vec![], 1));

    std::fs::remove_file(f.corpus.join("watched/new.txt")).unwrap();
    let r = next("removing a file");
    assert_eq!(
        (r["removed"].as_u64(), r["documents"].as_u64()),
        (Some(1), Some(5)),
        "{r}"
    );
    assert_eq!(hits(&f, "pangolinword"), (vec![], 1));

    assert!(watcher.running(), "the watcher stopped");
}

/// `sagasu index` on an index inside the corpus folder does not index its
/// own files, and `--watch` is not woken by its own writes.
#[test]
fn an_index_inside_the_corpus_is_not_indexed_or_watched() {
    let f = Fixture::default_corpus();
    let inside = f.corpus.join(".sagasu-index");
    let mut cmd = Command::new(crate::util::bin());
    cmd.env("NO_COLOR", "1")
        .arg("--corpus")
        .arg(&f.corpus)
        .arg("--index")
        .arg(&inside)
        .args(["index", "--watch", "--json", "--hidden"]);
    let mut watcher = Background::spawn(cmd);
    // With --hidden the alias file is a document too; no file of the index
    // is one, or is skipped.
    let first = watcher.next_json("the first run");
    assert_eq!(counts(&first), (6, 0, 0, 0, 0, 6), "{first}");
    f.write("b.txt", "Another file: the tapirword.\n");
    let r = watcher.next_json("adding b.txt");
    assert_eq!(counts(&r), (1, 0, 0, 6, 0, 7), "{r}");
}

// ---------------------------------------------------------------------------
// A first build that is killed is finished by the next pass

/// A first build killed at each of its crash points: the next pass finishes
/// it (resuming it once the folder holds an incomplete index), and no
/// search ever answers from a partial index.
#[test]
fn a_first_build_killed_is_finished_by_the_next_pass() {
    const N: usize = 200;
    for fault in [
        "abort-at:marker",
        "abort-after-files:1",
        "abort-after-files:150",
        "abort-at:commit",
    ] {
        let f = Fixture::empty();
        generate(&f, N);
        killed_by(&f, fault, &["index"]);
        let out = f.run(&["search", "--json", "--no-aliases", MARKER]);
        let (_, err) = text(&out);
        // The search finishes the build and answers.
        assert_eq!(out.status.code(), Some(0), "{fault}: {err}");
        assert!(err.contains("incomplete"), "{fault}: {err}");
        let r = f.index(&[]);
        assert_eq!(counts(&r), (0, 0, 0, N as u64, 0, N as u64), "{fault}: {r}");
        assert!(r.get("rebuilt").is_none(), "{fault}: {r}");
    }
}

/// A rebuild that has to clear the folder (here: of an index whose first
/// build did not finish), killed halfway through the deletion, leaves a
/// folder the next pass builds again.
#[test]
fn a_clearing_killed_halfway_is_built_again() {
    const N: usize = 50;
    let f = Fixture::empty();
    generate(&f, N);
    killed_by(&f, "abort-after-files:10", &["index"]);
    killed_by(&f, "abort-at:clearing", &["index", "--rebuild"]);
    assert!(!f.index.join("meta.json").exists());
    let r = f.index(&[]);
    assert_eq!(counts(&r), (N as u64, 0, 0, 0, 0, N as u64), "{r}");
    assert_eq!(marked(&f), N);
}
