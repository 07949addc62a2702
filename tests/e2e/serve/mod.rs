//! `sagasu serve` over real HTTP: the built binary listens on a free port
//! (`--port 0`, the URL read from its first line of output) and the tests
//! talk to it with the raw client of `http.rs`.

mod api;
mod browser;
mod follow;
mod fonts;
mod live;
mod load;
mod security;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Stdio};

use crate::util::Fixture;

/// A running `sagasu serve`, killed when dropped.
pub struct Served {
    pub child: Child,
    pub addr: SocketAddr,
    /// Where its stderr goes.
    pub log: PathBuf,
}

impl Served {
    /// `sagasu serve --port 0 EXTRA…` on the fixture; waits for its URL.
    pub fn start(f: &Fixture, extra: &[&str]) -> Served {
        Served::start_with(f, extra, &[])
    }

    /// The same with environment variables set.
    pub fn start_with(f: &Fixture, extra: &[&str], env: &[(&str, &str)]) -> Served {
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let log = f.dir.path().join(format!("serve-{n}.log"));
        let mut child = f
            .cmd()
            .args(["serve", "--port", "0"])
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("spawn sagasu serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the URL");
        let addr = line
            .trim()
            .strip_prefix("http://")
            .and_then(|s| s.strip_suffix('/'))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!(
                    "sagasu serve printed {line:?}, not its URL; stderr:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                )
            });
        Served { child, addr, log }
    }

    /// What it printed on stderr so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Its resident memory now and at its peak, in kB (`/proc`).
    pub fn memory_kb(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("/proc status");
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or_else(|| panic!("no {name} in /proc status"))
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// Sends SIGINT (Ctrl-C) and waits for it to exit.
    pub fn interrupt(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("kill");
        assert!(sent.success());
        self.child.wait().expect("wait for sagasu serve")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The JSON of `sagasu search --json ARGS…`, as bytes.
pub fn cli_json(f: &Fixture, args: &[&str]) -> Vec<u8> {
    let out = f
        .cmd()
        .arg("search")
        .arg("--json")
        .args(args)
        .output()
        .expect("run sagasu search");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "search {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
