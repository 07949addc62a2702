//! Files whose bytes are the same under several names ([`Duplicates`],
//! grouped by the content hash of the index's fingerprints): ranked search
//! shows each group once, under its first path, naming the others.

use std::collections::HashMap;

use sagasu_store::Fingerprint;

use crate::collector::Exclusions;
use crate::query::{AnalyzedQuery, FieldSel};

/// Files with the same bytes under several names, grouped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Duplicates {
    /// Each group's paths, sorted; groups sorted by their first path.
    pub groups: Vec<Vec<String>>,
}

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
        Duplicates { groups }
    }

    /// The other paths of `path`'s group (empty when it has no copy).
    pub fn others(&self, path: &str) -> Vec<String> {
        self.groups
            .iter()
            .find(|g| g.iter().any(|p| p == path))
            .map(|g| g.iter().filter(|p| *p != path).cloned().collect())
            .unwrap_or_default()
    }

    /// The copies a ranked search leaves out, each group shown by its
    /// first path; none when the query names a path (`path:`, `--path`):
    /// the copy it names may be any of them, so each is shown.
    pub(crate) fn left_out(&self, searcher: &tantivy::Searcher, q: &AnalyzedQuery) -> tantivy::Result<Exclusions> {
        let mut out = Exclusions::default();
        if self.groups.is_empty() || names_a_path(q) {
            return Ok(out);
        }
        let copies: Vec<String> = self.groups.iter().flat_map(|g| g[1..].iter().cloned()).collect();
        out.spread(searcher, &copies)?;
        Ok(out)
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
