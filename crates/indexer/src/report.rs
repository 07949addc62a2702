//! The summary of an indexing run.

use serde::Serialize;

/// A file that was not indexed, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    /// Path relative to the corpus (escaped if not UTF-8).
    pub path: String,
    /// Why it was skipped (`binary`, `empty`, an OS error, ...).
    pub reason: String,
}

/// What one `sagasu index` run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Files indexed for the first time.
    pub added: u64,
    /// Files re-indexed because their content changed.
    pub updated: u64,
    /// Files deleted from the index because they left the corpus.
    pub removed: u64,
    /// Files left as they were (not opened when size and mtime matched).
    pub unchanged: u64,
    /// Files not indexed, with the reason.
    pub skipped: Vec<Skipped>,
    /// Documents in the index after the run.
    pub documents: u64,
    /// Passages in the index after the run.
    pub passages: u64,
    /// Wall time of the run in milliseconds.
    pub elapsed_ms: u64,
    /// Bytes read from files in this run.
    pub bytes_read: u64,
    /// Files decoded from an encoding other than UTF-8: `path: encoding`.
    pub encodings: Vec<String>,
    /// Why the whole index was rebuilt, if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rebuilt: Option<String>,
}

impl IndexReport {
    /// Files the run wrote or deleted.
    pub fn changed(&self) -> u64 {
        self.added + self.updated + self.removed
    }

    /// One-line human summary.
    pub fn summary(&self) -> String {
        format!(
            "indexed {} documents ({} passages) in {:.2}s: {} added, {} updated, {} removed, {} unchanged, {} skipped; {} read",
            self.documents,
            self.passages,
            self.elapsed_ms as f64 / 1000.0,
            self.added,
            self.updated,
            self.removed,
            self.unchanged,
            self.skipped.len(),
            human_bytes(self.bytes_read),
        )
    }
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
