# Shortcuts for the README's commands. Everything here also works without
# `just`: each recipe is one cargo command or one script.

# Search the default corpus (builds the index on first use).
search +QUERY:
    cargo run --release -- search {{QUERY}}

# Build or update the index of corpus/ into index/.
index *ARGS:
    cargo run --release -- index {{ARGS}}

# The test suite (what CI runs after fmt, clippy and the fuzz check).
test:
    cargo test --workspace

# sagasu eval against trec_eval on the three test collections of
# ../shared/collections; prints README.md's relevance table.
eval-check:
    cargo build --workspace
    SAGASU_BIN=target/debug/sagasu bash tests/eval_crosscheck.sh

# Formatting, lints and tests, exactly as CI.
ci:
    bash .ci/run

# The performance table (issue 7): build, incremental, query latency and
# whole-process search on debdocs beside tantivy-cli and ripgrep, eval
# throughput, PDFs (issue 14) beside ripgrep-all, sagasu serve over HTTP
# (issue 17, wrk); written to BENCHMARKS.md.
# Needs `just bench-corpus` first.
# (The criterion benchmarks alone: `cargo bench --workspace`.)
bench:
    bash bench/run.sh

# Download and prepare the benchmark corpora and tools into bench-data/
# (git-ignored): debdocs, sotu, the 50 MB seed repetition, tantivy-cli,
# pdfdocs (real PDFs) and ripgrep-all.
bench-corpus:
    bash bench/corpus.sh

# sagasu handed over to a local 3-node Quickwit cluster (issue 18): builds
# Quickwit 0.9.0 once into bench-data/scale/ (from ../shared/scale/, with
# protobuf-compiler), exports and ingests debdocs and vaswani, runs the
# benchmark queries locally and through the cluster (a node is killed
# mid-run), evals vaswani both ways; the section of BENCHMARKS.md.
# Needs `just bench-corpus` first. Not in CI.
scale:
    bash bench/scale.sh
