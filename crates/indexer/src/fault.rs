//! The fault-injection seam: makes every crash point of a pass reachable on
//! purpose, so that tests never depend on sleeping or on the machine's
//! speed.
//!
//! Compiled only in debug builds (`cfg(debug_assertions)`): users' release
//! binaries ignore the variable. The end-to-end tests run the debug binary
//! and set `SAGASU_FAULT` to a comma-separated list of:
//!
//! | directive | effect |
//! |---|---|
//! | `abort-after-files:N` | abort the process (as `kill -9` would: no cleanup) once N files were handed to the writer |
//! | `abort-at:POINT` | abort at a named point: `marker` (folder claimed, no index yet), `clearing` (an old index half deleted), `commit` (just before the final commit) |
//! | `enospc-after-bytes:N` | writes to the index fail with ENOSPC once N more bytes would be on disk (deleted files give their room back) |
//! | `wait-after-walk` | print `sagasu-fault: walked` on stderr after the walk and wait for a line on stdin |
//! | `peak-rss` | print `sagasu-fault: peak-rss-kb N` (the process's peak resident set) on stderr at the end of a pass |
//! | `stall-prefix:WORD` | the searcher's (`crates/searcher/src/fault.rs`): the prefix query `WORD*` waits until its search is cancelled |

#[cfg(debug_assertions)]
pub(crate) mod seam {
    use std::sync::OnceLock;

    /// The parsed `SAGASU_FAULT`.
    #[derive(Debug, Default)]
    pub(crate) struct Faults {
        pub abort_after_files: Option<u64>,
        pub abort_at: Vec<String>,
        pub enospc_after_bytes: Option<u64>,
        pub wait_after_walk: bool,
        pub peak_rss: bool,
    }

    pub(crate) fn faults() -> &'static Faults {
        static F: OnceLock<Faults> = OnceLock::new();
        F.get_or_init(|| parse(&std::env::var("SAGASU_FAULT").unwrap_or_default()))
    }

    pub(crate) fn parse(spec: &str) -> Faults {
        let mut f = Faults::default();
        for d in spec.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            let (name, arg) = d.split_once(':').unwrap_or((d, ""));
            let n = arg.parse::<u64>().ok();
            match name {
                "abort-after-files" => f.abort_after_files = n,
                "abort-at" => f.abort_at.push(arg.to_string()),
                "enospc-after-bytes" => f.enospc_after_bytes = n,
                "wait-after-walk" => f.wait_after_walk = true,
                "peak-rss" => f.peak_rss = true,
                // The searcher's own (crates/searcher/src/fault.rs).
                "stall-prefix" => {}
                _ => panic!("SAGASU_FAULT: unknown directive {d:?}"),
            }
        }
        f
    }
}

/// Aborts the process if `SAGASU_FAULT` names this crash point.
#[inline]
pub(crate) fn crash_point(_point: &str) {
    #[cfg(debug_assertions)]
    if seam::faults().abort_at.iter().any(|p| p == _point) {
        eprintln!("sagasu-fault: abort at {_point}");
        std::process::abort();
    }
}

/// Called after each file handed to the writer, with how many so far.
#[inline]
pub(crate) fn file_written(_count: u64) {
    #[cfg(debug_assertions)]
    if seam::faults().abort_after_files == Some(_count) {
        eprintln!("sagasu-fault: abort after {_count} files");
        std::process::abort();
    }
}

/// Called once the walk is done.
#[inline]
pub(crate) fn walked() {
    #[cfg(debug_assertions)]
    if seam::faults().wait_after_walk {
        eprintln!("sagasu-fault: walked");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}

/// Called at the end of a pass.
#[inline]
pub(crate) fn pass_done() {
    #[cfg(debug_assertions)]
    if seam::faults().peak_rss {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let kb = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0);
        eprintln!("sagasu-fault: peak-rss-kb {kb}");
    }
}

#[cfg(all(test, debug_assertions))]
mod tests {
    use super::seam::parse;

    #[test]
    fn directives_parse() {
        let f = parse("abort-after-files:40, abort-at:commit,enospc-after-bytes:1000,wait-after-walk,peak-rss");
        assert_eq!(f.abort_after_files, Some(40));
        assert_eq!(f.abort_at, ["commit"]);
        assert_eq!(f.enospc_after_bytes, Some(1000));
        assert!(f.wait_after_walk && f.peak_rss);
        assert!(parse("").abort_at.is_empty());
    }

    #[test]
    #[should_panic(expected = "unknown directive")]
    fn a_typo_is_not_ignored() {
        parse("abort-after-file:3");
    }
}
