//! Running an external helper program (pdftotext) on one file: with a time
//! limit and bounded output, killed when it exceeds either.
//!
//! The helper runs in a process group of its own, and the whole group is
//! killed: a helper that is a script whose child holds the output pipe open
//! (`sleep`, a pipeline) would otherwise keep the read waiting after the
//! script itself was killed.
//!
//! Trap: a group of its own also means that Ctrl-C on a terminal does not
//! reach the helper. The groups of the helpers running are kept in a
//! registry, and [`stop_helpers`] kills them all and lets no new one
//! start: the binary calls it when it is interrupted. A helper of a sagasu
//! killed by a signal it cannot catch goes on until it writes to its
//! closed output pipe and dies of it (stopping it with the parent needs
//! `prctl(PR_SET_PDEATHSIG)` between fork and exec, which takes `unsafe`
//! code this crate does not have).

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{mpsc, Mutex, MutexGuard};
use std::time::Duration;

/// What a helper printed, once it has exited by itself.
#[derive(Debug)]
pub(crate) struct Finished {
    /// Its standard output (at most the limit asked for).
    pub stdout: Vec<u8>,
    /// The first kilobytes of its standard error, lossily decoded.
    pub stderr: String,
    /// How it exited.
    pub status: ExitStatus,
}

/// Why a helper gave no usable output.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The program could not be started (missing, not executable).
    NotStarted(std::io::Error),
    /// It ran longer than the time limit and was killed.
    TimedOut,
    /// It printed more than the output limit and was killed.
    TooMuchOutput,
    /// Reading its output failed.
    Io(std::io::Error),
    /// sagasu is stopping ([`stop_helpers`]): it was killed, or not started.
    Stopped,
}

/// The helpers running: their process groups (each helper's pid), none of
/// them reaped yet, so that no id in it can have been reused.
struct Running {
    groups: Vec<u32>,
    /// [`stop_helpers`] was called: no helper starts any more.
    stopping: bool,
}

static RUNNING: Mutex<Running> = Mutex::new(Running {
    groups: Vec::new(),
    stopping: false,
});

fn running() -> MutexGuard<'static, Running> {
    RUNNING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Kills every helper running (each with its process group) and lets no
/// new one start: what the binary does when it is interrupted (Ctrl-C),
/// since the helpers' own process groups do not get the terminal's signal.
/// A pass under way then fails its files with [`Failure::Stopped`]; the
/// caller is expected to exit.
pub fn stop_helpers() {
    let mut running = running();
    running.stopping = true;
    for &group in &running.groups {
        kill_group(group);
    }
}

/// How much of the helper's standard error is kept (the rest is read and
/// dropped, so that the helper never blocks on a full pipe).
const STDERR_KEPT: usize = 4096;

/// Runs `program ARGS…` with `input` on its standard input; kills it (and
/// its process group) if it runs longer than `timeout` or prints more than
/// `max_output` bytes.
pub(crate) fn run(
    program: &Path,
    args: &[&OsStr],
    input: &[u8],
    timeout: Duration,
    max_output: u64,
) -> Result<Finished, Failure> {
    run_with_env(program, args, &[], input, timeout, max_output)
}

/// [`run`], with `env` added to the helper's environment.
pub(crate) fn run_with_env(
    program: &Path,
    args: &[&OsStr],
    env: &[(&str, &str)],
    input: &[u8],
    timeout: Duration,
    max_output: u64,
) -> Result<Finished, Failure> {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = {
        let mut running = running();
        if running.stopping {
            return Err(Failure::Stopped);
        }
        let child = cmd.spawn().map_err(Failure::NotStarted)?;
        running.groups.push(child.id());
        child
    };
    // The watchdog runs until the helper is reaped: one that closed its
    // output and goes on is killed too.
    let watchdog = Watchdog::start(child.id(), timeout);
    let (out, read, stderr) = talk(&mut child, input, max_output);
    let status = reap(&mut child);
    let timed_out = watchdog.stop();
    let stopped = running().stopping;
    if stopped {
        return Err(Failure::Stopped);
    }
    if timed_out {
        return Err(Failure::TimedOut);
    }
    if out.len() as u64 > max_output {
        return Err(Failure::TooMuchOutput);
    }
    read.map_err(Failure::Io)?;
    Ok(Finished {
        stdout: out,
        stderr,
        status: status.map_err(Failure::Io)?,
    })
}

/// What [`talk`] got: standard output, how reading it ended, standard
/// error.
type Talk = (Vec<u8>, std::io::Result<usize>, String);

/// Feeds `input` to the helper and reads its output (killing it when it
/// prints more than `max_output` bytes).
fn talk(child: &mut Child, input: &[u8], max_output: u64) -> Talk {
    let (Some(stdin), Some(mut stdout), Some(stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        kill(child);
        let none = Err(std::io::Error::other("no pipe to the helper"));
        return (Vec::new(), none, String::new());
    };
    std::thread::scope(|scope| {
        // A helper that stops reading (it failed, or was killed) makes the
        // write fail with a broken pipe: nothing to report.
        scope.spawn(move || {
            let mut stdin = stdin;
            let _ = stdin.write_all(input);
        });
        let errors = scope.spawn(move || read_bounded_text(stderr));
        let mut out = Vec::new();
        let read = (&mut stdout).take(max_output + 1).read_to_end(&mut out);
        if out.len() as u64 > max_output {
            kill(child);
        }
        drop(stdout);
        (out, read, errors.join().unwrap_or_default())
    })
}

/// Waits for the helper to exit and reaps it, taking its group out of the
/// registry in between: while it is listed, its id cannot have been
/// reused, so [`stop_helpers`] never kills a stranger.
fn reap(child: &mut Child) -> std::io::Result<ExitStatus> {
    #[cfg(target_os = "linux")]
    {
        use nix::sys::wait::{waitid, Id, WaitPidFlag};
        if let Ok(pid) = i32::try_from(child.id()) {
            // Exited, but not reaped (WNOWAIT): the id stays its own.
            let pid = nix::unistd::Pid::from_raw(pid);
            while let Err(nix::errno::Errno::EINTR) = waitid(Id::Pid(pid), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT)
            {
            }
        }
    }
    let id = child.id();
    running().groups.retain(|&g| g != id);
    child.wait()
}

/// The reason of a file whose helper was stopped by [`stop_helpers`].
pub(crate) fn stopped(helper: &str) -> sagasu_store::SkipReason {
    sagasu_store::SkipReason::HelperFailed {
        helper: helper.to_string(),
        error: "stopped (sagasu was interrupted)".into(),
    }
}

/// The first line a helper prints for `arg` (on stdout or stderr: poppler
/// prints its version on stderr), e.g. `pdftotext version 22.12.0`.
pub(crate) fn version(program: &Path, arg: &str) -> Option<String> {
    let out = run(program, &[OsStr::new(arg)], b"", Duration::from_secs(10), 64 * 1024).ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &out.stderr;
    text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_string)
}

/// Reads a pipe to its end, keeping the first [`STDERR_KEPT`] bytes.
fn read_bounded_text(mut pipe: impl Read) -> String {
    let mut kept = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = STDERR_KEPT.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}

/// Kills the helper's process group, then the helper itself.
fn kill(child: &mut Child) {
    // Trap: the group is the helper's only while the helper is not reaped;
    // `wait` comes after every kill.
    kill_group(child.id());
    let _ = child.kill();
}

/// Kills the group of `pid` if that helper is still listed as running
/// (not reaped: its id is still its own).
fn kill_listed(pid: u32) {
    let running = running();
    if running.groups.contains(&pid) {
        kill_group(pid);
    }
}

fn kill_group(pid: u32) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(pid) {
        // The group this process created and has not reaped yet (so its id
        // cannot have been reused). A group already gone is no error.
        let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL);
    }
    #[cfg(not(unix))]
    let _ = pid;
}

/// Kills a helper's process group once its time is up, unless stopped
/// before.
struct Watchdog {
    stop: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<bool>,
}

impl Watchdog {
    fn start(pid: u32, timeout: Duration) -> Watchdog {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || match stopped.recv_timeout(timeout) {
            Err(mpsc::RecvTimeoutError::Timeout) => {
                kill_listed(pid);
                true
            }
            _ => false,
        });
        Watchdog { stop, thread }
    }

    /// Stops the watchdog; returns whether it had killed the helper.
    fn stop(self) -> bool {
        let _ = self.stop.send(());
        self.thread.join().unwrap_or(false)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str, timeout: Duration, max: u64) -> Result<Finished, Failure> {
        run(
            Path::new("/bin/sh"),
            &[OsStr::new("-c"), OsStr::new(script)],
            b"input bytes\n",
            timeout,
            max,
        )
    }

    #[test]
    fn output_and_status_are_returned() {
        let out = sh("cat; echo hello; echo oops >&2; exit 3", Duration::from_secs(10), 100).unwrap();
        assert_eq!(out.stdout, b"input bytes\nhello\n");
        assert_eq!(out.stderr, "oops\n");
        assert_eq!(out.status.code(), Some(3));
    }

    /// The script's child (`sleep`) holds the pipe: the whole group dies.
    #[test]
    fn a_helper_that_hangs_is_killed_with_its_children() {
        let started = std::time::Instant::now();
        let r = sh("echo partial; sleep 600; echo never", Duration::from_millis(300), 100);
        assert!(matches!(r, Err(Failure::TimedOut)), "{r:?}");
        assert!(started.elapsed() < Duration::from_secs(60));
    }

    /// A helper that closes its output and goes on is stopped by its
    /// time limit too, not waited for.
    #[test]
    fn a_helper_that_closes_its_output_and_hangs_is_killed() {
        let r = sh("exec >&- 2>&-; sleep 600", Duration::from_millis(300), 100);
        assert!(matches!(r, Err(Failure::TimedOut)), "{r:?}");
    }

    #[test]
    fn a_helper_that_prints_too_much_is_killed() {
        let r = sh("yes sagasu", Duration::from_secs(60), 1 << 20);
        assert!(matches!(r, Err(Failure::TooMuchOutput)), "{r:?}");
    }

    #[test]
    fn a_missing_helper_is_not_started() {
        let r = run(
            Path::new("/nonexistent/pdftotext"),
            &[],
            b"",
            Duration::from_secs(1),
            10,
        );
        match r {
            Err(Failure::NotStarted(e)) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn stderr_is_bounded() {
        let out = sh("head -c 100000 /dev/zero | tr '\\0' x >&2", Duration::from_secs(30), 10).unwrap();
        assert_eq!(out.stderr.len(), STDERR_KEPT);
    }
}
