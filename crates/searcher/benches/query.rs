//! Query + snippets on the seed corpus (criterion), so that a regression in
//! parsing, ranking, grouping or snippet making shows in review. Small and
//! fast: the index of corpus/ is built once into a temporary folder.
//!
//! ```text
//! cargo bench -p sagasu-searcher --bench query
//! ```
//!
//! The full latency table on debdocs and on a 50 MB corpus is `just bench`
//! (bench/run.sh, the `latency` bench target).
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]
#![allow(missing_docs)] // criterion_group! defines undocumented functions

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use sagasu_indexer::{IndexOptions, NoProgress};
use sagasu_searcher::{Aliases, SearchOptions, Searcher};
use sagasu_store::open_index;

/// One query of each kind of the syntax table.
const QUERIES: &[(&str, &str)] = &[
    ("term", "Nordpolitik"),
    ("and", "security cooperation"),
    ("phrase", "\"joint declaration\""),
    ("name", "Kim Dae-jung"),
    ("diacritics", "Chosŏn"),
    ("cjk", "日本"),
    ("prefix", "Nordpol*"),
    ("fuzzy", "Ishbia~1"),
    ("negated", "Koizumi -Yasukuni"),
    ("alias", "Dokdo"),
    ("nothing", "zyxwvutsrq"),
];

fn bench(c: &mut Criterion) {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let dir = tempfile::tempdir().expect("temporary folder");
    let index = dir.path().join("index");
    let mut opts = IndexOptions::new(&corpus, &index);
    opts.threads = 1;
    sagasu_indexer::index(&opts, &NoProgress).expect("indexing the seed corpus");
    let opened = open_index(&index).expect("opening the index");
    let aliases = std::fs::read_to_string(corpus.join(".sagasu-aliases.txt"))
        .ok()
        .and_then(|text| Aliases::parse(&text, ".sagasu-aliases.txt").ok())
        .unwrap_or_default();
    let searcher = Searcher::new(opened.reader.clone(), opened.fields, aliases);

    // `snippets`: the CLI's default (feedback on); `nosnippets`: one
    // search, no stored passage read (no snippets, no feedback), as the
    // latency bench's mode of that name.
    let with = SearchOptions::default();
    let without = SearchOptions {
        snippets: 0,
        feedback: None,
        ..SearchOptions::default()
    };
    let mut g = c.benchmark_group("seed-query");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30);
    for &(name, q) in QUERIES {
        g.bench_function(format!("{name}/snippets"), |b| {
            b.iter(|| black_box(searcher.search(black_box(q), &with).unwrap()))
        });
    }
    for &(name, q) in &QUERIES[..3] {
        g.bench_function(format!("{name}/nosnippets"), |b| {
            b.iter(|| black_box(searcher.search(black_box(q), &without).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
