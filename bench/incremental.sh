#!/usr/bin/env bash
# Benchmark of incremental indexing (issue 5, "Speed and memory").
#
# Generates a deterministic corpus (default 20,000 documents, seed 42) from
# the seed corpus with crates/indexer/examples/gen_corpus.rs, then times the
# release binary on: a full build, a no-change run, adding 1 document,
# changing 1, touching 1 (new mtime, same bytes), removing 1. Wall time and
# peak RSS come from /usr/bin/time -v; counts from `sagasu index --json`,
# which are checked (the script fails if a step did more or less than it
# should). Prints a markdown table.
#
#   bench/incremental.sh                 # 20,000 documents
#   DOCS=50000 bench/incremental.sh      # a bigger corpus
#
# Generated files go to bench-data/ (git-ignored). Timings are with a warm
# page cache (the corpus was just written).
set -euo pipefail
cd "$(dirname "$0")/.."

DOCS=${DOCS:-20000}
SEED=${SEED:-42}
DATA=${DATA:-bench-data}
CORPUS=$DATA/corpus-$DOCS
INDEX=$DATA/index-$DOCS
BIN=target/release/sagasu
GEN=target/release/examples/gen_corpus

if [[ ! -x /usr/bin/time ]]; then
    echo "bench/incremental.sh needs GNU time (/usr/bin/time -v)" >&2
    exit 2
fi

cargo build --release --quiet -p sagasu --bin sagasu
cargo build --release --quiet -p sagasu-indexer --example gen_corpus
mkdir -p "$DATA"
"$GEN" --seed-corpus corpus --out "$CORPUS" --docs "$DOCS" --seed "$SEED" >&2
rm -rf "$INDEX"

TIME_OUT=$DATA/time.txt
REPORT=$DATA/report.json
rows=()
full_s=

field() { # field NAME: a number from the last JSON report
    grep -o "\"$1\":[0-9]*" "$REPORT" | head -1 | cut -d: -f2
}

step() { # step NAME EXPECT_ADDED EXPECT_UPDATED EXPECT_REMOVED EXPECT_UNCHANGED [ARGS...]
    local name=$1 a=$2 u=$3 r=$4 n=$5
    shift 5
    /usr/bin/time -v -o "$TIME_OUT" "$BIN" --corpus "$CORPUS" --index "$INDEX" index --json "$@" >"$REPORT"
    local wall rss cpu
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, t, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + t[i]
        printf "%.3f", s }' "$TIME_OUT")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$TIME_OUT")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$TIME_OUT")
    local got="$(field added)/$(field updated)/$(field removed)/$(field unchanged)"
    if [[ "$got" != "$a/$u/$r/$n" ]]; then
        echo "bench: $name: expected added/updated/removed/unchanged $a/$u/$r/$n, got $got" >&2
        cat "$REPORT" >&2
        exit 1
    fi
    [[ -z "$full_s" ]] && full_s=$wall
    local share
    share=$(awk -v w="$wall" -v f="$full_s" 'BEGIN { printf "%.2f %%", 100 * w / f }')
    rows+=("| $name | $wall | $share | $cpu | $rss | $got | $(field bytes_read) | $(field documents) | $(field passages) |")
}

ADDED=$CORPUS/bench-added.txt
CHANGED=$CORPUS/000/000001.txt
TOUCHED=$CORPUS/000/000003.txt
REMOVED=$CORPUS/000/000002.txt

step "full build" "$DOCS" 0 0 0
step "no change" 0 0 0 "$DOCS"
{ echo "A document added for the benchmark"; cat "$CORPUS/000/000000.txt"; } >"$ADDED"
step "add 1" 1 0 0 "$DOCS"
echo "A line appended for the benchmark." >>"$CHANGED"
step "change 1" 0 1 0 "$DOCS"
touch -d "+1 hour" "$TOUCHED"
step "touch 1 (same bytes)" 0 0 0 "$((DOCS + 1))"
rm "$REMOVED"
step "remove 1" 0 0 1 "$DOCS"

bytes=$(du -sb "$CORPUS" | cut -f1)
echo
echo "Corpus: $DOCS generated documents ($((bytes / 1000000)) MB, seed $SEED), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg), release build."
echo
echo "| step | wall (s) | share of full build | CPU user+sys (s) | peak RSS (MB) | added/updated/removed/unchanged | bytes read | documents | passages |"
echo "|---|---:|---:|---:|---:|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
