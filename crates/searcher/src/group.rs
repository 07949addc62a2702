//! MaxP: ranked passages into documents, whatever found the passages (the
//! local index, where a document is a path ordinal in a segment, or
//! another engine, where it is a path).

use std::collections::HashMap;
use std::hash::Hash;

use tantivy::Score;

/// Groups passages, best first, by their document `K`, in the order of
/// each document's best passage (MaxP: a document scores its best
/// passage). At most `limit` documents are formed (later passages only
/// join them) and each keeps its first `per_doc` passages.
///
/// Trap: `ranked` must be best first; the groups are in the order their
/// first passage comes, not re-sorted.
pub fn group_ranked<K, A>(
    ranked: impl IntoIterator<Item = (K, Score, A)>,
    per_doc: usize,
    limit: usize,
) -> Vec<(K, Vec<(Score, A)>)>
where
    K: Eq + Hash + Clone,
{
    group_ranked_counting(ranked, per_doc, limit, |_, _| true)
}

/// [`group_ranked`], where a group counts towards `limit` only when
/// `counts` says so of its first passage (the local index's group of a
/// file that spans segments is one of several that are merged later).
pub fn group_ranked_counting<K, A>(
    ranked: impl IntoIterator<Item = (K, Score, A)>,
    per_doc: usize,
    limit: usize,
    counts: impl Fn(&K, &A) -> bool,
) -> Vec<(K, Vec<(Score, A)>)>
where
    K: Eq + Hash + Clone,
{
    let mut index: HashMap<K, usize> = HashMap::new();
    let mut groups: Vec<(K, Vec<(Score, A)>)> = Vec::new();
    let mut counted = 0;
    for (key, score, passage) in ranked {
        let i = match index.get(&key) {
            Some(&i) => i,
            None if counted >= limit => continue,
            None => {
                counted += usize::from(counts(&key, &passage));
                index.insert(key.clone(), groups.len());
                groups.push((key, Vec::new()));
                groups.len() - 1
            }
        };
        if groups[i].1.len() < per_doc {
            groups[i].1.push((score, passage));
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_come_in_the_order_of_their_best_passage() {
        let ranked = [
            ("b", 9.0, 1),
            ("a", 8.0, 2),
            ("b", 7.0, 3),
            ("c", 6.0, 4),
            ("a", 5.0, 5),
            ("b", 4.0, 6),
        ];
        let groups = group_ranked(ranked, 2, 2);
        assert_eq!(
            groups,
            [("b", vec![(9.0, 1), (7.0, 3)]), ("a", vec![(8.0, 2), (5.0, 5)])]
        );
    }
}
