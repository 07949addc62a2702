//! The commit payload: what each sagasu commit records besides the
//! passages (its analyzer version, whether the first build finished, the
//! files verified or skipped without passages to carry their fingerprint).
//!
//! Trap: the payload is a saved format. A payload of the current version
//! that fails to parse reads as another version, and the next pass
//! rebuilds the whole index: a change to [`Payload`] or to
//! [`SkipReason`]'s serde form must keep reading what older commits of the
//! same version wrote (`tests/payload.rs` pins one).

use std::collections::BTreeMap;

use sagasu_analysis::ANALYZER_VERSION;
use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::skip::SkipReason;

/// The commit payload: it marks a commit as sagasu's, records the analyzer
/// version and whether the index is complete, and completes the
/// fingerprints stored with the passages.
///
/// - A file that was touched (new mtime) but whose content hash did not
///   change is not re-indexed, so the mtime stored with its passages goes
///   stale; its verified mtime is kept here instead, so that the next pass
///   does not read it again.
/// - A file skipped for its content (binary, empty) has no passages to carry
///   its fingerprint; it is kept here, so that the next pass skips it again
///   without reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    /// Analyzer and schema version ([`ANALYZER_VERSION`]).
    pub sagasu_version: serde_json::Value,
    /// The first build has not finished: the index holds part of the
    /// corpus. (Absent in a complete index.)
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub incomplete: bool,
    /// Path → mtime (ns) of files verified unchanged by hash since they were
    /// indexed with another mtime.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mtimes: BTreeMap<String, i64>,
    /// Path → fingerprint and reason of files skipped for their content.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<String, SkipMemo>,
}

impl Default for Payload {
    fn default() -> Payload {
        Payload::current()
    }
}

/// A file skipped for its content, as it was when it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipMemo {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, ns since the epoch.
    pub mtime: i64,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// What the last commit of an index says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Commit {
    /// Created, never committed to by sagasu (no payload, no segment).
    None,
    /// A commit by this version.
    Current(Payload),
    /// A commit by another analyzer version (its version, as written).
    Other(String),
    /// A commit by this version whose payload does not read (a change of
    /// its format without a version bump): why.
    Unreadable(String),
    /// A commit by someone else (a payload that is not sagasu's), or
    /// documents without a payload.
    Foreign,
}

impl Payload {
    /// An empty payload of this version, of a complete index.
    pub fn current() -> Payload {
        Payload {
            sagasu_version: ANALYZER_VERSION.into(),
            incomplete: false,
            mtimes: BTreeMap::new(),
            skipped: BTreeMap::new(),
        }
    }

    /// This payload, marked as the payload of an unfinished first build.
    pub fn incomplete(mut self) -> Payload {
        self.incomplete = true;
        self
    }

    /// What the last commit of `index` says.
    pub fn of(index: &Index) -> tantivy::Result<Commit> {
        let metas = index.load_metas()?;
        Ok(match metas.payload {
            None if metas.segments.is_empty() => Commit::None,
            None => Commit::Foreign,
            Some(text) => Payload::parse(&text),
        })
    }

    /// Reads a payload: sagasu's of this version, of another, or not ours.
    pub fn parse(text: &str) -> Commit {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
            return Commit::Foreign;
        };
        let version = value["sagasu_version"].clone();
        if version.is_null() {
            return Commit::Foreign;
        }
        if version.as_u64() != Some(u64::from(ANALYZER_VERSION)) {
            return Commit::Other(version.to_string());
        }
        match serde_json::from_value(value) {
            Ok(p) => Commit::Current(p),
            Err(e) => Commit::Unreadable(e.to_string()),
        }
    }

    /// Whether `text` is a payload sagasu wrote (any version).
    pub fn is_sagasus(text: &str) -> bool {
        !matches!(Payload::parse(text), Commit::Foreign)
    }

    /// The payload as the commit stores it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trip_and_version() {
        let mut p = Payload::current();
        p.mtimes.insert("a.txt".to_string(), 42);
        p.skipped.insert(
            "b.pdf".to_string(),
            SkipMemo {
                size: 3,
                mtime: 7,
                reason: SkipReason::Binary { format: "PDF".into() },
            },
        );
        assert_eq!(Payload::parse(&p.to_json()), Commit::Current(p.clone()));
        // The payload of a complete index without touched files is the bare version.
        assert_eq!(
            Payload::current().to_json(),
            format!("{{\"sagasu_version\":{ANALYZER_VERSION}}}")
        );
        assert_eq!(
            Payload::current().incomplete().to_json(),
            format!("{{\"sagasu_version\":{ANALYZER_VERSION},\"incomplete\":true}}")
        );
        // Another version is recognised even if the rest has changed shape.
        assert_eq!(
            Payload::parse("{\"sagasu_version\":1,\"skipped\":{\"x\":{\"reason\":\"empty\"}}}"),
            Commit::Other("1".into())
        );
        assert_eq!(Payload::parse("{\"app\":\"other\"}"), Commit::Foreign);
        // This version, but a shape it cannot read: said so, not "another version".
        let broken =
            format!("{{\"sagasu_version\":{ANALYZER_VERSION},\"skipped\":{{\"x\":{{\"reason\":\"empty\"}}}}}}");
        assert!(matches!(Payload::parse(&broken), Commit::Unreadable(_)));
        assert_eq!(Payload::parse("not json"), Commit::Foreign);
        assert!(Payload::is_sagasus("{\"sagasu_version\":0}"));
    }
}
