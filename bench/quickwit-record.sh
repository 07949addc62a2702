#!/usr/bin/env bash
# Records the Quickwit answers that tests/e2e/quickwit.rs replays with a fake
# server (CI has no Quickwit): the small corpus of tests/fixtures/quickwit/
# is indexed, exported and ingested into the running cluster (index
# `sagasu-fixture`), then every query of queries.tsv and the eval of
# eval-queries.tsv run through node 2 with SAGASU_QUICKWIT_TRACE, into
# tests/fixtures/quickwit/trace.ndjson.
#
# Needs the cluster: bench/quickwit-cluster.sh build && bench/quickwit-cluster.sh start.
# Re-record whenever the translation or the request changes (the fake
# server answers only requests it has recorded, byte for byte in JSON).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
fx="$root/tests/fixtures/quickwit"
cluster_sh="$root/bench/quickwit-cluster.sh"
cargo build -p sagasu --quiet
sagasu="$root/target/debug/sagasu"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$sagasu" --corpus "$fx/corpus" --index "$work/idx" export --to quickwit "$work/export" --index-id sagasu-fixture
"$cluster_sh" delete sagasu-fixture
"$cluster_sh" create "$work/export"
"$cluster_sh" ingest "$work/export" >/dev/null
target="$("$cluster_sh" url 2)/sagasu-fixture"
trace="$fx/trace.ndjson"
rm -f "$trace"
while IFS=$'\t' read -r flags query; do
    [[ -z "$query" || "$flags" == \#* ]] && continue
    [[ "$flags" == - ]] && flags=""
    # shellcheck disable=SC2086
    SAGASU_QUICKWIT_TRACE="$trace" "$sagasu" --corpus "$fx/corpus" search --json $flags \
        --quickwit "$target" -- "$query" >/dev/null || true
done <"$fx/queries.tsv"
SAGASU_QUICKWIT_TRACE="$trace" "$sagasu" --corpus "$fx/corpus" eval --quickwit "$target" \
    --queries "$fx/eval-queries.tsv" --qrels "$fx/eval-qrels.txt" >/dev/null
"$cluster_sh" delete sagasu-fixture
echo "recorded $(wc -l <"$trace") exchanges ($(du -h "$trace" | cut -f1)) in $trace" >&2
