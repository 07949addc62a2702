//! `sagasu eval`: run a batch of queries against the index and score the
//! ranking with trec_eval's measures; score an existing run file; compare two
//! run files with a paired randomization test.
//!
//! The scoring, the run format and the comparison live in `sagasu_eval`;
//! this module reads the inputs, runs the queries in parallel (the searcher
//! is `Sync`), turns index paths into TREC document ids and prints.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::{ArgGroup, Args};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use sagasu_eval::{
    compare_evaluations, evaluate, read_topics, render_comparison_table, render_per_query_table, render_table,
    trec_eval_order, CompareOptions, EvalOptions, Evaluation, Metric, Qrels, Run, Topic, DEFAULT_SEED,
};
use sagasu_searcher::Searcher;
use serde_json::{json, Map, Value};

use crate::args::Global;
use crate::search_cmd::{aliases, open_or_build};

/// Default retrieval depth with `--queries` (trec_eval's convention).
pub const DEFAULT_DEPTH: usize = 1000;

const DEFAULT_METRICS: &str = "map,ndcg_cut.10,P.10,recall.100,recip_rank,num_rel_ret,num_q";

pub const EVAL_HELP: &str = "\
Modes:
  --queries Q --qrels J [--run OUT]   run every query of Q on the index (built
                                      from --corpus when missing), write the run
                                      to OUT if given, and score it
  --run R --qrels J                   score an existing TREC run file (no index)
  --compare A B --qrels J             compare two run files: means, B - A,
                                      paired randomization test, wins/losses

Files:
  queries  `qid<TAB>text` lines, or TREC topics (<top> <num> <title> ...)
  qrels    `qid iter docid grade` lines (trec_eval's qrels)
  run      `qid Q0 docid rank score tag` lines (trec_eval's run format)
The document id of a result is its path relative to the corpus without the
file extension (docs/0042.txt indexed with --corpus docs -> 0042).

Metrics (--metrics, comma separated, as trec_eval -m names them):
  map  ndcg_cut.K  P.K  recall.K  recip_rank  num_rel_ret  num_ret  num_rel  num_q
Means are over the queries in both the run and the qrels, as trec_eval
computes them (with --complete: over every judged query, as trec_eval -c).
Exit status: 0 on success, 2 on error (malformed input reports file:line).";

#[derive(Debug, Args)]
#[command(after_help = EVAL_HELP)]
#[command(group(ArgGroup::new("mode").args(["queries", "run", "compare"]).required(true).multiple(true)))]
pub struct EvalArgs {
    /// Queries to run: `qid<TAB>text` lines or TREC topics.
    #[arg(long, value_name = "FILE")]
    pub queries: Option<PathBuf>,
    /// Relevance judgments in TREC qrels format.
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,
    /// With --queries: write the TREC run here. Without: the run file to score.
    #[arg(long, value_name = "FILE")]
    pub run: Option<PathBuf>,
    /// Compare run B against run A (paired randomization test).
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with_all = ["queries", "run", "per_query", "syntax", "tag"])]
    pub compare: Option<Vec<PathBuf>>,
    /// Measures to compute, comma separated.
    #[arg(long, value_name = "LIST", default_value = DEFAULT_METRICS)]
    pub metrics: String,
    /// Also show every query's values.
    #[arg(long)]
    pub per_query: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Documents retrieved per query (default 1000); with --run or --compare,
    /// score only each query's top N (trec_eval -M).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub depth: Option<u64>,
    /// Read the queries with the query language (phrases, AND/OR, fields)
    /// instead of as plain words (any word, BM25, stopwords dropped).
    #[arg(long, requires = "queries")]
    pub syntax: bool,
    /// The run tag (sixth column of the run file).
    #[arg(long, value_name = "NAME", default_value = "sagasu", requires = "queries")]
    pub tag: String,
    /// Average over every judged query, counting queries without results as
    /// zero (trec_eval -c).
    #[arg(long)]
    pub complete: bool,
    /// Sign flips of the randomization test (--compare).
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub iterations: u64,
    /// Search names only as spelled (no romanization keys, no other name
    /// order): run once with and once without, then --compare the runs.
    #[arg(long, requires = "queries")]
    pub no_romanization: bool,
    /// Seed of the randomization test (--compare); fixed, so p-values repeat.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
}

pub fn run(global: &Global, args: &EvalArgs) -> Result<bool> {
    let metrics = Metric::parse_list(&args.metrics).context("invalid --metrics")?;
    if let Some(pair) = &args.compare {
        return compare(args, &metrics, &pair[0], &pair[1]);
    }
    let qrels = Qrels::from_path(&args.qrels)?;
    let mut options = EvalOptions {
        complete: args.complete,
        ..EvalOptions::default()
    };
    let mut timing = None;
    let (run, run_label) = match &args.queries {
        Some(queries) => {
            let topics = read_topics(queries)?;
            if topics.is_empty() {
                bail!("{}: no queries", queries.display());
            }
            let depth = args.depth.map_or(DEFAULT_DEPTH, |d| d as usize);
            let opened = open_or_build(global)?;
            let searcher = Searcher::new(opened.reader, opened.fields, aliases(global, None, false)?)
                .romanization(!args.no_romanization);
            // Timed from here: the queries, not opening or building the index.
            let started = Instant::now();
            let run = retrieve(&searcher, args, &topics, depth)?;
            timing = Some((topics.len(), started.elapsed()));
            if let Some(out) = &args.run {
                run.write_to_path(out)?;
            }
            let label = args
                .run
                .as_ref()
                .map_or_else(|| "(not written)".to_owned(), |p| p.display().to_string());
            (run, label)
        }
        None => {
            let path = args.run.as_ref().expect("clap requires --queries, --run or --compare");
            options.depth = args.depth.map(|d| d as usize);
            (Run::from_path(path)?, path.display().to_string())
        }
    };
    let evaluation = evaluate(&run, &qrels, &metrics, &options)?;

    if let Some((n, elapsed)) = timing {
        eprintln!(
            "sagasu: ran {n} queries in {:.2} s ({:.0} queries/s); run: {run_label}",
            elapsed.as_secs_f64(),
            per_second(n, elapsed)
        );
    }
    notes(&evaluation, &args.qrels);

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let mut doc = Map::new();
        if let Some(q) = &args.queries {
            doc.insert("queries".into(), json!(q.display().to_string()));
        }
        doc.insert("run".into(), json!(args.run.as_ref().map(|p| p.display().to_string())));
        doc.insert("qrels".into(), json!(args.qrels.display().to_string()));
        evaluation_json(&evaluation, args.per_query, &mut doc);
        if let Some((n, elapsed)) = timing {
            doc.insert(
                "timing".into(),
                json!({
                    "queries": n,
                    "seconds": elapsed.as_secs_f64(),
                    "queries_per_second": per_second(n, elapsed),
                }),
            );
        }
        serde_json::to_writer_pretty(&mut out, &Value::Object(doc)).context("cannot write JSON")?;
        writeln!(out)?;
    } else {
        let table = if args.per_query {
            render_per_query_table(&evaluation)
        } else {
            render_table(&evaluation)
        };
        out.write_all(table.as_bytes())?;
    }
    out.flush()?;
    Ok(true)
}

fn per_second(n: usize, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64().max(1e-9)
}

/// Adds `summary`, `num_q`, the unscored queries and, if asked, `per_query`
/// (`{qid: {metric: value}}`, the shape tests/trec_eval_check.py reads).
fn evaluation_json(evaluation: &Evaluation, per_query: bool, doc: &mut Map<String, Value>) {
    doc.insert("num_q".into(), json!(evaluation.num_q));
    doc.insert("summary".into(), json!(evaluation.summary));
    if per_query {
        let queries: Map<String, Value> = evaluation
            .per_query
            .iter()
            .map(|q| (q.qid.clone(), json!(q.values)))
            .collect();
        doc.insert("per_query".into(), Value::Object(queries));
    }
    doc.insert("unjudged_queries".into(), json!(evaluation.unjudged_queries));
    doc.insert("missing_queries".into(), json!(evaluation.missing_queries));
}

/// Explains on stderr which queries the means leave out.
fn notes(evaluation: &Evaluation, qrels: &Path) {
    let unjudged = evaluation.unjudged_queries.len();
    if unjudged > 0 {
        eprintln!(
            "sagasu: {unjudged} {} no judgments in {} and {} not scored",
            if unjudged == 1 { "query has" } else { "queries have" },
            qrels.display(),
            if unjudged == 1 { "is" } else { "are" },
        );
    }
    let missing = evaluation.missing_queries.len();
    if missing > 0 {
        let how = if evaluation.options.complete {
            "count as 0 (--complete)"
        } else {
            "are left out of the means (--complete counts them as 0)"
        };
        eprintln!(
            "sagasu: {missing} judged {} no results in the run and {how}",
            if missing == 1 { "query has" } else { "queries have" },
        );
    }
}

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

/// What turning one query's ranking into run entries had to change.
#[derive(Default)]
struct IdIssues {
    /// Paths whose id had whitespace replaced.
    rewritten: HashSet<String>,
    /// Ids shared by several paths (`a.txt` and `a.md`): only the best kept.
    collisions: HashSet<String>,
}

/// One query's ranked paths → TREC entries: ids derived from paths, one entry
/// per id (the best-scored path wins a collision), trec_eval's order (score
/// descending, id descending), cut at `depth`.
///
/// `ranked` must be best first. Reading stops once `depth` ids are in hand and
/// the score drops, so documents tied at the cut all compete for it in
/// trec_eval's order rather than in the searcher's. Returns the entries and
/// whether such a drop was seen (if not, a longer `ranked` might change them).
fn entries(ranked: &[(String, f32)], depth: usize, issues: &mut IdIssues) -> (Vec<(String, f64)>, bool) {
    let mut paths: HashSet<&str> = HashSet::with_capacity(ranked.len());
    let mut ids: HashSet<String> = HashSet::with_capacity(ranked.len());
    let mut docs: Vec<(String, f64)> = Vec::with_capacity(ranked.len());
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

/// Ranks one query and returns its top `depth` TREC entries. The searcher is
/// asked for one document more than needed; only when that one ties with the
/// last (or ids collide) is it asked again for more.
fn rank_query(
    searcher: &Searcher,
    text: &str,
    depth: usize,
    syntax: bool,
    issues: &mut IdIssues,
) -> Result<Vec<(String, f64)>> {
    let mut ask = depth.saturating_add(1);
    loop {
        let ranked = searcher.rank(text, ask, syntax)?;
        let exhausted = ranked.len() < ask;
        let (docs, cut) = entries(&ranked, depth, issues);
        if cut || exhausted || ask == usize::MAX {
            return Ok(docs);
        }
        ask = ask.saturating_mul(2);
    }
}

/// One query's run entries and what deriving their ids had to change.
type RankedQuery = (Vec<(String, f64)>, IdIssues);

/// A progress bar of queries on stderr, drawn only on a terminal.
fn query_bar(total: usize) -> ProgressBar {
    let bar = ProgressBar::hidden();
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
    }
    bar.set_length(total as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} querying [{bar:30}] {pos}/{len} queries ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// Runs every topic on the index in parallel and collects the run.
fn retrieve(searcher: &Searcher, args: &EvalArgs, topics: &[Topic], depth: usize) -> Result<Run> {
    let bar = query_bar(topics.len());
    let results: Vec<Result<RankedQuery>> = topics
        .par_iter()
        .map(|topic| {
            let mut issues = IdIssues::default();
            let docs = rank_query(searcher, &topic.text, depth, args.syntax, &mut issues)
                .with_context(|| format!("query `{}` ({:?})", topic.qid, topic.text))?;
            bar.inc(1);
            Ok((docs, issues))
        })
        .collect();
    bar.finish_and_clear();

    let mut run = Run::new(&args.tag);
    let mut issues = IdIssues::default();
    for (topic, result) in topics.iter().zip(results) {
        let (docs, query_issues) = result?;
        issues.rewritten.extend(query_issues.rewritten);
        issues.collisions.extend(query_issues.collisions);
        // A query without results has no line in a run file, so trec_eval
        // does not know it: leave it out here too (the notes say so).
        if !docs.is_empty() {
            run.add_query(topic.qid.clone(), docs)?;
        }
    }
    let empty = topics.len() - run.num_queries();
    if empty > 0 {
        eprintln!(
            "sagasu: {empty} {} retrieved nothing",
            if empty == 1 { "query" } else { "queries" }
        );
    }
    if !issues.rewritten.is_empty() {
        let mut paths: Vec<&String> = issues.rewritten.iter().collect();
        paths.sort();
        eprintln!(
            "sagasu: {} path(s) contain whitespace, written with `_` in the run (e.g. {:?})",
            paths.len(),
            paths[0]
        );
    }
    if !issues.collisions.is_empty() {
        let mut ids: Vec<&String> = issues.collisions.iter().collect();
        ids.sort();
        eprintln!(
            "sagasu: {} document id(s) stand for several files (same name, other extension); \
             only the best-ranked file of each is kept (e.g. {:?})",
            ids.len(),
            ids[0]
        );
    }
    Ok(run)
}

/// A short name for a run in the comparison table: its file name, or the
/// whole path if both runs share a file name.
fn run_names(a: &Path, b: &Path) -> (String, String) {
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    match (name(a), name(b)) {
        (Some(x), Some(y)) if x != y => (x, y),
        _ => (a.display().to_string(), b.display().to_string()),
    }
}

fn compare(args: &EvalArgs, metrics: &[Metric], a: &Path, b: &Path) -> Result<bool> {
    let qrels = Qrels::from_path(&args.qrels)?;
    let run_a = Run::from_path(a)?;
    let run_b = Run::from_path(b)?;
    let options = EvalOptions {
        complete: args.complete,
        depth: args.depth.map(|d| d as usize),
        ..EvalOptions::default()
    };
    let eval_a = evaluate(&run_a, &qrels, metrics, &options).with_context(|| format!("scoring {}", a.display()))?;
    let eval_b = evaluate(&run_b, &qrels, metrics, &options).with_context(|| format!("scoring {}", b.display()))?;
    let compare_options = CompareOptions {
        iterations: args.iterations as usize,
        seed: args.seed,
    };
    let comparisons = compare_evaluations(&eval_a, &eval_b, &compare_options)
        .with_context(|| format!("comparing {} with {}", b.display(), a.display()))?;

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let doc = json!({
            "a": a.display().to_string(),
            "b": b.display().to_string(),
            "qrels": args.qrels.display().to_string(),
            "num_q": {"a": eval_a.num_q, "b": eval_b.num_q},
            "comparisons": comparisons,
        });
        serde_json::to_writer_pretty(&mut out, &doc).context("cannot write JSON")?;
        writeln!(out)?;
    } else {
        let paired = comparisons.first().map_or(0, |c| c.num_queries);
        for (label, e) in [("A", &eval_a), ("B", &eval_b)] {
            if e.num_q != paired {
                eprintln!(
                    "sagasu: run {label} is scored on {} queries; the comparison pairs the {paired} both runs answer",
                    e.num_q
                );
            }
        }
        let (name_a, name_b) = run_names(a, b);
        out.write_all(render_comparison_table(&comparisons, &name_a, &name_b).as_bytes())?;
    }
    out.flush()?;
    Ok(true)
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

    #[test]
    fn entries_keep_best_of_colliding_ids_and_cut_in_trec_order() {
        let mut issues = IdIssues::default();
        let ranked = vec![
            ("a.txt".to_owned(), 3.0),
            ("b c.txt".to_owned(), 2.0),
            ("a.md".to_owned(), 2.0),
            ("a.txt".to_owned(), 1.5),
            ("x.txt".to_owned(), 1.0),
            ("y.txt".to_owned(), 1.0),
        ];
        let (docs, cut) = entries(&ranked, 3, &mut issues);
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
        let ranked: Vec<(String, f32)> = (0..10).map(|i| (format!("d{i}.txt"), 10.0 - i as f32)).collect();
        let (docs, cut) = entries(&ranked, 2, &mut issues);
        assert_eq!(docs, [("d0".to_owned(), 10.0), ("d1".to_owned(), 9.0)]);
        assert!(cut);
    }
}
