# Shortcuts for the README's commands. Everything here also works without
# `just`: each recipe is one cargo command.

# Search the default corpus (builds the index on first use).
search +QUERY:
    cargo run --release -- search {{QUERY}}

# Build or update the index of corpus/ into index/.
index *ARGS:
    cargo run --release -- index {{ARGS}}

# The test suite (what CI runs after fmt and clippy).
test:
    cargo test --workspace

# Formatting, lints and tests, exactly as CI.
ci:
    bash .ci/run

# Benchmarks: analyzer throughput and query latency (criterion).
bench:
    cargo bench --workspace
