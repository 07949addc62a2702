//! Plain-text renderings of evaluations and comparisons for terminals and
//! for tools that read trec_eval's output.

use std::fmt::Write;

use crate::compare::Comparison;
use crate::evaluation::Evaluation;
use crate::metrics::Metric;

/// A value as trec_eval prints it: counts as integers, others with 4 decimals.
pub fn format_value(metric: Metric, value: f64) -> String {
    if metric.is_count() {
        format!("{value:.0}")
    } else {
        format!("{value:.4}")
    }
}

/// Left-aligned columns separated by two spaces; the last column is not padded.
fn columns(rows: &[Vec<String>]) -> String {
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..ncols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<w$}  ", w = widths[c]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The summary as a two-column table: metric name and value.
///
/// ```text
/// metric       value
/// map          0.3049
/// ndcg_cut.10  0.3685
/// num_q        225
/// ```
pub fn render_table(evaluation: &Evaluation) -> String {
    let mut rows = vec![vec!["metric".to_owned(), "value".to_owned()]];
    rows.extend(
        evaluation
            .summary
            .iter()
            .map(|(m, v)| vec![m.name(), format_value(m, v)]),
    );
    columns(&rows)
}

/// One row per query and a final `all` row, one column per metric.
pub fn render_per_query_table(evaluation: &Evaluation) -> String {
    let mut header = vec!["qid".to_owned()];
    header.extend(evaluation.metrics.iter().map(|m| m.name()));
    let mut rows = vec![header];
    for q in &evaluation.per_query {
        let mut row = vec![q.qid.clone()];
        row.extend(q.values.iter().map(|(m, v)| format_value(m, v)));
        rows.push(row);
    }
    let mut all = vec!["all".to_owned()];
    all.extend(evaluation.summary.iter().map(|(m, v)| format_value(m, v)));
    rows.push(all);
    columns(&rows)
}

/// trec_eval's own output format, `measure<TAB>qid<TAB>value` with the
/// measure name padded to 22 characters and `all` for the summary; per-query
/// lines first when `per_query` is set (like `trec_eval -q`).
pub fn render_trec_eval(evaluation: &Evaluation, per_query: bool) -> String {
    let mut out = String::new();
    let mut line = |metric: Metric, qid: &str, value: f64| {
        let value = if metric.is_count() {
            format!("{value:.0}")
        } else {
            format!("{value:6.4}")
        };
        let _ = writeln!(out, "{:<22}\t{qid}\t{value}", metric.trec_name());
    };
    if per_query {
        for q in &evaluation.per_query {
            for (m, v) in q.values.iter() {
                line(m, &q.qid, v);
            }
        }
    }
    for (m, v) in evaluation.summary.iter() {
        line(m, "all", v);
    }
    out
}

/// A comparison table: both runs' values, the difference B − A, the p-value
/// and per-query wins/losses/ties of B against A.
pub fn render_comparison_table(comparisons: &[Comparison], name_a: &str, name_b: &str) -> String {
    let mut rows = vec![vec![
        "metric".to_owned(),
        name_a.to_owned(),
        name_b.to_owned(),
        "diff".to_owned(),
        "p".to_owned(),
        "win/loss/tie".to_owned(),
    ]];
    for c in comparisons {
        let diff = if c.metric.is_count() {
            format!("{:+.0}", c.difference)
        } else {
            format!("{:+.4}", c.difference)
        };
        rows.push(vec![
            c.metric.name(),
            format_value(c.metric, c.a),
            format_value(c.metric, c.b),
            diff,
            format!("{:.4}", c.p_value),
            format!("{}/{}/{}", c.wins, c.losses, c.ties),
        ]);
    }
    let mut out = columns(&rows);
    if let Some(c) = comparisons.first() {
        let _ = writeln!(
            out,
            "{} queries; two-sided paired randomization test, {} sign flips, seed {}",
            c.num_queries, c.iterations, c.seed
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compare_evaluations, evaluate, CompareOptions, EvalOptions, Qrels, Run};

    fn evaluation() -> Evaluation {
        let qrels = Qrels::parse("1 0 a 1\n1 0 b 1\n2 0 c 1\n", "q").unwrap();
        let run = Run::parse("1 Q0 a 1 2 t\n1 Q0 z 2 1 t\n2 Q0 c 1 1 t\n", "r").unwrap();
        let metrics = Metric::parse_list("map,P.10,num_rel_ret,num_q").unwrap();
        evaluate(&run, &qrels, &metrics, &EvalOptions::default()).unwrap()
    }

    #[test]
    fn table_has_names_and_four_decimals() {
        let t = render_table(&evaluation());
        assert_eq!(
            t,
            "metric       value\n\
             map          0.7500\n\
             P.10         0.1000\n\
             num_rel_ret  2\n\
             num_q        2\n"
        );
    }

    #[test]
    fn per_query_table_ends_with_all() {
        let t = render_per_query_table(&evaluation());
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "qid  map     P.10    num_rel_ret  num_q");
        assert_eq!(lines[1], "1    0.5000  0.1000  1            1");
        assert_eq!(lines[3], "all  0.7500  0.1000  2            2");
    }

    #[test]
    fn trec_eval_format() {
        let t = render_trec_eval(&evaluation(), false);
        assert_eq!(t.lines().next().unwrap(), format!("{:<22}\tall\t0.7500", "map"));
        assert!(t.contains("P_10                  \tall\t0.1000\n"), "{t}");
        assert!(t.contains("num_q                 \tall\t2\n"), "{t}");
        let q = render_trec_eval(&evaluation(), true);
        assert!(q.starts_with("map                   \t1\t0.5000\n"), "{q}");
        assert_eq!(q.lines().count(), 4 * 3);
    }

    #[test]
    fn comparison_table() {
        let e = evaluation();
        let cmp = compare_evaluations(&e, &e, &CompareOptions::default()).unwrap();
        let t = render_comparison_table(&cmp, "bm25", "new");
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "metric       bm25    new     diff     p       win/loss/tie");
        assert_eq!(lines[1], "map          0.7500  0.7500  +0.0000  1.0000  0/0/2");
        assert_eq!(lines[3], "num_rel_ret  2       2       +0       1.0000  0/0/2");
        assert!(lines[4].contains("10000 sign flips"), "{t}");
    }
}
