//! Query latency, in-process and single-threaded, after a warm-up pass
//! (issues 4 and 7). Not a criterion benchmark: it reports percentiles over
//! a fixed query set on an index built beforehand (see bench/run.sh).
//!
//! Environment:
//! - `SAGASU_BENCH_INDEX`   the index folder (required)
//! - `SAGASU_BENCH_QUERIES` query files, `:`-separated (required). A `.jsonl`
//!   file has `{"query": ..., "tags": [type, ...]}` lines (search-benchmark-game);
//!   any other file has `type<TAB>query` lines (`#` comments allowed).
//! - `SAGASU_BENCH_ALIASES` an alias file (default: none)
//! - `SAGASU_BENCH_REPEAT`  measured passes over the queries (default 3)
//! - `SAGASU_BENCH_OUT`     write the figures as JSON here too
//! - `SAGASU_BENCH_MODES`   comma-separated subset of `snippets,nosnippets,rank,noprf,prf`
//!   (default: the first three)
//! - `SAGASU_BENCH_BUDGET_S` seconds per mode (default: none). The queries are
//!   measured in a fixed shuffled order, so a pass cut by the budget measures
//!   a random sample of the query set; the figures say how many were measured.
//!
//! Warm-up: one `rank` pass over every query (it touches the postings and
//! dictionaries of every query term), then the first 20 queries of each mode.
//!
//! Modes, each top 10 documents:
//! - `snippets`:   `Searcher::search` with the CLI's defaults (3 snippets per document;
//!   pseudo-relevance feedback on, as `search` runs since issue 28: two searches)
//! - `nosnippets`: `Searcher::search` with `snippets: 0` and no feedback (one search, no
//!   stored passage read: the engine's floor, beside tantivy-cli's `bench`)
//! - `rank`:       `Searcher::rank(text, 10, true)` (the eval path: one passage per document)
//! - `noprf`:      `snippets` without feedback (`search --no-prf`)
//! - `prf`:        the same as `snippets` (feedback at its defaults), the name of old runs
//!
//! Run: `SAGASU_BENCH_INDEX=... SAGASU_BENCH_QUERIES=... cargo bench -p sagasu-searcher --bench latency`
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]
#![allow(missing_docs)] // criterion_group! defines undocumented functions

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use sagasu_searcher::{Aliases, Feedback, SearchOptions, Searcher};
use serde_json::{json, Value};

struct Query {
    kind: String,
    text: String,
}

fn read_queries(path: &str) -> Vec<Query> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if path.ends_with(".jsonl") {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}:{}: {e}", n + 1));
            let kind = v["tags"][0].as_str().unwrap_or("other").to_string();
            out.push(Query {
                kind,
                text: v["query"].as_str().unwrap_or_default().to_string(),
            });
        } else {
            let (kind, q) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("{path}:{}: expected type<TAB>query", n + 1));
            out.push(Query {
                kind: kind.to_string(),
                text: q.to_string(),
            });
        }
    }
    out
}

#[derive(Default)]
struct Stats {
    samples: Vec<Duration>,
}

impl Stats {
    fn summary(&mut self) -> Value {
        self.samples.sort();
        let n = self.samples.len();
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        let pct = |p: f64| {
            if n == 0 {
                return 0.0;
            }
            // nearest-rank percentile
            let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as usize;
            us(self.samples[rank.min(n) - 1])
        };
        let mean = if n == 0 {
            0.0
        } else {
            self.samples.iter().map(|&d| us(d)).sum::<f64>() / n as f64
        };
        json!({
            "n": n,
            "p50_us": pct(50.0),
            "p90_us": pct(90.0),
            "p99_us": pct(99.0),
            "mean_us": mean,
            "max_us": self.samples.last().map(|&d| us(d)).unwrap_or(0.0),
        })
    }
}

fn main() {
    // `cargo bench` passes `--bench` (and maybe a filter): ignore arguments.
    let index = std::env::var("SAGASU_BENCH_INDEX").unwrap_or_default();
    let files = std::env::var("SAGASU_BENCH_QUERIES").unwrap_or_default();
    if index.is_empty() || files.is_empty() {
        eprintln!("latency: set SAGASU_BENCH_INDEX and SAGASU_BENCH_QUERIES (see bench/run.sh); skipping");
        return;
    }
    let repeat: usize = std::env::var("SAGASU_BENCH_REPEAT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let modes: Vec<String> = std::env::var("SAGASU_BENCH_MODES")
        .unwrap_or_else(|_| "snippets,nosnippets,rank".into())
        .split(',')
        .map(str::to_string)
        .collect();

    let t = Instant::now();
    let opened = sagasu_store::open_index(&PathBuf::from(&index)).expect("cannot open the index");
    let open_time = t.elapsed();
    let aliases = match std::env::var("SAGASU_BENCH_ALIASES") {
        Ok(p) if !p.is_empty() => {
            let text = std::fs::read_to_string(&p).expect("cannot read the alias file");
            Aliases::parse(&text, &p).expect("bad alias file")
        }
        _ => Aliases::default(),
    };
    let searcher = Searcher::new(opened.reader.clone(), opened.fields, aliases).folder(opened.path.clone());
    let queries: Vec<Query> = files.split(':').flat_map(read_queries).collect();
    eprintln!(
        "latency: {} queries from {files}, index {index} (opened in {:.1} ms), up to {repeat} measured passes",
        queries.len(),
        open_time.as_secs_f64() * 1e3
    );

    let budget = std::env::var("SAGASU_BENCH_BUDGET_S")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .map(Duration::from_secs_f64);
    // A fixed shuffle, so that a budget cuts a random sample.
    let mut order: Vec<usize> = (0..queries.len()).collect();
    sagasu_testkit::SplitMix64::new(0x9E37_79B9_7F4A_7C15).shuffle(&mut order);
    let t = Instant::now();
    for q in &queries {
        std::hint::black_box(searcher.rank(&q.text, 10, true).ok());
    }
    eprintln!("latency: warm-up pass (rank) in {:.1} s", t.elapsed().as_secs_f64());

    let with = SearchOptions::default();
    let without = SearchOptions {
        snippets: 0,
        feedback: None,
        ..SearchOptions::default()
    };
    let feedback = SearchOptions {
        feedback: Some(Feedback::default()),
        ..SearchOptions::default()
    };
    let plain = SearchOptions {
        feedback: None,
        ..SearchOptions::default()
    };
    let mut report = serde_json::Map::new();
    report.insert("index".into(), json!(index));
    report.insert("queries".into(), json!(queries.len()));
    report.insert("repeat".into(), json!(repeat));
    report.insert("open_ms".into(), json!(open_time.as_secs_f64() * 1e3));
    report.insert("budget_s".into(), json!(budget.map(|b| b.as_secs_f64())));

    for mode in &modes {
        // Returns (documents found, error) for one query.
        let run = |q: &Query| -> Result<usize, String> {
            match mode.as_str() {
                "snippets" => searcher
                    .search(&q.text, &with)
                    .map(|r| r.total_documents)
                    .map_err(|e| e.to_string()),
                "nosnippets" => searcher
                    .search(&q.text, &without)
                    .map(|r| r.total_documents)
                    .map_err(|e| e.to_string()),
                "noprf" => searcher
                    .search(&q.text, &plain)
                    .map(|r| r.total_documents)
                    .map_err(|e| e.to_string()),
                "prf" => searcher
                    .search(&q.text, &feedback)
                    .map(|r| r.total_documents)
                    .map_err(|e| e.to_string()),
                "rank" => searcher
                    .rank(&q.text, 10, true)
                    .map(|r| r.len())
                    .map_err(|e| e.to_string()),
                other => panic!("unknown mode {other}"),
            }
        };
        for q in queries.iter().take(20) {
            std::hint::black_box(run(q).ok());
        }
        // Hits and errors are recorded the first time a query is measured.
        let mut hits = BTreeMap::<String, (usize, usize)>::new(); // kind -> (queries with results, queries measured)
        let mut errors = Vec::new();
        let mut zero = Vec::new();
        let mut by_kind: BTreeMap<String, Stats> = BTreeMap::new();
        let mut all = Stats::default();
        let mut per_query_max: Vec<Option<Duration>> = vec![None; queries.len()];
        let started = Instant::now();
        let mut passes = 0;
        'passes: for pass in 0..repeat {
            for &i in &order {
                if budget.is_some_and(|b| started.elapsed() > b) {
                    break 'passes;
                }
                let q = &queries[i];
                let t = Instant::now();
                let r = run(q);
                let d = t.elapsed();
                by_kind.entry(q.kind.clone()).or_default().samples.push(d);
                all.samples.push(d);
                // Split by outcome: a query that finds nothing costs the suggestion scan.
                let outcome = match &r {
                    Ok(n) if *n > 0 => "(any type) with results",
                    _ => "(any type) no results",
                };
                by_kind.entry(outcome.into()).or_default().samples.push(d);
                if pass == 0 {
                    let e = hits.entry(q.kind.clone()).or_default();
                    e.1 += 1;
                    match r {
                        Ok(n) if n > 0 => e.0 += 1,
                        Ok(_) => zero.push(q.text.clone()),
                        Err(err) => errors.push(format!("{}: {err}", q.text)),
                    }
                }
                per_query_max[i] = Some(per_query_max[i].map_or(d, |m| m.max(d)));
            }
            passes += 1;
        }
        let mut per_query_max: Vec<(Duration, &str)> = per_query_max
            .iter()
            .zip(&queries)
            .filter_map(|(d, q)| d.map(|d| (d, q.text.as_str())))
            .collect();
        let measured = per_query_max.len();
        per_query_max.sort_by_key(|e| std::cmp::Reverse(e.0));
        let mut m = serde_json::Map::new();
        m.insert("all".into(), all.summary());
        m.insert("measured_queries".into(), json!(measured));
        m.insert("complete_passes".into(), json!(passes));
        for (k, s) in by_kind.iter_mut() {
            let mut v = s.summary();
            if let Some((h, n)) = hits.get(k) {
                v["queries"] = json!(n);
                v["with_results"] = json!(h);
            }
            m.insert(k.clone(), v);
        }
        m.insert("errors".into(), json!(errors));
        m.insert("no_results".into(), json!(zero));
        m.insert(
            "slowest".into(),
            json!(per_query_max
                .iter()
                .take(10)
                .map(|(d, q)| json!({"query": q, "us": d.as_secs_f64() * 1e6}))
                .collect::<Vec<_>>()),
        );
        eprintln!(
            "{mode:>10}: {:>5} samples of {measured} queries ({passes} complete passes)  p50 {:>9.1} µs  p90 {:>9.1} µs  p99 {:>9.1} µs  mean {:>9.1} µs  ({} errors, {} without results)",
            m["all"]["n"],
            m["all"]["p50_us"].as_f64().unwrap_or(0.0),
            m["all"]["p90_us"].as_f64().unwrap_or(0.0),
            m["all"]["p99_us"].as_f64().unwrap_or(0.0),
            m["all"]["mean_us"].as_f64().unwrap_or(0.0),
            errors.len(),
            zero.len()
        );
        for (k, v) in &m {
            if let Some(p50) = v.get("p50_us").and_then(Value::as_f64) {
                if k != "all" {
                    eprintln!(
                        "{:>22}: n {:>5}  p50 {:>9.1}  p90 {:>9.1}  p99 {:>9.1}  mean {:>9.1}",
                        k,
                        v["n"],
                        p50,
                        v["p90_us"].as_f64().unwrap_or(0.0),
                        v["p99_us"].as_f64().unwrap_or(0.0),
                        v["mean_us"].as_f64().unwrap_or(0.0)
                    );
                }
            }
        }
        report.insert(mode.clone(), Value::Object(m));
    }
    let out = Value::Object(report);
    if let Ok(p) = std::env::var("SAGASU_BENCH_OUT") {
        if !p.is_empty() {
            std::fs::write(&p, serde_json::to_string_pretty(&out).unwrap()).expect("cannot write SAGASU_BENCH_OUT");
        }
    }
}
