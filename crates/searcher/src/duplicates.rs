//! Files whose bytes are the same under several names ([`Duplicates`],
//! grouped by the content hash of the index's fingerprints): ranked search
//! shows each group once, under its first path, naming the others
//! ([`Copies`], of one snapshot: read from what the last indexing pass
//! stored, `sagasu_store::DuplicateFiles`).

use std::collections::HashMap;
use std::path::Path;

use sagasu_store::{DuplicateFiles, Fingerprint};

use crate::collector::Exclusions;
use crate::query::{AnalyzedQuery, FieldSel};

/// Files with the same bytes under several names, grouped.
#[derive(Debug, Clone, Default)]
pub struct Duplicates {
    /// Each group's paths, sorted; groups sorted by their first path.
    pub groups: Vec<Vec<String>>,
    /// Each path of a group: the group's index.
    group_of: HashMap<String, usize>,
}

impl PartialEq for Duplicates {
    fn eq(&self, other: &Self) -> bool {
        self.groups == other.groups
    }
}

impl Eq for Duplicates {}

impl Duplicates {
    /// The groups of paths whose fingerprints have the same hash.
    pub fn of<'a>(fingerprints: impl IntoIterator<Item = (&'a String, &'a Fingerprint)>) -> Duplicates {
        let mut by_hash: HashMap<&str, Vec<String>> = HashMap::new();
        for (path, fp) in fingerprints {
            if !fp.hash.is_empty() {
                by_hash.entry(&fp.hash).or_default().push(path.clone());
            }
        }
        let mut groups: Vec<Vec<String>> = by_hash.into_values().filter(|g| g.len() > 1).collect();
        groups.iter_mut().for_each(|g| g.sort());
        groups.sort();
        let group_of = groups
            .iter()
            .enumerate()
            .flat_map(|(i, g)| g.iter().map(move |p| (p.clone(), i)))
            .collect();
        Duplicates { groups, group_of }
    }

    /// The other paths of `path`'s group (empty when it has no copy).
    pub fn others(&self, path: &str) -> Vec<String> {
        self.group_of
            .get(path)
            .map(|&i| self.groups[i].iter().filter(|p| *p != path).cloned().collect())
            .unwrap_or_default()
    }
}

/// The duplicate files of one snapshot, as ranked search uses them: the
/// copies it leaves out and the other paths it names (found once per
/// snapshot, not at every query: a folder of many copies made every search
/// look each copy up in each segment, 2 s a query at 10×).
#[derive(Debug)]
pub(crate) struct Copies {
    files: DuplicateFiles,
    left_out: Exclusions,
}

impl Copies {
    /// The copies of `searcher`'s snapshot (stored by the last indexing
    /// pass in the index `folder`, or found again when that is not of
    /// this snapshot).
    pub(crate) fn of(searcher: &tantivy::Searcher, folder: Option<&Path>) -> tantivy::Result<Copies> {
        let files = DuplicateFiles::of(searcher, folder)?;
        let left_out = Exclusions::of_bits(files.copies().to_vec());
        Ok(Copies { files, left_out })
    }

    /// The other paths of `path`'s group (empty when it has no copy).
    pub(crate) fn others(&self, path: &str) -> Vec<String> {
        if self.files.is_empty() {
            return Vec::new();
        }
        self.files.others(path)
    }

    /// The copies a ranked search leaves out, each group shown by its
    /// first path; none when the query names a path (`path:`, `--path`):
    /// the copy it names may be any of them, so each is shown.
    pub(crate) fn left_out(&self, q: &AnalyzedQuery) -> Exclusions {
        if self.files.is_empty() || names_a_path(q) {
            return Exclusions::default();
        }
        self.left_out.clone()
    }
}

/// Whether any clause of `q`, its exclusions included, restricts the path.
fn names_a_path(q: &AnalyzedQuery) -> bool {
    let mut found = false;
    for clause in std::iter::once(&q.root).chain(&q.exclusions) {
        clause.walk(&mut |leaf, _| found |= leaf.field == FieldSel::Path);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_hold_the_same_bytes_under_several_names() {
        let fp = |hash: &str| Fingerprint {
            size: 1,
            mtime: 0,
            hash: hash.to_string(),
        };
        let files: Vec<(String, Fingerprint)> = vec![
            ("b/copy.txt".into(), fp("h1")),
            ("a.txt".into(), fp("h1")),
            ("c.txt".into(), fp("h2")),
            ("d.txt".into(), fp("")),
            ("e.txt".into(), fp("")),
            ("z.txt".into(), fp("h3")),
            ("y.txt".into(), fp("h3")),
            ("x.txt".into(), fp("h3")),
        ];
        let d = Duplicates::of(files.iter().map(|(p, f)| (p, f)));
        assert_eq!(
            d.groups,
            vec![vec!["a.txt", "b/copy.txt"], vec!["x.txt", "y.txt", "z.txt"]]
        );
        assert_eq!(d.others("y.txt"), ["x.txt", "z.txt"]);
        assert!(d.others("c.txt").is_empty());
    }
}
