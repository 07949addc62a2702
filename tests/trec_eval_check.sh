#!/usr/bin/env bash
# Cross-checks sagasu_eval against trec_eval (pytrec_eval-terrier bundles it).
#
#   tests/trec_eval_check.sh
#       Self-test: synthetic runs (score ties, missing and unjudged queries,
#       short rankings) over the real qrels of every collection in
#       $SAGASU_COLLECTIONS (default ../shared/collections), plus a graded
#       qrels variant, under several trec_eval options (-M, -c, -l).
#
#   tests/trec_eval_check.sh --qrels QRELS --run RUN [--run RUN2 ...] [--metrics LIST]
#       Checks the given run files (e.g. runs written by `sagasu eval`).
#
#   tests/trec_eval_check.sh --qrels QRELS --run RUN --expect JSON [--metrics LIST]
#       Checks numbers already computed for RUN, e.g. by
#       `sagasu eval --run RUN --qrels QRELS --json --per-query --metrics LIST`
#       (a JSON object with "summary" and "per_query"), against trec_eval.
#
# Every metric, summary and per query, must agree to 4 decimals. pytrec_eval
# is installed into a virtualenv at $TREC_EVAL_VENV (default
# target/trec-eval-venv, git-ignored) on first use and reused afterwards.
# Prints "N passed, M failed" and exits non-zero on any mismatch.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV=${TREC_EVAL_VENV:-$ROOT/target/trec-eval-venv}
COLLECTIONS=${SAGASU_COLLECTIONS:-$ROOT/../shared/collections}
CHECK_PY=$ROOT/tests/trec_eval_check.py
DEFAULT_METRICS="map,ndcg_cut.5,ndcg_cut.10,ndcg_cut.1000,P.5,P.10,P.1000,recall.10,recall.100,recall.1000,recip_rank,num_rel_ret,num_ret,num_rel,num_q"

qrels=""
runs=()
metrics=$DEFAULT_METRICS
expect=""
while [ $# -gt 0 ]; do
    case $1 in
        --qrels) qrels=$2; shift 2 ;;
        --run) runs+=("$2"); shift 2 ;;
        --metrics) metrics=$2; shift 2 ;;
        --expect) expect=$2; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "trec_eval_check.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
if { [ -n "$qrels" ] && [ ${#runs[@]} -eq 0 ]; } || { [ -z "$qrels" ] && [ ${#runs[@]} -gt 0 ]; }; then
    echo "trec_eval_check.sh: --qrels and --run go together" >&2
    exit 2
fi
if [ -n "$expect" ] && [ ${#runs[@]} -ne 1 ]; then
    echo "trec_eval_check.sh: --expect goes with exactly one --run" >&2
    exit 2
fi

# pytrec_eval-terrier in a private virtualenv (the plain pytrec-eval package
# tries to download trec_eval's source while building and fails offline).
if ! "$VENV/bin/python" -c 'import pytrec_eval' 2>/dev/null; then
    echo "installing pytrec-eval-terrier into $VENV" >&2
    mkdir -p "$(dirname "$VENV")"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check pytrec-eval-terrier
fi
PY=$VENV/bin/python

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Given numbers: only trec_eval's side is computed here.
if [ -n "$expect" ]; then
    if "$PY" "$CHECK_PY" --qrels "$qrels" --run "${runs[0]}" --metrics "$metrics" --per-query >"$WORK/trec_eval.json" \
        && "$PY" "$CHECK_PY" diff "$expect" "$WORK/trec_eval.json" --label "${runs[0]}"; then
        echo "trec_eval check: 1 passed, 0 failed"
        exit 0
    fi
    echo "trec_eval check: 0 passed, 1 failed"
    exit 1
fi

# The sagasu_eval side: the `score` example, built once.
SCORE=$(cargo build --quiet -p sagasu-eval --example score --message-format=json \
    | python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "score" and m.get("executable"):
        print(m["executable"])')
[ -x "$SCORE" ] || { echo "could not build the score example" >&2; exit 2; }

passed=0
failed=0

# check LABEL QRELS RUN [trec_eval options...]
check() {
    local label=$1 q=$2 r=$3
    shift 3
    if "$SCORE" --qrels "$q" --run "$r" --metrics "$metrics" --per-query "$@" >"$WORK/sagasu.json" \
        && "$PY" "$CHECK_PY" --qrels "$q" --run "$r" --metrics "$metrics" --per-query "$@" >"$WORK/trec_eval.json" \
        && "$PY" "$CHECK_PY" diff "$WORK/sagasu.json" "$WORK/trec_eval.json" --label "$label"; then
        passed=$((passed + 1))
    else
        echo "FAILED: $label" >&2
        failed=$((failed + 1))
    fi
}

if [ -n "$qrels" ]; then
    for r in "${runs[@]}"; do
        check "$r" "$qrels" "$r"
    done
else
    found=0
    for dir in "$COLLECTIONS"/*/; do
        [ -f "$dir/qrels.txt" ] || continue
        found=1
        name=$(basename "$dir")
        docs_arg=()
        [ -d "$dir/docs" ] && docs_arg=(--docs "$dir/docs")
        for seed in 1 2; do
            out=$WORK/$name-$seed
            "$PY" "$CHECK_PY" synth --qrels "$dir/qrels.txt" --out "$out" --seed "$seed" "${docs_arg[@]}"
            for q in "$dir/qrels.txt" "$out/graded.qrels"; do
                qname=$([ "$q" = "$dir/qrels.txt" ] && echo qrels || echo graded)
                for run in ties fine short; do
                    label="$name seed=$seed $qname $run"
                    check "$label" "$q" "$out/$run.run"
                    check "$label -c" "$q" "$out/$run.run" --complete
                    check "$label -M10" "$q" "$out/$run.run" --depth 10
                    check "$label -l2" "$q" "$out/$run.run" --relevance-level 2
                done
            done
        done
    done
    if [ $found = 0 ]; then
        echo "no collections with qrels.txt under $COLLECTIONS" >&2
        exit 2
    fi
fi

echo "trec_eval check: $passed passed, $failed failed"
[ "$failed" = 0 ]
