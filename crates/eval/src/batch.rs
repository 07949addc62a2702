//! A searcher's rankings as a TREC run: document ids derived from index
//! paths, one entry per id, trec_eval's order and the depth cut.
//!
//! The searcher ranks paths (`docs/0042.txt`); qrels judge document ids
//! (`0042`). [`doc_id`] maps one to the other, [`rank_to_depth`] turns one
//! query's ranking into its run entries (asking the searcher for more only
//! when ties at the cut need it), and [`assemble`] collects the queries of
//! a batch into a [`Run`] with what had to change on the way ([`IdIssues`]).

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;

use crate::error::EvalError;
use crate::ordering::trec_eval_order;
use crate::run::Run;

/// The TREC document id of an index path key: the path without the last
/// extension of its file name (`sub/0042.txt` → `sub/0042`). A leading dot
/// is not an extension (`.notes` stays `.notes`).
pub fn doc_id(key: &str) -> &str {
    let name_start = key.rfind('/').map_or(0, |i| i + 1);
    match key[name_start..].rfind('.') {
        Some(dot) if dot > 0 => &key[..name_start + dot],
        _ => key,
    }
}

/// Rewrites whitespace (which the TREC format cannot carry) to `_`.
fn trec_safe(id: &str) -> (String, bool) {
    if id.chars().any(char::is_whitespace) {
        (
            id.chars().map(|c| if c.is_whitespace() { '_' } else { c }).collect(),
            true,
        )
    } else {
        (id.to_owned(), false)
    }
}

/// What turning rankings of paths into run entries had to change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IdIssues {
    /// Paths whose id had whitespace replaced by `_`.
    pub rewritten: BTreeSet<String>,
    /// Ids shared by several paths (`a.txt` and `a.md`): only the best
    /// ranked path of each is in the run.
    pub collisions: BTreeSet<String>,
}

impl IdIssues {
    /// Adds another query's issues to these.
    pub fn merge(&mut self, other: IdIssues) {
        self.rewritten.extend(other.rewritten);
        self.collisions.extend(other.collisions);
    }

    /// Whether nothing had to change.
    pub fn is_empty(&self) -> bool {
        self.rewritten.is_empty() && self.collisions.is_empty()
    }
}

/// One query's run entries, `(document id, score)`, in trec_eval's order.
pub type Entries = Vec<(String, f64)>;

/// One query's ranked paths → run entries: ids derived from paths, one
/// entry per id (the best-scored path wins a collision), trec_eval's order
/// (score descending, id descending), cut at `depth`.
///
/// `ranked` must be best first. Reading stops once `depth` ids are in hand
/// and the score drops, so documents tied at the cut all compete for it in
/// trec_eval's order rather than in the searcher's. Returns the entries and
/// whether such a drop was seen (if not, a longer `ranked` might change
/// them).
fn entries(ranked: &[(String, f32)], depth: usize, issues: &mut IdIssues) -> (Entries, bool) {
    let mut paths: HashSet<&str> = HashSet::with_capacity(ranked.len());
    let mut ids: HashSet<String> = HashSet::with_capacity(ranked.len());
    let mut docs: Entries = Vec::with_capacity(ranked.len());
    let mut cut = false;
    for (path, score) in ranked {
        let score = f64::from(*score);
        if docs.len() >= depth && docs.last().is_some_and(|last| score < last.1) {
            cut = true;
            break;
        }
        // A path listed again (lower) adds nothing: MaxP keeps the best.
        if !paths.insert(path) {
            continue;
        }
        let (id, rewritten) = trec_safe(doc_id(path));
        if rewritten {
            issues.rewritten.insert(path.clone());
        }
        if ids.insert(id.clone()) {
            docs.push((id, score));
        } else {
            issues.collisions.insert(id);
        }
    }
    docs.sort_by(|a, b| trec_eval_order((&a.0, a.1), (&b.0, b.1)));
    docs.truncate(depth);
    (docs, cut)
}

/// Ranks one query and returns its top `depth` run entries.
///
/// `rank(k)` must return the query's best `k` paths with their scores, best
/// first. It is asked for one more than `depth`; only when that one ties
/// with the last (or ids collide) is it asked again, for twice as many,
/// until the cut is clear or the ranking is exhausted.
pub fn rank_to_depth<E>(
    depth: usize,
    mut rank: impl FnMut(usize) -> Result<Vec<(String, f32)>, E>,
) -> Result<(Entries, IdIssues), E> {
    let mut ask = depth.saturating_add(1);
    loop {
        let ranked = rank(ask)?;
        let exhausted = ranked.len() < ask;
        let mut issues = IdIssues::default();
        let (docs, cut) = entries(&ranked, depth, &mut issues);
        if cut || exhausted || ask == usize::MAX {
            return Ok((docs, issues));
        }
        ask = ask.saturating_mul(2);
    }
}

/// A batch of queries as a run, and what the caller should tell a user.
#[derive(Debug, Clone)]
pub struct BatchRun {
    /// The run: every query that retrieved something.
    pub run: Run,
    /// Queries that retrieved nothing. A run file has no line for them, so
    /// trec_eval does not know them: they are not in [`BatchRun::run`]
    /// either.
    pub empty_queries: Vec<String>,
    /// Ids rewritten or shared by several paths, over all queries.
    pub issues: IdIssues,
}

/// Collects each query's entries (from [`rank_to_depth`]) into a run
/// tagged `tag`, in the order given.
pub fn assemble(
    tag: &str,
    queries: impl IntoIterator<Item = (String, (Entries, IdIssues))>,
) -> Result<BatchRun, EvalError> {
    let mut batch = BatchRun {
        run: Run::new(tag),
        empty_queries: Vec::new(),
        issues: IdIssues::default(),
    };
    for (qid, (docs, issues)) in queries {
        batch.issues.merge(issues);
        if docs.is_empty() {
            batch.empty_queries.push(qid);
        } else {
            batch.run.add_query(qid, docs)?;
        }
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_drop_the_last_extension_of_the_file_name() {
        assert_eq!(doc_id("0042.txt"), "0042");
        assert_eq!(doc_id("sub/dir/a.b.txt"), "sub/dir/a.b");
        assert_eq!(doc_id("v1.2/README"), "v1.2/README");
        assert_eq!(doc_id(".notes"), ".notes");
        assert_eq!(doc_id("d/.notes"), "d/.notes");
        assert_eq!(doc_id("plain"), "plain");
    }

    fn ranked(items: &[(&str, f32)]) -> Vec<(String, f32)> {
        items.iter().map(|&(p, s)| (p.to_owned(), s)).collect()
    }

    #[test]
    fn entries_keep_best_of_colliding_ids_and_cut_in_trec_order() {
        let mut issues = IdIssues::default();
        let r = ranked(&[
            ("a.txt", 3.0),
            ("b c.txt", 2.0),
            ("a.md", 2.0),
            ("a.txt", 1.5),
            ("x.txt", 1.0),
            ("y.txt", 1.0),
        ]);
        let (docs, cut) = entries(&r, 3, &mut issues);
        assert!(!cut, "x and y tie at the cut and nothing follows");
        // the 1.0 tie is cut the way trec_eval orders it: y before x
        assert_eq!(
            docs,
            [("a".to_owned(), 3.0), ("b_c".to_owned(), 2.0), ("y".to_owned(), 1.0)]
        );
        assert!(issues.collisions.contains("a"));
        assert!(issues.rewritten.contains("b c.txt"));
        // reading stops at the first score below the cut
        let mut issues = IdIssues::default();
        let r: Vec<(String, f32)> = (0..10).map(|i| (format!("d{i}.txt"), 10.0 - i as f32)).collect();
        let (docs, cut) = entries(&r, 2, &mut issues);
        assert_eq!(docs, [("d0".to_owned(), 10.0), ("d1".to_owned(), 9.0)]);
        assert!(cut);
    }

    #[test]
    fn rank_to_depth_asks_again_only_for_ties_at_the_cut() {
        // Ten documents, all tied: the cut needs every one of them.
        let all: Vec<(String, f32)> = (0..10).map(|i| (format!("d{i}.txt"), 1.0)).collect();
        let mut asked = Vec::new();
        let (docs, _) = rank_to_depth(2, |k| {
            asked.push(k);
            Ok::<_, ()>(all.iter().take(k).cloned().collect())
        })
        .unwrap();
        assert_eq!(asked, [3, 6, 12]);
        // trec_eval breaks the tie by id descending: d9, d8
        assert_eq!(docs, [("d9".to_owned(), 1.0), ("d8".to_owned(), 1.0)]);

        // Distinct scores: one question suffices.
        let mut asked = Vec::new();
        let (docs, _) = rank_to_depth(2, |k| {
            asked.push(k);
            Ok::<_, ()>((0..k).map(|i| (format!("d{i}"), 10.0 - i as f32)).collect())
        })
        .unwrap();
        assert_eq!(asked, [3]);
        assert_eq!(docs.len(), 2);
        // An error of the searcher is the caller's.
        assert_eq!(
            rank_to_depth(5, |_| Err::<Vec<(String, f32)>, _>("no index")),
            Err("no index")
        );
    }

    #[test]
    fn assemble_leaves_out_empty_queries_and_merges_issues() {
        let mut issues = IdIssues::default();
        issues.collisions.insert("a".to_owned());
        let batch = assemble(
            "my tag",
            [
                ("q1".to_owned(), (vec![("a".to_owned(), 2.0)], issues)),
                ("q2".to_owned(), (vec![], IdIssues::default())),
            ],
        )
        .unwrap();
        assert_eq!(batch.run.qids().collect::<Vec<_>>(), ["q1"]);
        assert_eq!(batch.run.tag(), "my_tag");
        assert_eq!(batch.empty_queries, ["q2"]);
        assert!(batch.issues.collisions.contains("a"));
        assert!(!batch.issues.is_empty());
    }
}
