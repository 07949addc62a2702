//! Scores a TREC run file with sagasu_eval and prints the result, by default
//! as JSON `{metric: summary}` with the same keys as
//! `tests/trec_eval_check.py`, so the two can be compared.
//!
//! ```text
//! cargo run -p sagasu-eval --example score -- --qrels QRELS --run RUN
//!     [--metrics map,ndcg_cut.10,...] [--depth N] [--complete]
//!     [--relevance-level L] [--per-query] [--format json|table|trec]
//! ```
//!
//! With `--per-query` the JSON is `{"summary": {...}, "per_query": {qid: {...}}}`.
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use std::process::ExitCode;

use sagasu_eval::{
    evaluate, render_per_query_table, render_table, render_trec_eval, EvalOptions, Evaluation, Metric, Qrels, Run,
};

const USAGE: &str = "usage: score --qrels FILE --run FILE [--metrics LIST] [--depth N] \
[--complete] [--relevance-level L] [--per-query] [--format json|table|trec]";

struct Args {
    qrels: String,
    run: String,
    metrics: Vec<Metric>,
    options: EvalOptions,
    per_query: bool,
    format: String,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let (mut qrels, mut run) = (None, None);
    let mut metrics = Metric::default_set();
    let mut options = EvalOptions::default();
    let mut per_query = false;
    let mut format = "json".to_owned();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--qrels" => qrels = Some(value("--qrels")?),
            "--run" => run = Some(value("--run")?),
            "--metrics" => metrics = Metric::parse_list(&value("--metrics")?).map_err(|e| e.to_string())?,
            "--depth" => {
                let v = value("--depth")?;
                options.depth = Some(v.parse().map_err(|_| format!("bad --depth `{v}`"))?);
            }
            "--relevance-level" => {
                let v = value("--relevance-level")?;
                options.relevance_level = v.parse().map_err(|_| format!("bad --relevance-level `{v}`"))?;
            }
            "--complete" => options.complete = true,
            "--per-query" => per_query = true,
            "--format" => format = value("--format")?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        qrels: qrels.ok_or("--qrels is required")?,
        run: run.ok_or("--run is required")?,
        metrics,
        options,
        per_query,
        format,
    })
}

fn json(evaluation: &Evaluation, per_query: bool) -> String {
    if per_query {
        let queries: serde_json::Map<String, serde_json::Value> = evaluation
            .per_query
            .iter()
            .map(|q| (q.qid.clone(), serde_json::to_value(&q.values).unwrap()))
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({
            "summary": evaluation.summary,
            "per_query": queries,
        }))
        .unwrap()
    } else {
        serde_json::to_string_pretty(&evaluation.summary).unwrap()
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("score: {msg}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    // The library parses text; reading the files is the caller's job.
    let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"));
    let result = read(&args.qrels).and_then(|qrels| {
        let run = read(&args.run)?;
        let qrels = Qrels::parse(&qrels, &args.qrels).map_err(|e| e.to_string())?;
        let run = Run::parse(&run, &args.run).map_err(|e| e.to_string())?;
        evaluate(&run, &qrels, &args.metrics, &args.options).map_err(|e| e.to_string())
    });
    let evaluation = match result {
        Ok(e) => e,
        Err(e) => {
            eprintln!("score: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args.format.as_str() {
        "json" => println!("{}", json(&evaluation, args.per_query)),
        "table" if args.per_query => print!("{}", render_per_query_table(&evaluation)),
        "table" => print!("{}", render_table(&evaluation)),
        "trec" => print!("{}", render_trec_eval(&evaluation, args.per_query)),
        other => {
            eprintln!("score: unknown --format `{other}`\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
