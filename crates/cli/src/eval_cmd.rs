//! `sagasu eval`: run a batch of queries against the index and score the
//! ranking with trec_eval's measures; score an existing run file; compare two
//! run files with a paired randomization test.
//!
//! Turning rankings into a run (document ids, the depth cut), scoring,
//! comparing and the JSON documents live in `sagasu_eval`; this module
//! takes the arguments, reads the inputs (through `input`), runs the
//! queries in parallel (the searcher is `Sync`) and prints.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use sagasu_eval::{
    assemble, compare_evaluations, evaluate, parse_topics, rank_to_depth, render_comparison_table,
    render_per_query_table, render_table, CompareOptions, CompareReport, EvalOptions, EvalReport, Evaluation, IdIssues,
    Metric, PerRun, Qrels, Run, Timing, Topic,
};
use sagasu_quickwit::ClusterSearcher;
use sagasu_searcher::{RankOptions, Searcher};

use crate::args::{EvalArgs, Global, DEFAULT_DEPTH};
use crate::input::{self, Input};
use crate::output::{escape_path, path_name, to_stdout};
use crate::source::{aliases, cluster, open_or_build, DEFAULT_ALIASES};

/// What ranks documents for a batch: the local index's searcher, or a
/// Quickwit cluster (`--quickwit`).
pub trait Ranker: Sync {
    /// The best `depth` documents for `text` (plain words, or the query
    /// language with `opts.syntax`), best first, with their scores.
    fn rank(&self, text: &str, depth: usize, opts: &RankOptions) -> Result<Vec<(String, f32)>>;
}

impl Ranker for Searcher {
    fn rank(&self, text: &str, depth: usize, opts: &RankOptions) -> Result<Vec<(String, f32)>> {
        Ok(Searcher::rank_with(self, text, depth, opts)?)
    }
}

impl Ranker for ClusterSearcher {
    /// Feedback is not run through a cluster (the CLI refuses `--prf`
    /// with `--quickwit`, and says the default runs without it).
    fn rank(&self, text: &str, depth: usize, opts: &RankOptions) -> Result<Vec<(String, f32)>> {
        Ok(ClusterSearcher::rank(self, text, depth, opts.syntax)?)
    }
}

pub fn run(global: &Global, args: &EvalArgs) -> Result<bool> {
    let metrics = Metric::parse_list(&args.metrics).context("invalid --metrics")?;
    // Feedback is on by default; only an explicit --prf asks for a run.
    if args.prf.prf && args.queries.is_none() {
        bail!("--prf changes how queries are run: it needs --queries");
    }
    match &args.compare {
        Some(pair) => compare(args, &metrics, &pair[0], &pair[1]),
        None => score(global, args, &metrics),
    }
}

/// Scores a run: the one `--queries` produces, or the `--run` file.
fn score(global: &Global, args: &EvalArgs, metrics: &[Metric]) -> Result<bool> {
    let qrels = read_qrels(&args.qrels)?;
    let mut options = EvalOptions {
        complete: args.complete,
        ..EvalOptions::default()
    };
    let (run, timing) = match &args.queries {
        Some(queries) => {
            let (run, timing) = run_queries(global, args, queries)?;
            (run, Some(timing))
        }
        None => {
            let path = args.run.as_ref().expect("clap requires --queries, --run or --compare");
            options.depth = args.depth.map(|d| d as usize);
            (read_run(path)?, None)
        }
    };
    let run_label = args
        .run
        .as_deref()
        .map_or_else(|| "(not written)".to_owned(), path_name);
    let evaluation = evaluate(&run, &qrels, metrics, &options)
        .with_context(|| format!("scoring run {run_label} against {}", path_name(&args.qrels)))?;

    if let Some(t) = &timing {
        eprintln!(
            "sagasu: ran {} queries in {:.2} s ({:.0} queries/s); run: {run_label}",
            t.queries, t.seconds, t.queries_per_second
        );
    }
    notes(&evaluation, &args.qrels);

    if args.json {
        let report = EvalReport {
            queries: args.queries.as_deref().map(path_name),
            run: args.run.as_deref().map(path_name),
            qrels: path_name(&args.qrels),
            timing,
            ..EvalReport::new(&evaluation, args.per_query)
        };
        let json = serde_json::to_string_pretty(&report).context("cannot serialize JSON")?;
        to_stdout(|out| writeln!(out, "{json}"))?;
    } else {
        let table = if args.per_query {
            render_per_query_table(&evaluation)
        } else {
            render_table(&evaluation)
        };
        to_stdout(|out| out.write_all(table.as_bytes()))?;
        eprintln!("sagasu: {}", measures_line(&evaluation.metrics));
    }
    Ok(true)
}

/// One line saying what each measure of the table is.
fn measures_line(metrics: &[sagasu_eval::Metric]) -> String {
    let said: Vec<String> = metrics
        .iter()
        .map(|m| format!("{} = {}", m.name(), m.describe()))
        .collect();
    format!("{} (see `sagasu eval --help`)", said.join("; "))
}

/// Runs every query of `queries` on the index (built from the corpus when
/// missing), writes the run to `--run` if given, and returns it with the
/// time the queries took.
fn run_queries(global: &Global, args: &EvalArgs, queries: &Path) -> Result<(Run, Timing)> {
    // Inputs are checked before an index is built.
    if let Some(out) = &args.run {
        let default_aliases = global.corpus.join(DEFAULT_ALIASES);
        input::refuse_overwrite(
            "--run",
            out,
            &[
                (Input::Qrels, &args.qrels),
                (Input::Queries, queries),
                (Input::Aliases, &default_aliases),
            ],
        )?;
    }
    let topics = parse_topics(&input::read(queries, Input::Queries)?, queries)?;
    if topics.is_empty() {
        bail!("query file {}: no queries", path_name(queries));
    }
    let depth = args.depth.map_or(DEFAULT_DEPTH, |d| d as usize);
    let searcher: Box<dyn Ranker> = match &args.quickwit {
        Some(target) => Box::new(cluster(global, target, None, false, !args.no_romanization)?),
        None => {
            let aliases = aliases(global, None, false)?;
            let opened = open_or_build(global)?;
            Box::new(Searcher::new(opened.reader, opened.fields, aliases).romanization(!args.no_romanization))
        }
    };
    // Timed from here: the queries, not opening or building the index.
    let started = Instant::now();
    let run = retrieve(searcher.as_ref(), args, &topics, depth)?;
    // Said once the queries ran: an error stays one line.
    if args.quickwit.is_some() && args.prf.feedback().is_some() {
        eprintln!(
            "sagasu: --quickwit runs without feedback (the cluster cannot read passages back; --no-prf to say so)"
        );
    }
    let timing = Timing::new(topics.len(), started.elapsed());
    if let Some(out) = &args.run {
        write_run(&run, out)?;
    }
    Ok((run, timing))
}

fn read_qrels(path: &Path) -> Result<Qrels> {
    Ok(Qrels::parse(&input::read(path, Input::Qrels)?, path)?)
}

fn read_run(path: &Path) -> Result<Run> {
    Ok(Run::parse(&input::read(path, Input::Run)?, path)?)
}

/// Writes the run in TREC format to `path`.
fn write_run(run: &Run, path: &Path) -> Result<()> {
    let write = || -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        run.write_trec(&mut out)?;
        out.flush()
    };
    write().with_context(|| format!("cannot write the run to {}", path_name(path)))
}

/// Explains on stderr which queries the means leave out.
fn notes(evaluation: &Evaluation, qrels: &Path) {
    let unjudged = evaluation.unjudged_queries.len();
    if unjudged > 0 {
        eprintln!(
            "sagasu: {unjudged} {} no judgments in {} and {} not scored",
            if unjudged == 1 { "query has" } else { "queries have" },
            path_name(qrels),
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
fn retrieve(searcher: &dyn Ranker, args: &EvalArgs, topics: &[Topic], depth: usize) -> Result<Run> {
    let bar = query_bar(topics.len());
    let options = RankOptions {
        syntax: args.syntax,
        feedback: args.prf.feedback(),
    };
    let ranked: Vec<(String, _)> = topics
        .par_iter()
        .map(|topic| {
            let entries = rank_to_depth(depth, |k| searcher.rank(&topic.text, k, &options))
                .with_context(|| format!("query `{}` ({})", topic.qid, topic.text))?;
            bar.inc(1);
            Ok((topic.qid.clone(), entries))
        })
        .collect::<Result<_>>()?;
    bar.finish_and_clear();
    let batch = assemble(&args.tag, ranked)?;
    let empty = batch.empty_queries.len();
    if empty > 0 {
        eprintln!(
            "sagasu: {empty} {} retrieved nothing",
            if empty == 1 { "query" } else { "queries" }
        );
    }
    print_issues(&batch.issues);
    Ok(batch.run)
}

/// Says on stderr which ids of the run differ from their paths.
fn print_issues(issues: &IdIssues) {
    if let Some(path) = issues.rewritten.first() {
        eprintln!(
            "sagasu: {} path(s) contain whitespace, written with `_` in the run (e.g. \"{}\")",
            issues.rewritten.len(),
            escape_path(path)
        );
    }
    if let Some(id) = issues.collisions.first() {
        eprintln!(
            "sagasu: {} document id(s) stand for several files (same name, other extension); \
             only the best-ranked file of each is kept (e.g. \"{}\")",
            issues.collisions.len(),
            escape_path(id)
        );
    }
}

/// A short name for a run in the comparison table: its file name, or the
/// whole path if both runs share a file name.
fn run_names(a: &Path, b: &Path) -> (String, String) {
    let name = |p: &Path| p.file_name().map(|n| escape_path(&n.to_string_lossy()).into_owned());
    match (name(a), name(b)) {
        (Some(x), Some(y)) if x != y => (x, y),
        _ => (path_name(a), path_name(b)),
    }
}

fn compare(args: &EvalArgs, metrics: &[Metric], a: &Path, b: &Path) -> Result<bool> {
    let qrels = read_qrels(&args.qrels)?;
    let run_a = read_run(a)?;
    let run_b = read_run(b)?;
    let options = EvalOptions {
        complete: args.complete,
        depth: args.depth.map(|d| d as usize),
        ..EvalOptions::default()
    };
    let scoring = |run: &Run, path: &Path| {
        evaluate(run, &qrels, metrics, &options)
            .with_context(|| format!("scoring run {} against {}", path_name(path), path_name(&args.qrels)))
    };
    let (eval_a, eval_b) = (scoring(&run_a, a)?, scoring(&run_b, b)?);
    let compare_options = CompareOptions {
        iterations: args.iterations as usize,
        seed: args.seed,
    };
    let comparisons = compare_evaluations(&eval_a, &eval_b, &compare_options)
        .with_context(|| format!("comparing {} with {}", path_name(b), path_name(a)))?;

    if args.json {
        let report = CompareReport {
            a: path_name(a),
            b: path_name(b),
            qrels: path_name(&args.qrels),
            num_q: PerRun {
                a: eval_a.num_q,
                b: eval_b.num_q,
            },
            comparisons: &comparisons,
        };
        let json = serde_json::to_string_pretty(&report).context("cannot serialize JSON")?;
        to_stdout(|out| writeln!(out, "{json}"))?;
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
        let table = render_comparison_table(&comparisons, &name_a, &name_b);
        to_stdout(|out| out.write_all(table.as_bytes()))?;
    }
    Ok(true)
}
