//! What a pass does, decided without tantivy or file contents: [`plan`]
//! compares the walk with the [`Manifest`] of the last commit, and
//! [`Ledger`] turns what happened to each file into the report's counts,
//! the deletions and the next commit's payload.
//!
//! Both are pure: the pass (`pass.rs`) does the reading and writing.

use std::time::Duration;

use rustc_hash::FxHashSet;

use sagasu_store::{Payload, SkipMemo};

use crate::manifest::{Indexed, Manifest};
use crate::read::Stat;
use crate::report::{IndexReport, Skipped};
use crate::walk::Entry;
use sagasu_store::SkipReason;

/// What to do with one walked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// Same size and mtime as indexed: not opened.
    Keep,
    /// Skipped without being read: larger than the limit, or remembered
    /// as skipped for its content (or a helper's time limit) at this very
    /// size and mtime. (Boxed: a
    /// plan holds a step per file, and skips are rare.)
    Skip(Box<SkipReason>),
    /// Read it; index it unless its hash is the indexed one.
    Read,
}

/// One walked file and what to do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step<'m> {
    /// Its index in the walk's files.
    pub file: u32,
    /// What the index holds of it: its fingerprint, with the mtime of a
    /// later touch that left the content unchanged.
    pub indexed: Option<Indexed<'m>>,
    /// What to do.
    pub action: Action,
}

/// The decisions of a pass.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan<'m> {
    /// One step per walked file, in walk order.
    pub steps: Vec<Step<'m>>,
    /// Indexed files that left the corpus: their passages are deleted.
    pub gone: Vec<String>,
    /// Files the walk could not look at (a folder above them is
    /// unreadable): what the index knows of them is kept as it is.
    pub unseen: Vec<String>,
}

/// Decides what a pass does with each walked file (`files`, sorted by
/// key), given what the last commit knows (`manifest`). `unreadable` are the
/// keys of entries the walk could not look at (`""` for the corpus root):
/// indexed files below them are kept, not deleted. `helper_timeout` is this
/// pass's time limit: a file remembered as timed out under a lower one is
/// read again.
pub(crate) fn plan<'m>(
    files: &[Entry],
    unreadable: &[String],
    manifest: &'m Manifest,
    max_file_size: u64,
    helper_timeout: Duration,
) -> Plan<'m> {
    let mut plan = Plan {
        steps: Vec::with_capacity(files.len()),
        ..Plan::default()
    };
    let mut seen: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(files.len(), Default::default());
    // Indexed files and remembered skips the walk found: when they are all
    // of them, nothing is gone (the usual case) and the lookups below are
    // not needed.
    let (mut found, mut found_memos) = (0, 0);
    let memos = &manifest.payload.skipped;
    for (i, entry) in files.iter().enumerate() {
        seen.insert(&entry.key);
        let indexed = manifest.fingerprint(&entry.key);
        let memo = if memos.is_empty() { None } else { memos.get(&entry.key) };
        found += usize::from(indexed.is_some());
        found_memos += usize::from(memo.is_some());
        let action = if indexed
            .as_ref()
            .is_some_and(|fp| fp.stored.size == entry.size && fp.mtime == entry.mtime)
        {
            Action::Keep
        } else if let Some(memo) =
            memo.filter(|m| m.size == entry.size && m.mtime == entry.mtime && still_holds(&m.reason, helper_timeout))
        {
            Action::Skip(Box::new(memo.reason.clone()))
        } else if entry.size > max_file_size {
            Action::Skip(Box::new(SkipReason::TooLarge {
                size: entry.size,
                limit: max_file_size,
            }))
        } else {
            Action::Read
        };
        plan.steps.push(Step {
            file: i as u32,
            indexed,
            action,
        });
    }
    let below_unreadable = |key: &str| {
        unreadable.iter().any(|u| {
            u.is_empty() || key == u || (key.starts_with(u.as_str()) && key.as_bytes().get(u.len()) == Some(&b'/'))
        })
    };
    if found == manifest.files.len() && found_memos == memos.len() {
        return plan;
    }
    let skipped_only = memos.keys().filter(|k| !manifest.files.contains_key(*k));
    for key in manifest.files.keys().chain(skipped_only) {
        if seen.contains(key.as_str()) {
            continue;
        }
        if below_unreadable(key) {
            plan.unseen.push(key.clone());
        } else if manifest.files.contains_key(key) {
            plan.gone.push(key.clone());
        }
    }
    plan.gone.sort_unstable();
    plan.unseen.sort_unstable();
    plan
}

/// Whether a remembered reason holds under this pass's time limit: a
/// timeout under a lower limit than `helper_timeout` does not.
fn still_holds(reason: &SkipReason, helper_timeout: Duration) -> bool {
    match reason {
        SkipReason::HelperTimeout { seconds, .. } => helper_timeout.as_secs() <= *seconds,
        _ => true,
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Not re-indexed; `mtime` is the file's mtime, verified unchanged.
    Unchanged {
        /// The mtime of the version verified.
        mtime: i64,
    },
    /// Its passages were handed to the writer.
    Written,
    /// Not indexed.
    Skipped {
        /// Why.
        reason: SkipReason,
        /// The version of the file the reason holds for, when it is known.
        stat: Option<Stat>,
    },
}

/// The bookkeeping of a pass: counts, deletions and the next payload.
#[derive(Debug)]
pub(crate) struct Ledger<'a> {
    manifest: &'a Manifest,
    /// The payload of the next commit, so far.
    pub payload: Payload,
    /// The counts and skipped files.
    pub report: IndexReport,
    /// Whether the index changes (a file written or deleted).
    pub changed: bool,
    /// Keys whose entries of the old payload are decided (by a step), if
    /// checkpoints need them.
    decided: Option<FxHashSet<String>>,
}

impl<'a> Ledger<'a> {
    /// A ledger for a pass over an index that knows `manifest`; with
    /// `checkpoints`, it can give the payload of a commit mid-pass.
    pub fn new(manifest: &'a Manifest, checkpoints: bool) -> Ledger<'a> {
        Ledger {
            manifest,
            payload: Payload::current(),
            report: IndexReport::default(),
            changed: false,
            decided: checkpoints.then(FxHashSet::default),
        }
    }

    /// Records what happened to `entry`; returns whether its indexed
    /// passages are to be deleted.
    pub fn record(&mut self, entry: &Entry, step: &Step, outcome: Outcome) -> bool {
        let key = &entry.key;
        if let Some(decided) = &mut self.decided {
            decided.insert(key.clone());
        }
        let stored = step.indexed;
        match outcome {
            Outcome::Unchanged { mtime } => {
                self.report.unchanged += 1;
                if stored.is_some_and(|fp| fp.stored.mtime != mtime) {
                    self.payload.mtimes.insert(key.clone(), mtime);
                }
                false
            }
            Outcome::Written => {
                self.changed = true;
                if step.indexed.is_some() {
                    self.report.updated += 1;
                } else {
                    self.report.added += 1;
                }
                false
            }
            Outcome::Skipped { reason, stat } => {
                let delete = stored.is_some() && !reason.keeps_indexed_version();
                if delete {
                    self.report.removed += 1;
                    self.changed = true;
                } else if stored.is_some() {
                    // Kept as it was: keep what was known of it too.
                    self.keep(key);
                }
                if let Some(stat) = stat.filter(|_| reason.is_remembered()) {
                    let memo = SkipMemo {
                        size: stat.size,
                        mtime: stat.mtime,
                        reason: reason.clone(),
                    };
                    self.payload.skipped.insert(key.clone(), memo);
                }
                self.report.skipped.push(Skipped {
                    path: key.clone(),
                    reason,
                });
                delete
            }
        }
    }

    /// Records the files that left the corpus (deleted) and those the walk
    /// could not look at (kept).
    pub fn finish(&mut self, plan: &Plan) {
        self.report.removed += plan.gone.len() as u64;
        self.changed |= !plan.gone.is_empty();
        for key in &plan.unseen {
            self.keep(key);
        }
    }

    /// The payload of a checkpoint commit in the middle of the pass: what
    /// is decided so far, and the old entries of files not reached yet.
    pub fn checkpoint_payload(&self) -> Payload {
        let mut p = self.payload.clone();
        let old = &self.manifest.payload;
        let empty = FxHashSet::default();
        let decided = self.decided.as_ref().unwrap_or(&empty);
        for (k, v) in &old.mtimes {
            if !decided.contains(k) {
                p.mtimes.entry(k.clone()).or_insert(*v);
            }
        }
        for (k, v) in &old.skipped {
            if !decided.contains(k) {
                p.skipped.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        p
    }

    /// Carries what the old payload knew of `key` over to the new one.
    fn keep(&mut self, key: &str) {
        let old = &self.manifest.payload;
        if let Some(&m) = old.mtimes.get(key) {
            self.payload.mtimes.insert(key.to_string(), m);
        }
        if let Some(memo) = old.skipped.get(key) {
            self.payload.skipped.insert(key.to_string(), memo.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The default helper time limit.
    const T: Duration = Duration::from_secs(60);

    fn entry(key: &str, size: u64, mtime: i64) -> Entry {
        Entry {
            path: PathBuf::from(key),
            key: key.into(),
            size,
            mtime,
        }
    }

    fn fp(size: u64, mtime: i64, hash: &str) -> sagasu_store::Fingerprint {
        sagasu_store::Fingerprint {
            size,
            mtime,
            hash: hash.into(),
        }
    }

    fn manifest(files: &[(&str, sagasu_store::Fingerprint)]) -> Manifest {
        Manifest {
            files: files.iter().map(|(k, f)| (k.to_string(), f.clone())).collect(),
            payload: Payload::current(),
        }
    }

    fn actions(p: &Plan) -> Vec<Action> {
        p.steps.iter().map(|s| s.action.clone()).collect()
    }

    #[test]
    fn unchanged_files_are_kept_changed_and_new_ones_read() {
        let m = manifest(&[("a", fp(10, 1, "h")), ("b", fp(10, 1, "h")), ("c", fp(10, 1, "h"))]);
        let walk = [
            entry("a", 10, 1),
            entry("b", 10, 2),
            entry("c", 11, 1),
            entry("d", 5, 1),
        ];
        let p = plan(&walk, &[], &m, 100, T);
        assert_eq!(actions(&p), [Action::Keep, Action::Read, Action::Read, Action::Read]);
        assert_eq!(p.steps[3].indexed, None);
        assert!(p.gone.is_empty() && p.unseen.is_empty());
    }

    #[test]
    fn a_touch_verified_unchanged_is_not_read_again() {
        let mut m = manifest(&[("a", fp(10, 1, "h"))]);
        m.payload.mtimes.insert("a".into(), 7);
        let p = plan(&[entry("a", 10, 7)], &[], &m, 100, T);
        assert_eq!(actions(&p), [Action::Keep]);
        let step = p.steps[0].indexed.unwrap();
        assert_eq!((step.mtime, step.stored), (7, &fp(10, 1, "h")));
    }

    #[test]
    fn content_skips_are_remembered_until_the_file_changes() {
        let mut m = manifest(&[]);
        let binary = SkipReason::Binary { format: "PDF".into() };
        m.payload.skipped.insert(
            "x.pdf".into(),
            SkipMemo {
                size: 3,
                mtime: 9,
                reason: binary.clone(),
            },
        );
        let p = plan(&[entry("x.pdf", 3, 9)], &[], &m, 100, T);
        assert_eq!(actions(&p), [Action::Skip(Box::new(binary))]);
        let p = plan(&[entry("x.pdf", 3, 10)], &[], &m, 100, T);
        assert_eq!(actions(&p), [Action::Read]);
    }

    // Issue 24, item 12: a PDF whose helper timed out was read again on
    // every pass, each costing the whole time limit.
    #[test]
    fn a_helper_timeout_is_remembered_until_the_file_changes_or_the_limit_rises() {
        let mut m = manifest(&[]);
        let timeout = SkipReason::HelperTimeout {
            helper: "pdftotext".into(),
            seconds: 60,
        };
        let memo = SkipMemo {
            size: 3,
            mtime: 9,
            reason: timeout.clone(),
        };
        m.payload.skipped.insert("x.pdf".into(), memo);
        let p = plan(&[entry("x.pdf", 3, 9)], &[], &m, 100, T);
        assert_eq!(actions(&p), [Action::Skip(Box::new(timeout.clone()))]);
        let p = plan(&[entry("x.pdf", 3, 9)], &[], &m, 100, Duration::from_secs(30));
        assert_eq!(actions(&p), [Action::Skip(Box::new(timeout))]);
        let p = plan(&[entry("x.pdf", 3, 9)], &[], &m, 100, Duration::from_secs(61));
        assert_eq!(actions(&p), [Action::Read]);
        let p = plan(&[entry("x.pdf", 3, 10)], &[], &m, 100, T);
        assert_eq!(actions(&p), [Action::Read]);
    }

    #[test]
    fn too_large_files_are_not_read() {
        let m = manifest(&[]);
        let p = plan(&[entry("big", 101, 1)], &[], &m, 100, T);
        assert_eq!(
            actions(&p),
            [Action::Skip(Box::new(SkipReason::TooLarge { size: 101, limit: 100 }))]
        );
    }

    #[test]
    fn gone_files_are_deleted_unless_the_walk_could_not_look() {
        let m = manifest(&[
            ("gone.txt", fp(1, 1, "h")),
            ("locked/a.txt", fp(1, 1, "h")),
            ("locked2.txt", fp(1, 1, "h")),
        ]);
        let p = plan(&[], &["locked".into()], &m, 100, T);
        assert_eq!(p.gone, ["gone.txt", "locked2.txt"]);
        assert_eq!(p.unseen, ["locked/a.txt"]);
        // An unreadable corpus root keeps everything.
        let p = plan(&[], &[String::new()], &m, 100, T);
        assert!(p.gone.is_empty());
        assert_eq!(p.unseen.len(), 3);
    }

    #[test]
    fn the_ledger_counts_deletes_and_remembers() {
        let mut m = manifest(&[("a", fp(1, 1, "h")), ("b", fp(1, 1, "h")), ("c", fp(1, 1, "h"))]);
        m.payload.mtimes.insert("c".into(), 5);
        let walk = [entry("a", 1, 2), entry("b", 2, 2), entry("c", 2, 2), entry("d", 1, 1)];
        let p = plan(&walk, &[], &m, 100, T);
        let mut l = Ledger::new(&m, true);
        let stat = Some(Stat { size: 2, mtime: 2 });
        // a: touched, same hash.
        assert!(!l.record(&walk[0], &p.steps[0], Outcome::Unchanged { mtime: 2 }));
        // b: became binary: its passages go, the reason is remembered.
        let binary = SkipReason::Binary { format: "PDF".into() };
        assert!(l.record(
            &walk[1],
            &p.steps[1],
            Outcome::Skipped {
                reason: binary.clone(),
                stat
            }
        ));
        // c: could not be read this time: kept, with its touched mtime.
        assert!(!l.record(
            &walk[2],
            &p.steps[2],
            Outcome::Skipped {
                reason: SkipReason::Changed,
                stat: None
            }
        ));
        // d: new.
        assert!(!l.record(&walk[3], &p.steps[3], Outcome::Written));
        l.finish(&p);
        let r = &l.report;
        assert_eq!(
            (r.added, r.updated, r.removed, r.unchanged, r.skipped.len()),
            (1, 0, 1, 1, 2)
        );
        assert!(l.changed);
        assert_eq!(l.payload.mtimes.get("a"), Some(&2));
        assert_eq!(l.payload.mtimes.get("c"), Some(&5));
        assert_eq!(l.payload.skipped["b"].reason, binary);
    }

    #[test]
    fn a_checkpoint_keeps_what_is_not_reached_yet() {
        let mut m = manifest(&[("a", fp(1, 1, "h")), ("z", fp(1, 1, "h"))]);
        m.payload.mtimes.insert("z".into(), 4);
        let walk = [entry("a", 1, 1), entry("z", 1, 4)];
        let p = plan(&walk, &[], &m, 100, T);
        let mut l = Ledger::new(&m, true);
        l.record(&walk[0], &p.steps[0], Outcome::Unchanged { mtime: 1 });
        assert_eq!(l.checkpoint_payload().mtimes.get("z"), Some(&4));
        assert!(!l.payload.mtimes.contains_key("z"));
    }
}
