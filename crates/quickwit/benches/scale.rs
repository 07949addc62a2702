//! The cluster against the local index (issue 18, `just scale`): the same
//! queries through `Searcher::search` and `ClusterSearcher::search` (the
//! CLI's defaults: top 10 documents, 3 snippets each), one after the
//! other per query so that both see the same machine, with their
//! latencies, the overlap of their top 10 documents, and what happens when
//! a node is killed mid-run. Not a criterion benchmark: bench/scale.sh
//! runs it against a cluster it started.
//!
//! Environment (all required but the last three):
//! - `SCALE_INDEX`    the local index folder
//! - `SCALE_TARGET`   the cluster's index, `http://HOST:PORT/INDEX`
//! - `SCALE_QUERIES`  `kind<TAB>query` lines
//! - `SCALE_OUT`      where the figures go (JSON)
//! - `SCALE_REPEAT`   measured passes after the first (default 1)
//! - `SCALE_KILL_AT`  in the last pass, run `SCALE_KILL_CMD` (a shell
//!   command) before this query, once; the figures then split the pass
//!   into before and after
//!
//! The first pass warms both up and gives the overlap; the measured passes
//! give the latencies. Overlap of a query: the documents both top 10s
//! share, over the longer of the two (a query that finds nothing locally
//! is left out).
#![allow(unused_crate_dependencies)]
#![allow(missing_docs)]

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use sagasu_quickwit::{ClusterSearcher, Target};
use sagasu_searcher::{Aliases, SearchOptions, Searcher};
use serde_json::{json, Value};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("scale: set {name} (see bench/scale.sh)"))
}

fn percentiles(samples: &mut [Duration]) -> Value {
    samples.sort();
    let n = samples.len();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let pct = |p: f64| {
        if n == 0 {
            return 0.0;
        }
        let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as usize;
        ms(samples[rank.min(n) - 1])
    };
    let mean = if n == 0 {
        0.0
    } else {
        samples.iter().map(|&d| ms(d)).sum::<f64>() / n as f64
    };
    json!({"n": n, "p50_ms": pct(50.0), "p90_ms": pct(90.0), "p99_ms": pct(99.0), "mean_ms": mean,
           "max_ms": samples.last().map_or(0.0, |&d| ms(d))})
}

#[derive(Default)]
struct Samples {
    local: Vec<Duration>,
    cluster: Vec<Duration>,
}

fn main() {
    if std::env::var("SCALE_INDEX").is_err() {
        eprintln!("scale: set SCALE_INDEX, SCALE_TARGET, SCALE_QUERIES, SCALE_OUT (see bench/scale.sh); skipping");
        return;
    }
    let index = env("SCALE_INDEX");
    let target = env("SCALE_TARGET");
    let out = env("SCALE_OUT");
    let queries: Vec<(String, String)> = std::fs::read_to_string(env("SCALE_QUERIES"))
        .expect("scale: cannot read SCALE_QUERIES")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, q)| (k.to_string(), q.to_string()))
        .collect();
    let repeat: usize = std::env::var("SCALE_REPEAT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let kill_at: Option<usize> = std::env::var("SCALE_KILL_AT").ok().and_then(|s| s.parse().ok());
    let kill_cmd = std::env::var("SCALE_KILL_CMD").unwrap_or_default();

    let opened = sagasu_store::open_index(std::path::Path::new(&index)).expect("scale: cannot open SCALE_INDEX");
    let local = Searcher::new(opened.reader, opened.fields, Aliases::default());
    let cluster = ClusterSearcher::new(
        Target::parse(&target).expect("scale: bad SCALE_TARGET"),
        Aliases::default(),
    );
    // The cluster runs no feedback: neither does the local side compared with it.
    let opts = SearchOptions {
        feedback: None,
        ..SearchOptions::default()
    };

    // Pass 0: warm-up and overlap.
    let mut overlaps: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut identical = 0usize;
    let mut compared = 0usize;
    let mut worst: Vec<(f64, String)> = Vec::new();
    let mut warm_errors = Vec::new();
    for (kind, q) in &queries {
        let l = local.search(q, &opts);
        let c = cluster.search(q, &opts);
        match (l, c) {
            (Ok(l), Ok(c)) => {
                let lp: Vec<&str> = l.results.iter().map(|r| r.path.as_str()).collect();
                let cp: Vec<&str> = c.results.iter().map(|r| r.path.as_str()).collect();
                if lp.is_empty() {
                    continue;
                }
                let shared = lp
                    .iter()
                    .collect::<HashSet<_>>()
                    .intersection(&cp.iter().collect())
                    .count();
                let overlap = shared as f64 / lp.len().max(cp.len()) as f64;
                overlaps.entry(kind.clone()).or_default().push(overlap);
                overlaps.entry("all".into()).or_default().push(overlap);
                compared += 1;
                identical += usize::from(lp == cp);
                worst.push((overlap, q.clone()));
            }
            (Err(e), _) => warm_errors.push(json!({"query": q, "local": e.to_string()})),
            (_, Err(e)) => warm_errors.push(json!({"query": q, "cluster": e.to_string()})),
        }
    }
    worst.sort_by(|a, b| a.0.total_cmp(&b.0));
    eprintln!("scale: overlap pass done ({compared} queries with local results)");

    // Measured passes.
    let mut by_kind: BTreeMap<String, Samples> = BTreeMap::new();
    let mut before = Samples::default();
    let mut after = Samples::default();
    let mut after_errors: Vec<Value> = Vec::new();
    let mut errors_before = 0usize;
    let mut errors_after = 0usize;
    let mut killed_at: Option<Instant> = None;
    let mut first_error_after: Option<f64> = None;
    let mut last_error_after: Option<f64> = None;
    for pass in 0..repeat {
        let last = pass + 1 == repeat;
        for (i, (kind, q)) in queries.iter().enumerate() {
            if last && kill_at == Some(i) && killed_at.is_none() && !kill_cmd.is_empty() {
                let status = std::process::Command::new("sh").arg("-c").arg(&kill_cmd).status();
                eprintln!("scale: query {i}: ran `{kill_cmd}`: {status:?}");
                killed_at = Some(Instant::now());
            }
            let t = Instant::now();
            let _ = local.search(q, &opts);
            let tl = t.elapsed();
            let t = Instant::now();
            let c = cluster.search(q, &opts);
            let tc = t.elapsed();
            let s = by_kind.entry(kind.clone()).or_default();
            s.local.push(tl);
            s.cluster.push(tc);
            let all = by_kind.entry("all".into()).or_default();
            all.local.push(tl);
            all.cluster.push(tc);
            if last {
                let half = if killed_at.is_some() { &mut after } else { &mut before };
                half.local.push(tl);
                half.cluster.push(tc);
            }
            if let Err(e) = c {
                match killed_at {
                    Some(k) => {
                        let since = k.elapsed().as_secs_f64();
                        first_error_after.get_or_insert(since);
                        last_error_after = Some(since);
                        errors_after += 1;
                        if after_errors.len() < 20 {
                            after_errors.push(json!({"query": q, "after_s": since, "error": e.to_string()}));
                        }
                    }
                    None => errors_before += 1,
                }
            }
        }
    }
    let after_total = after.cluster.len();
    let kinds: BTreeMap<String, Value> = by_kind
        .iter_mut()
        .map(|(k, s)| {
            let mean = |v: &Vec<f64>| v.iter().sum::<f64>() / v.len().max(1) as f64;
            (
                k.clone(),
                json!({"local": percentiles(&mut s.local), "cluster": percentiles(&mut s.cluster),
                       "overlap": overlaps.get(k).map(mean), "overlap_n": overlaps.get(k).map_or(0, Vec::len)}),
            )
        })
        .collect();
    let report = json!({
        "queries": queries.len(),
        "repeat": repeat,
        "compared": compared,
        "identical_top10": identical,
        "kinds": kinds,
        "lowest_overlap": worst.iter().take(15).map(|(o, q)| json!({"overlap": o, "query": q})).collect::<Vec<_>>(),
        "warm_errors": warm_errors,
        "kill": kill_at.map(|k| json!({
            "at_query": k,
            "command": kill_cmd,
            "errors_before": errors_before,
            "queries_after": after_total,
            "errors_after": errors_after,
            "first_error_after_s": first_error_after,
            "last_error_after_s": last_error_after,
            "errors": after_errors,
            "before": {"local": percentiles(&mut before.local), "cluster": percentiles(&mut before.cluster)},
            "after": {"local": percentiles(&mut after.local), "cluster": percentiles(&mut after.cluster)},
        })),
    });
    std::fs::write(&out, serde_json::to_string_pretty(&report).expect("JSON")).expect("scale: cannot write SCALE_OUT");
    eprintln!("scale: wrote {out}");
}
