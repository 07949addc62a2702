//! Incremental indexing in-process: what one `sagasu index` pass costs on a
//! generated corpus of 2,000 documents when nothing changed, when one file
//! was added, changed, touched (same bytes) or removed, next to a full build.
//!
//! ```text
//! cargo bench -p sagasu-indexer --bench incremental
//! ```
//!
//! The end-to-end figures on 20,000 documents, with peak memory, come from
//! `bench/incremental.sh` (the release binary under /usr/bin/time -v).
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]
#![allow(missing_docs)] // criterion_group! defines undocumented functions

use sagasu_testkit::corpus as corpus_gen;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use sagasu_indexer::{IndexOptions, IndexReport, NoProgress};

const DOCS: usize = 2_000;
const SEED: u64 = 42;

struct Setup {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    lines: Vec<String>,
    opts: IndexOptions,
}

fn setup() -> Setup {
    let seed_corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let lines = corpus_gen::seed_lines(&seed_corpus).expect("seed corpus");
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    corpus_gen::write_corpus(&corpus, &lines, SEED, DOCS).expect("write corpus");
    let opts = IndexOptions::new(&corpus, dir.path().join("index"));
    Setup {
        _dir: dir,
        corpus,
        lines,
        opts,
    }
}

fn index(opts: &IndexOptions) -> IndexReport {
    sagasu_indexer::index(opts, &NoProgress).expect("indexing pass")
}

fn incremental(c: &mut Criterion) {
    let s = setup();
    let first = index(&s.opts);
    assert_eq!(first.added as usize, DOCS);
    let mut g = c.benchmark_group("incremental_2000_docs");
    g.sample_size(20).measurement_time(Duration::from_secs(8));

    g.bench_function("no_change", |b| {
        b.iter(|| {
            let r = index(&s.opts);
            assert_eq!(r.changed() + r.bytes_read, 0);
        })
    });

    let mut n = 0;
    g.bench_function("add_one", |b| {
        b.iter_batched(
            || {
                n += 1;
                let text = corpus_gen::document(&s.lines, SEED + 1, DOCS + n);
                std::fs::write(s.corpus.join(format!("added-{n}.txt")), text).unwrap();
            },
            |()| assert_eq!(index(&s.opts).added, 1),
            BatchSize::PerIteration,
        )
    });

    let changed = s.corpus.join(corpus_gen::doc_path(1));
    let mut k = 0;
    g.bench_function("change_one", |b| {
        b.iter_batched(
            || {
                k += 1;
                let mut text = std::fs::read_to_string(&changed).unwrap();
                text.push_str(&format!("One more line, number {k}.\n"));
                std::fs::write(&changed, text).unwrap();
            },
            |()| assert_eq!(index(&s.opts).updated, 1),
            BatchSize::PerIteration,
        )
    });

    let touched = s.corpus.join(corpus_gen::doc_path(2));
    let mut t = 0;
    g.bench_function("touch_one", |b| {
        b.iter_batched(
            || {
                t += 1;
                let when = SystemTime::now() + Duration::from_secs(t);
                std::fs::File::options()
                    .write(true)
                    .open(&touched)
                    .unwrap()
                    .set_modified(when)
                    .unwrap();
            },
            |()| {
                let r = index(&s.opts);
                assert_eq!((r.changed(), r.bytes_read > 0), (0, true));
            },
            BatchSize::PerIteration,
        )
    });

    let removed = s.corpus.join("to-remove.txt");
    g.bench_function("remove_one", |b| {
        b.iter_batched(
            || {
                std::fs::write(&removed, "A file that is about to go.\n").unwrap();
                assert_eq!(index(&s.opts).added, 1);
                std::fs::remove_file(&removed).unwrap();
            },
            |()| assert_eq!(index(&s.opts).removed, 1),
            BatchSize::PerIteration,
        )
    });
    g.finish();

    let mut g = c.benchmark_group("full_build_2000_docs");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function("full_build", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(&s.opts.index);
            },
            |()| assert_eq!(index(&s.opts).documents as usize, DOCS + n),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, incremental);
criterion_main!(benches);
