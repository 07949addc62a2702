//! Regressions of cli: arguments, output, `eval`, `--watch`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::*;

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// Asserts that `out` failed with exit 2 and one line on stderr, without a
/// panic, and returns that line.
fn one_line_error(out: &Output, what: &str) -> String {
    let (stdout, stderr) = text(out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{what}: stdout {stdout:?}, stderr {stderr:?}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    let line = stderr.strip_suffix('\n').unwrap_or(&stderr);
    assert!(
        !line.is_empty() && !line.contains('\n'),
        "{what}: not one line: {stderr:?}"
    );
    line.to_owned()
}

/// A corpus of three short documents, one per word a query may hold.
fn words_corpus() -> Fixture {
    let f = Fixture::empty();
    f.write("ete.txt", "Summer\n\nThe été was long and hot.\n");
    f.write("nihon.txt", "Japan\n\n日本 is an island country.\n");
    f.write("uber.txt", "Over\n\nÜber alles, and nothing else.\n");
    f
}

// Issue 12, item 3: `TopicFormat::detect` sliced the first line at byte 4
// (`l[..4]`) to look for `<top`; a multi-byte character across byte 4
// panicked (exit 101) on a perfectly valid query file.
#[test]
fn eval_panicked_on_a_multibyte_character_near_byte_4_of_the_first_query_line() {
    let f = words_corpus();
    for (queries, qrels) in [
        ("12\tété\n", "12 0 ete 1\n"),
        ("1\t日本\n", "1 0 nihon 1\n"),
        ("q1\tÜber\n", "q1 0 uber 1\n"),
    ] {
        let q = f.aside("q.tsv", queries);
        let r = f.aside("qrels.txt", qrels);
        let out = f
            .cmd()
            .args(["eval", "--json", "--queries", s(&q), "--qrels", s(&r)])
            .output()
            .unwrap();
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{queries:?}: {stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(json["summary"]["map"], 1.0, "{queries:?}: {json}");
    }
}

// Issue 12, item 10: a UTF-8 byte-order mark was read as part of the first
// line: the first qrels query id became `\u{feff}1` (MAP 0.325 -> 0.25 with
// a vague warning) and the first query of a query file was dropped.
#[test]
fn eval_read_a_utf8_bom_as_part_of_the_first_line() {
    let f = words_corpus();
    let queries = "1\tété\n2\t日本\n";
    let qrels = "1 0 ete 1\n2 0 nihon 1\n2 0 uber 1\n";
    let run = "1 Q0 ete 1 2.0 t\n2 Q0 uber 1 2.0 t\n2 Q0 nihon 2 1.0 t\n";
    let bom = |t: &str| format!("\u{feff}{t}");
    let eval = |q: &str, r: &str, extra: &[&str]| -> serde_json::Value {
        let out = f
            .cmd()
            .args(["eval", "--json", "--per-query", "--queries", q, "--qrels", r])
            .args(extra)
            .output()
            .unwrap();
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(!stderr.contains("no judgments"), "{stderr}");
        serde_json::from_str(&stdout).unwrap()
    };
    let plain = eval(s(&f.aside("q.tsv", queries)), s(&f.aside("r.txt", qrels)), &[]);
    let with_bom = eval(
        s(&f.aside("bq.tsv", bom(queries))),
        s(&f.aside("br.txt", bom(qrels))),
        &[],
    );
    assert_eq!(with_bom["num_q"], 2, "{with_bom}");
    assert_eq!(with_bom["summary"], plain["summary"]);
    assert_eq!(with_bom["per_query"], plain["per_query"]);

    // A run file with a BOM scores the same as without.
    let score = |run_file: PathBuf| -> serde_json::Value {
        let out = f
            .cmd()
            .args(["eval", "--json", "--run", s(&run_file), "--qrels"])
            .arg(f.dir.path().join("br.txt"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let a = score(f.aside("a.run", run));
    let b = score(f.aside("b.run", bom(run)));
    assert_eq!(a["summary"], b["summary"]);
    assert_eq!(b["num_q"], 2);

    // An alias file with a BOM: its first name is still a name.
    let aliases = f.aside("aliases.txt", bom("Sommer | été\n"));
    let (json, code) = f.search_json(&["--aliases", s(&aliases), "Sommer"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(paths(&json), ["ete.txt"]);
}

/// Starts `sagasu index --watch --json` on `f` and waits for its first pass.
fn watch(f: &Fixture) -> Background {
    let mut cmd = f.cmd();
    cmd.args(["index", "--watch", "--json"]);
    let mut w = Background::spawn(cmd);
    let first = w.next_json("the first pass");
    assert!(first["documents"].as_u64().is_some(), "{first}");
    w
}

// Issue 12, item 11: `--watch` stopped for good when the corpus folder was
// deleted and recreated: the watch of the old folder died with it, one
// error line was printed, and no later change was ever indexed.
#[test]
fn watch_stopped_for_good_when_the_corpus_was_deleted_and_recreated() {
    let f = Fixture::default_corpus();
    let mut w = watch(&f);
    std::fs::remove_dir_all(&f.corpus).unwrap();
    // The watcher says it noticed: the corpus is gone, it waits.
    let line = w.stderr_line("is gone");
    assert!(line.contains(s(&f.corpus)), "{line}");
    std::fs::create_dir(&f.corpus).unwrap();
    f.write("back.txt", "Back again: the quokkaword.\n");
    let mut r = w.next_json("recreating the corpus");
    // A pass may have seen the recreated folder before back.txt was written.
    while r["documents"] != 1 {
        r = w.next_json("writing back.txt");
    }
    assert_eq!(paths(&f.search_json(&["quokkaword"]).0), ["back.txt"]);
    // And the recreated folder is watched.
    f.write("later.txt", "Later: the wombatword.\n");
    let r = w.next_json("a change in the recreated corpus");
    assert_eq!(
        (r["added"].as_u64(), r["documents"].as_u64()),
        (Some(1), Some(2)),
        "{r}"
    );
    assert!(w.running(), "the watcher stopped");
}

// Issue 12, item 11: a batch whose pass failed because another
// `sagasu index` held the writer lock was dropped: the change was never
// indexed. A watcher retries a failed batch after a back-off.
#[test]
fn watch_dropped_a_batch_whose_pass_failed_on_the_writer_lock() {
    let f = Fixture::default_corpus();
    let mut w = watch(&f);
    let lock = std::fs::File::options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(f.index.join(".tantivy-writer.lock"))
        .unwrap();
    lock.try_lock().expect("take the writer lock");
    f.write("new.txt", "Written while locked: the okapiword.\n");
    let line = w.stderr_line("locked");
    assert!(line.contains("retry"), "{line}");
    drop(lock);
    let r = w.next_json("releasing the lock");
    assert_eq!(
        (r["added"].as_u64(), r["documents"].as_u64()),
        (Some(1), Some(6)),
        "{r}"
    );
    assert_eq!(paths(&f.search_json(&["okapiword"]).0), ["new.txt"]);
}

// Issue 12, item 14: `sagasu index | true` panicked ("failed printing to
// stdout", exit 101). A closed stdout is the reader's choice: stop quietly
// with exit 0, as grep does (and as `search` already did).
#[test]
fn index_panicked_when_stdout_was_closed() {
    let f = Fixture::default_corpus();
    for args in [
        &["index"][..],
        &["index", "--json"],
        &["search", "Korea"],
        &["eval", "--help"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = f.cmd().args(args).stdout(writer).output().unwrap();
        let stderr = text(&out).1;
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

// Issue 12, item 14: `sagasu index > /dev/full` panicked (exit 101). A full
// disk on stdout is an error: one line, exit 2.
#[test]
fn index_panicked_when_stdout_was_a_full_disk() {
    let f = Fixture::default_corpus();
    f.index(&[]);
    let q = f.aside("q.tsv", "1\tKorea\n");
    let r = f.aside("r.txt", "1 0 003_0771a4b52a2fefa6 1\n");
    for args in [
        &["index"][..],
        &["index", "--json"],
        &["search", "Korea"],
        &["search", "--json", "Korea"],
        &["eval", "--queries", s(&q), "--qrels", s(&r)],
    ] {
        let full = std::fs::File::options().write(true).open("/dev/full").unwrap();
        let out = f.cmd().args(args).stdout(full).output().unwrap();
        // The error is the last line (eval reports its timing before).
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stdout}{stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        let line = stderr.lines().last().unwrap_or("");
        assert_eq!(stderr.matches("sagasu: error").count(), 1, "{args:?}: {stderr}");
        assert!(
            line.contains("stdout") && line.contains("No space left"),
            "{args:?}: {line}"
        );
    }
}

// Found after issue 12: every message on stderr went through std's
// `eprintln!`, which panics when stderr cannot be written, so `2>/dev/full`
// turned "no match" (1), an error (2) or a summary into exit 101. The exit
// status must still say what happened.
#[test]
fn a_full_stderr_turned_the_exit_status_into_a_panic() {
    let f = Fixture::default_corpus();
    f.index(&[]);
    for (args, status) in [
        (&["search", "zzyzzyqq"][..], 1),
        (&["search", "--explain", "Korea"], 0),
        (&["search", "Korea AND ("], 2),
        (&["index"], 0),
        (
            &["eval", "--qrels", "/nonexistent/qrels", "--run", "/nonexistent/run"],
            2,
        ),
    ] {
        let full = std::fs::File::options().write(true).open("/dev/full").unwrap();
        let out = f.cmd().args(args).stderr(full).output().unwrap();
        assert_eq!(out.status.code(), Some(status), "{args:?}");
    }
}

// Issue 12, item 14: `index --threads 100000` aborted (SIGABRT while
// spawning threads). Every numeric option has a range, checked by clap.
#[test]
fn index_threads_100000_aborted() {
    let f = Fixture::default_corpus();
    for (args, option) in [
        (&["index", "--threads", "100000"][..], "--threads"),
        (&["index", "--max-file-size", "0"], "--max-file-size"),
        (&["search", "--limit", "100000000", "x"], "--limit"),
        (&["search", "--offset", "18446744073709551615", "x"], "--offset"),
        (&["search", "--context", "0", "x"], "--context"),
        (&["search", "--context", "18446744073709551615", "x"], "--context"),
        (
            &["eval", "--qrels", "r", "--run", "x", "--depth", "18446744073709551615"],
            "--depth",
        ),
        (
            &["eval", "--qrels", "r", "--compare", "a", "b", "--iterations", "0"],
            "--iterations",
        ),
    ] {
        let out = f.run(args);
        let line = one_line_error(&out, &format!("{args:?}"));
        assert!(line.contains(option), "{args:?}: {line}");
        assert!(!f.index.exists(), "{args:?} did something");
    }
}

// Issue 12, item 15: `--aliases /dev/zero` and `--qrels /dev/zero` read
// without bound (memory grew at 500 MB/s). Inputs must be regular files of
// bounded size.
#[test]
fn aliases_and_qrels_from_dev_zero_were_read_without_bound() {
    let f = Fixture::default_corpus();
    let r = f.aside("r.txt", "1 0 x 1\n");
    let run = f.aside("a.run", "1 Q0 x 1 1 t\n");
    for args in [
        &["search", "--aliases", "/dev/zero", "Korea"][..],
        &["eval", "--qrels", "/dev/zero", "--run", s(&run)],
        &["eval", "--qrels", s(&r), "--run", "/dev/zero"],
        &["eval", "--qrels", s(&r), "--queries", "/dev/zero"],
        &["eval", "--qrels", s(&r), "--compare", s(&run), "/dev/zero"],
    ] {
        let out = f.run(args);
        let line = one_line_error(&out, &format!("{args:?}"));
        assert!(
            line.contains("/dev/zero") && line.contains("not a regular file"),
            "{args:?}: {line}"
        );
    }
    // A named pipe is refused without waiting for a writer.
    let fifo = f.dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut cmd = f.cmd();
    cmd.args(["eval", "--qrels"]).arg(&fifo).args(["--run", s(&run)]);
    let mut p = Background::spawn(cmd);
    let line = p.stderr_line("not a regular file");
    assert!(line.contains("fifo"), "{line}");
    // A regular file too large to be an input is refused by its size,
    // before it is read (a sparse file: nothing is written to disk).
    let huge = f.dir.path().join("huge-qrels.txt");
    std::fs::File::create(&huge).unwrap().set_len(8 << 30).unwrap();
    let out = f.run(&["eval", "--qrels", s(&huge), "--run", s(&run)]);
    let line = one_line_error(&out, "huge qrels");
    assert!(
        line.contains("huge-qrels.txt") && line.contains("larger than"),
        "{line}"
    );
}

// Issue 12, item 16: `eval --queries Q --qrels R --run X` overwrote X even
// when X was the qrels or the queries file (a typo destroyed the
// judgments). An input is never overwritten, whatever name reaches it.
#[test]
fn eval_run_overwrote_its_own_qrels_or_queries_file() {
    let f = words_corpus();
    let queries = "1\tété\n";
    let qrels = "1 0 ete 1\n";
    let q = f.aside("q.tsv", queries);
    let r = f.aside("r.txt", qrels);
    let link = f.dir.path().join("link-to-qrels");
    std::os::unix::fs::symlink(&r, &link).unwrap();
    let hard = f.dir.path().join("hard-link-to-queries");
    std::fs::hard_link(&q, &hard).unwrap();
    let dotted = f.dir.path().join("sub/../r.txt");
    std::fs::create_dir(f.dir.path().join("sub")).unwrap();
    for target in [&r, &q, &link, &hard, &dotted] {
        let out = f
            .cmd()
            .args(["eval", "--queries", s(&q), "--qrels", s(&r), "--run", s(target)])
            .output()
            .unwrap();
        let line = one_line_error(&out, s(target));
        assert!(line.contains("input"), "{line}");
        assert_eq!(std::fs::read_to_string(&q).unwrap(), queries);
        assert_eq!(std::fs::read_to_string(&r).unwrap(), qrels);
    }
    assert!(!f.index.exists(), "refused before any indexing");
    // A new file, or another existing one, is written.
    let out_run = f.aside("out.run", "old content\n");
    let out = f
        .cmd()
        .args(["eval", "--queries", s(&q), "--qrels", s(&r), "--run", s(&out_run)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    assert!(std::fs::read_to_string(&out_run).unwrap().starts_with("1 Q0 ete 1 "));
}

// Issue 12, item 17: escape sequences and bidi controls in the alias file
// reached the terminal through `--explain` (the expansion line and the
// parsed query showed the names raw).
#[test]
fn alias_file_escape_sequences_reached_the_terminal_through_explain() {
    let f = Fixture::default_corpus();
    let aliases = f.aside(
        "hostile-aliases.txt",
        "Takeshima | Dokdo\u{1b}]0;pwned\u{7} | Lian\u{202e}court | Rocks\u{9b}31m\n",
    );
    let out = f
        .cmd()
        .args(["search", "--explain", "--aliases", s(&aliases), "Takeshima"])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("Lian\\u{202e}court"),
        "names are shown escaped: {stderr}"
    );
    for c in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(
            !stdout.contains(c) && !stderr.contains(c),
            "{c:?} reached the terminal: {stderr}"
        );
    }
}

// Issue 12, item 18: an OS error was printed twice ("File exists (os error
// 17): File exists (os error 17)"): main printed the whole error chain while
// some errors already include their cause in their message.
#[test]
fn os_errors_were_printed_twice() {
    let f = Fixture::default_corpus();
    let file = f.aside("a-file", "not a folder\n");
    let out = std::process::Command::new(bin())
        .arg("--corpus")
        .arg(&f.corpus)
        .args(["--index", s(&file), "index"])
        .output()
        .unwrap();
    let line = one_line_error(&out, "index on a file");
    // Once at most: the indexer may say it in its own words instead.
    assert!(line.matches("os error").count() <= 1, "{line}");
    assert!(line.contains("a-file"), "{line}");
}

// Issue 12, item 18: argument errors took several lines (clap's message, a
// blank line, a usage block, "For more information..."). One line saying
// what is wrong and what to do.
#[test]
fn argument_errors_took_several_lines() {
    let f = Fixture::default_corpus();
    for (args, says) in [
        (&["search", "--limit", "x", "Korea"][..], "--limit"),
        (&["search", "--bogus", "Korea"], "--bogus"),
        (&["search", "-Yasukuni"], "use '-- -Y"),
        (&["search"], "QUERY"),
        (&["eval", "--run", "a.run"], "--qrels"),
        (&["frobnicate"], "frobnicate"),
    ] {
        let out = f.run(args);
        let line = one_line_error(&out, &format!("{args:?}"));
        assert!(line.contains(says), "{args:?}: {line}");
        assert!(line.contains("--help"), "{args:?} says what to do: {line}");
    }
    // --help and --version still print everything, on stdout, exit 0.
    let out = f.run(&["search", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).0.lines().count() > 10);
}

// Issue 12, item 18: `search --limit 0` said "no match" and exited 0 (a
// count of zero documents to show is not a search).
#[test]
fn limit_0_said_no_match_with_exit_0() {
    let f = Fixture::default_corpus();
    let out = f.run(&["search", "--limit", "0", "Korea"]);
    let line = one_line_error(&out, "--limit 0");
    assert!(line.contains("--limit") && !line.contains("no match"), "{line}");
}

// Issue 24, item 8: `sagasu export --json | true` panicked (exit 101) and
// so did `sagasu export --json > /dev/full` (`println!` in export_cmd.rs).
// Closed: exit 0, quietly; full: one error line, exit 2. `terms` and
// `formats` write stdout the same way.
#[test]
fn export_json_panicked_when_stdout_was_closed_or_full() {
    let f = Fixture::default_corpus();
    f.index(&[]);
    let runs: [&[&str]; 4] = [
        &["export", "--to", "quickwit", "--json"],
        &["terms", "--json", "kor"],
        &["formats", "--json"],
        &["formats"],
    ];
    for (n, args) in runs.iter().enumerate() {
        let dir = f.dir.path().join(format!("export-closed-{n}"));
        let mut args = args.to_vec();
        let dir_arg = dir.to_string_lossy().into_owned();
        if args[0] == "export" {
            args.push(&dir_arg);
        }
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = f.cmd().args(&args).stdout(writer).output().unwrap();
        let stderr = text(&out).1;
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        let full = std::fs::File::options().write(true).open("/dev/full").unwrap();
        let dir = f.dir.path().join(format!("export-full-{n}"));
        let dir_arg = dir.to_string_lossy().into_owned();
        if args[0] == "export" {
            *args.last_mut().unwrap() = &dir_arg;
        }
        let out = f.cmd().args(&args).stdout(full).output().unwrap();
        let stderr = text(&out).1;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            stderr.lines().last().unwrap_or("").contains("No space left"),
            "{args:?}: {stderr}"
        );
    }
}

// Issue 24, item 10: `export --since` read its state file with
// `read_to_string`, whatever it was: `/dev/zero` grew to 2.1 GB in 1.9 s
// and a named pipe hung. Every other input goes through `input::read`
// (regular files, bounded); this one does too, before the index is built.
#[test]
fn export_since_read_devices_and_pipes() {
    let f = Fixture::default_corpus();
    f.index(&[]);
    let out_dir = f.dir.path().join("out");
    let out = f
        .cmd()
        .args(["export", "--to", "quickwit", "--since", "/dev/null", s(&out_dir)])
        .output()
        .unwrap();
    let line = one_line_error(&out, "--since /dev/null");
    assert!(
        line.contains("export state file /dev/null: not a regular file (a character device)"),
        "{line}"
    );
    let fifo = f.dir.path().join("state.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let mut cmd = f.cmd();
    cmd.args(["export", "--to", "quickwit", "--since", s(&fifo), s(&out_dir)]);
    let mut bg = Background::spawn(cmd);
    let (status, _) = bg.finish("export --since FIFO");
    assert_eq!(status.code(), Some(2));
    let line = bg.stderr_line("sagasu: error");
    assert!(line.contains("not a regular file (a named pipe)"), "{line}");
    assert!(!out_dir.exists(), "nothing is exported");
}

// Issue 24, item 7: `--format csv` and `--format markdown` wrote a file
// name's escape sequence (`esc<ESC>[31mRED.txt`) raw to the terminal (text,
// vimgrep and `--count` escaped it); a path, title or snippet starting
// with `=`, `+`, `-`, `@` ran as a formula in a spreadsheet; Markdown cells
// carried raw HTML (`<img src=x onerror=…>`). One rule now makes every
// cell terminal-safe; CSV neutralizes formulas, Markdown escapes HTML.
#[test]
fn csv_and_markdown_passed_control_characters_formulas_and_html() {
    let f = Fixture::empty();
    f.write("esc\x1b[31mRED.txt", "Red notes\nThe zqtable word in red.\n");
    f.write(
        "=cmd.txt",
        "=HYPERLINK(\"http://evil.example\",\"x\")\nzqtable formula\n",
    );
    f.write("html.txt", "Html notes\nzqtable <img src=x onerror=alert(1)> here\n");
    f.index(&[]);
    for every in [false, true] {
        for format in ["csv", "markdown"] {
            let mut args = vec!["search", "--format", format, "zqtable"];
            if every {
                args.insert(1, "--every");
            }
            let out = f.run(&args);
            let (stdout, stderr) = text(&out);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
            assert!(!stdout.contains('\x1b'), "{args:?}: {stdout:?}");
            // Shown escaped (in Markdown, its `\\` and `[` escaped again).
            let shown = if format == "csv" {
                "esc\\u{1b}[31mRED.txt"
            } else {
                "esc\\\\u{1b}\\[31mRED.txt"
            };
            assert!(stdout.contains(shown), "{args:?}: {stdout}");
            if format == "csv" {
                // No cell starts with a formula character.
                for line in stdout.lines().skip(1) {
                    for cell in line.split(',') {
                        let cell = cell.trim_start_matches('"');
                        assert!(!cell.starts_with(['=', '+', '-', '@']), "{args:?}: {cell} in {line}");
                    }
                }
                assert!(stdout.contains("'=cmd.txt"), "{args:?}: {stdout}");
            } else {
                assert!(
                    stdout.contains("&lt;img src=x onerror=alert(1)&gt;"),
                    "{args:?}: {stdout}"
                );
            }
        }
    }
}
