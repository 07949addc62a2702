//! Throughput ratio against tantivy's default analyzer, robust to a busy
//! machine (thread CPU time, best of several interleaved runs). Ignored by default; run with
//! `cargo test --release -p sagasu-analysis --test speed -- --ignored --nocapture`.
//! The criterion benchmark (`benches/analyzer.rs`) gives the full report.
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use std::time::{Duration, Instant};

mod support;

use sagasu_analysis::SagasuTokenizer;
use support::corpus_text;
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream, Tokenizer};

fn drain(mut stream: impl TokenStream) -> usize {
    let mut sum = 0;
    while stream.advance() {
        sum += stream.token().text.len();
    }
    sum
}

/// CPU time of the current thread (wall time where the kernel does not
/// say): a busy machine then slows neither side of the ratio.
fn cpu_time() -> Duration {
    static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_else(|| EPOCH.get_or_init(Instant::now).elapsed())
}

fn best(f: &mut dyn FnMut() -> usize) -> Duration {
    let start = cpu_time();
    std::hint::black_box(f());
    cpu_time().saturating_sub(start)
}

#[test]
#[ignore = "timing; run in release"]
fn exact_analyzer_within_2x_of_tantivy_default() {
    let text = corpus_text(10 << 20);
    let mut tantivy = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build();
    let mut exact = SagasuTokenizer::exact();
    let mut stemmed = SagasuTokenizer::stemmed();
    let (mut t, mut s, mut st) = (Duration::MAX, Duration::MAX, Duration::MAX);
    for _ in 0..9 {
        t = t.min(best(&mut || drain(tantivy.token_stream(&text))));
        s = s.min(best(&mut || drain(exact.token_stream(&text))));
        st = st.min(best(&mut || drain(stemmed.token_stream(&text))));
    }
    let mbs = |d: Duration| text.len() as f64 / d.as_secs_f64() / (1 << 20) as f64;
    let ratio = s.as_secs_f64() / t.as_secs_f64();
    println!(
        "tantivy default {:.1} MiB/s, sagasu exact {:.1} MiB/s, sagasu stemmed {:.1} MiB/s, ratio {ratio:.2}",
        mbs(t),
        mbs(s),
        mbs(st)
    );
    assert!(
        ratio <= 2.0,
        "sagasu exact is {ratio:.2}x slower than tantivy's default"
    );
}
