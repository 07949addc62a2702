//! Orderings shared by runs and reports: trec_eval's ranking order and a
//! human-friendly order for query ids.

use std::cmp::Ordering;

/// trec_eval's ranking order (`comp_sim_docno` in `form_res_rels.c`): score
/// descending, ties broken by document id descending, comparing bytes the way
/// C's `strcmp` does. The rank column of a run file plays no part.
pub fn trec_eval_order(a: (&str, f64), b: (&str, f64)) -> Ordering {
    b.1.partial_cmp(&a.1)
        .unwrap_or(Ordering::Equal)
        .then_with(|| b.0.as_bytes().cmp(a.0.as_bytes()))
}

/// Orders query ids numerically when both are plain decimal numbers
/// (`2` before `10`), otherwise byte-wise; numbers sort before other ids.
/// Only used for presentation: evaluation itself never depends on qid order.
pub fn qid_order(a: &str, b: &str) -> Ordering {
    fn numeric(s: &str) -> Option<&str> {
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())).then(|| {
            let t = s.trim_start_matches('0');
            if t.is_empty() {
                "0"
            } else {
                t
            }
        })
    }
    match (numeric(a), numeric(b)) {
        (Some(x), Some(y)) => x.len().cmp(&y.len()).then_with(|| x.cmp(y)).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trec_order_breaks_ties_by_reverse_docid() {
        let mut docs = [("10", 1.0), ("9", 1.0), ("a", 2.0), ("b", 1.0)];
        docs.sort_by(|x, y| trec_eval_order(*x, *y));
        // strcmp: "b" > "9" > "10"
        assert_eq!(docs.iter().map(|d| d.0).collect::<Vec<_>>(), ["a", "b", "9", "10"]);
    }

    #[test]
    fn qids_sort_numerically_then_lexically() {
        let mut q = vec!["10", "2", "b", "002", "a", "1"];
        q.sort_by(|a, b| qid_order(a, b));
        assert_eq!(q, ["1", "002", "2", "10", "a", "b"]);
    }
}
