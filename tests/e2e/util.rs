//! Helpers for the end-to-end tests of the `sagasu` binary: locate the
//! built binary, copy the default corpus to a temporary folder (with
//! sagasu_testkit), run commands, read their JSON, and follow a process in
//! the background.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

use sagasu_testkit::TempCorpus;

/// The workspace root.
pub fn root() -> PathBuf {
    // These tests are the `e2e` test target of crates/cli.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `sagasu` binary of this build: Cargo builds it before the tests
/// and names it here, so a stale binary is never tested.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_sagasu"))
}

/// A temporary corpus (sagasu_testkit's [`TempCorpus`]: `corpus/`,
/// `index/`, `write`, `aside`) with the commands that run `sagasu` on it.
pub struct Fixture(TempCorpus);

impl std::ops::Deref for Fixture {
    type Target = TempCorpus;
    fn deref(&self) -> &TempCorpus {
        &self.0
    }
}

impl Fixture {
    /// A copy of the default corpus (including its alias file).
    pub fn default_corpus() -> Fixture {
        Fixture(TempCorpus::copy_of(&root().join("corpus")))
    }

    /// An empty corpus folder.
    pub fn empty() -> Fixture {
        Fixture(TempCorpus::empty())
    }

    /// A `sagasu` command with `--corpus` and `--index` pointing here.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(bin());
        c.env_remove("SAGASU_INDEX")
            .env_remove("SAGASU_CORPUS")
            .env("NO_COLOR", "1");
        c.arg("--corpus").arg(&self.corpus).arg("--index").arg(&self.index);
        c
    }

    /// Runs `sagasu ARGS…`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run sagasu")
    }

    /// Runs `sagasu search --json ARGS…` and parses the output; returns the
    /// JSON and the exit code.
    pub fn search_json(&self, args: &[&str]) -> (serde_json::Value, i32) {
        let out = self
            .cmd()
            .arg("search")
            .arg("--json")
            .args(args)
            .output()
            .expect("run sagasu");
        let code = out.status.code().unwrap_or(-1);
        let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "search {args:?} printed no JSON ({e}); exit {code}\nstdout: {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (json, code)
    }

    /// Paths of the documents a JSON search returned, best first.
    pub fn paths(&self, args: &[&str]) -> Vec<String> {
        let (json, _) = self.search_json(args);
        paths(&json)
    }

    /// Builds the index, asserting success; returns the `--json` report.
    pub fn index(&self, extra: &[&str]) -> serde_json::Value {
        let out = self
            .cmd()
            .args(["index", "--json"])
            .args(extra)
            .output()
            .expect("run sagasu index");
        assert!(
            out.status.success(),
            "sagasu index failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("index --json output")
    }
}

/// One indexed copy of the default corpus, shared by the read-only tests of
/// a test binary (indexing it once per test would dominate their time).
pub fn shared_corpus() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let f = Fixture::default_corpus();
        f.index(&[]);
        f
    })
}

/// `json[key]` as an array. A missing key (or another type) fails the
/// test, naming the key and the JSON: a helper that read a missing list as
/// empty made every negative check (`found("soul")` is empty) pass when
/// the JSON's shape changed (issue 24).
pub fn array<'a>(json: &'a serde_json::Value, key: &str) -> &'a [serde_json::Value] {
    json[key]
        .as_array()
        .unwrap_or_else(|| panic!("no array `{key}` in {json}"))
}

/// `json[key]` as a string; a missing key fails the test (see [`array`]).
pub fn string<'a>(json: &'a serde_json::Value, key: &str) -> &'a str {
    json[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string `{key}` in {json}"))
}

/// `json[key]` as a number; a missing key fails the test (see [`array`]).
pub fn number(json: &serde_json::Value, key: &str) -> u64 {
    json[key]
        .as_u64()
        .unwrap_or_else(|| panic!("no number `{key}` in {json}"))
}

/// Paths of the results of a JSON search output.
pub fn paths(json: &serde_json::Value) -> Vec<String> {
    array(json, "results")
        .iter()
        .map(|r| string(r, "path").to_string())
        .collect()
}

/// The highlighted words of every snippet of a JSON search output.
pub fn highlighted(json: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for r in array(json, "results") {
        for p in array(r, "passages") {
            let snippet = string(p, "snippet");
            for h in array(p, "highlights") {
                let range = |i: usize| h[i].as_u64().unwrap_or_else(|| panic!("highlight {h} in {p}")) as usize;
                out.push(snippet.get(range(0)..range(1)).unwrap_or("<bad range>").to_string());
            }
        }
    }
    out
}

/// The peak resident memory, in KB, that the debug build's `peak-rss` seam
/// (`SAGASU_FAULT=peak-rss`) printed on stderr.
pub fn peak_rss_kb(stderr: &str) -> u64 {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("sagasu-fault: peak-rss-kb "))
        .unwrap_or_else(|| panic!("no peak RSS reported: {stderr}"))
        .trim()
        .parse()
        .expect("peak-rss-kb is a number")
}

/// Text of stdout and stderr of an output.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// How long a test waits for output it expects from a background process:
/// generous, because the machine may be busy; a test never waits this long
/// unless it is failing.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A `sagasu` process in the background whose stdout and stderr are read
/// line by line on threads; killed when dropped, even on a failed assertion.
/// Tests wait for the lines they expect, never for a fixed time.
pub struct Background {
    child: Child,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
    /// Every stderr line seen so far, for failure messages.
    pub stderr_seen: Vec<String>,
}

fn read_lines(pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    rx
}

impl Background {
    /// Starts `cmd` with its output captured.
    pub fn spawn(mut cmd: Command) -> Background {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn sagasu");
        let stdout = read_lines(child.stdout.take().expect("stdout"));
        let stderr = read_lines(child.stderr.take().expect("stderr"));
        Background {
            child,
            stdout,
            stderr,
            stderr_seen: Vec::new(),
        }
    }

    /// The next stdout line, parsed as JSON; `what` names the event awaited.
    pub fn next_json(&mut self, what: &str) -> serde_json::Value {
        let line = match self.stdout.recv_timeout(PATIENCE) {
            Ok(line) => line,
            Err(_) => {
                self.drain_stderr();
                panic!(
                    "no output line after {what} within {PATIENCE:?}; stderr so far:\n{}",
                    self.stderr_seen.join("\n")
                )
            }
        };
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("after {what}: {e}: {line}"))
    }

    /// Waits for a stderr line containing `needle` and returns it.
    pub fn stderr_line(&mut self, needle: &str) -> String {
        loop {
            match self.stderr.recv_timeout(PATIENCE) {
                Ok(line) => {
                    self.stderr_seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no stderr line with {needle:?} within {PATIENCE:?}; stderr so far:\n{}",
                    self.stderr_seen.join("\n")
                ),
            }
        }
    }

    fn drain_stderr(&mut self) {
        while let Ok(line) = self.stderr.try_recv() {
            self.stderr_seen.push(line);
        }
    }

    /// The process's stdin, if `cmd` asked for a pipe (`Stdio::piped()`).
    pub fn take_stdin(&mut self) -> std::process::ChildStdin {
        self.child.stdin.take().expect("spawned without Stdio::piped() stdin")
    }

    /// Waits for the process to close its stdout (as it does when it ends)
    /// and then for its exit; returns the status and every stdout line not
    /// read yet. `what` names the process in the failure message.
    pub fn finish(&mut self, what: &str) -> (std::process::ExitStatus, String) {
        let mut stdout = String::new();
        loop {
            match self.stdout.recv_timeout(PATIENCE) {
                Ok(line) => {
                    stdout.push_str(&line);
                    stdout.push('\n');
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    self.drain_stderr();
                    panic!(
                        "{what}: still running after {PATIENCE:?}; stderr so far:\n{}",
                        self.stderr_seen.join("\n")
                    )
                }
            }
        }
        (self.child.wait().expect("wait"), stdout)
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// issue 24, contracts: the helpers read a missing key as an empty list,
    /// so a negative check could not fail when the JSON's shape changed.
    #[test]
    #[should_panic(expected = "no array `results`")]
    fn a_missing_results_key_fails_the_paths_helper() {
        paths(&serde_json::json!({"documents": []}));
    }

    #[test]
    #[should_panic(expected = "no array `highlights`")]
    fn a_missing_highlights_key_fails_the_highlight_helper() {
        highlighted(&serde_json::json!({"results": [{"path": "a", "passages": [{"snippet": "x"}]}]}));
    }

    #[test]
    fn present_keys_are_read() {
        let json = serde_json::json!({"results": [{"path": "a.txt", "passages": [{"snippet": "hello world", "highlights": [[0, 5]]}]}]});
        assert_eq!(paths(&json), ["a.txt"]);
        assert_eq!(highlighted(&json), ["hello"]);
        assert_eq!(paths(&serde_json::json!({"results": []})), Vec::<String>::new());
    }
}
