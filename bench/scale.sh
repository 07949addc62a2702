#!/usr/bin/env bash
# `just scale` (issue 18): sagasu handed over to a 3-node Quickwit cluster,
# measured against the local index. Not part of CI.
#
#  1. builds Quickwit 0.9.0 once into bench-data/scale/ (bench/quickwit-cluster.sh build)
#     and sagasu (release) with the scale harness (crates/quickwit/benches/scale.rs);
#  2. indexes debdocs and vaswani locally, exports both (`sagasu export --to quickwit`);
#  3. starts the cluster, creates both indexes and ingests them (timed: debdocs is the
#     ingest throughput);
#  4. runs the 1,022 benchmark queries locally and through a searcher-only node (node 2),
#     one after the other per query: latency, top-10 document overlap; in the last pass
#     node 3 is killed (kill -9) before query KILL_AT;
#  5. `sagasu eval` on vaswani locally and with --quickwit (MAP, nDCG@10, ...);
#  6. stops the cluster, writes the figures to bench-data/results/scale-DATE/ and the
#     section "Beyond one machine" of BENCHMARKS.md (BENCH_OUT=- prints it only).
#
# Environment:
#   BENCH_DATA=DIR   where the corpora are (default bench-data): debdocs must be there
#                    (just bench-corpus); vaswani is ../shared/collections/vaswani (VASWANI=DIR)
#   REPEAT=N         measured passes over the queries (default 2)
#   KILL_AT=N        query of the last pass before which node 3 is killed (default: half)
#   KEEP=1           keep the exports and the cluster's data (deleted otherwise: ~1 GB)
#   QW_PORT=P        node 1's REST port (default 17280; nodes 2 and 3 use P+10, P+20)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export BENCH_DATA="$(realpath -m "${BENCH_DATA:-$root/bench-data}")"
data="$BENCH_DATA"
scale="$data/scale"
cluster_sh="$root/bench/quickwit-cluster.sh"
vaswani="${VASWANI:-$root/../shared/collections/vaswani}"
report="${BENCH_OUT:-$root/BENCHMARKS.md}"
repeat="${REPEAT:-2}"
res="$data/results/scale-$(date -u +%Y%m%dT%H%M%SZ)"
say() { printf '== %s\n' "$*" >&2; }
mkdir -p "$res" "$scale"

debdocs="$data/debdocs/docs"
[[ -d "$debdocs" ]] || { echo "scale: $debdocs is missing; run 'just bench-corpus' first" >&2; exit 2; }
[[ -d "$vaswani/docs" ]] || { echo "scale: $vaswani/docs is missing (VASWANI=DIR)" >&2; exit 2; }
command -v curl >/dev/null || { echo "scale: curl is missing: apt-get install curl" >&2; exit 2; }

# --- 1. builds ------------------------------------------------------------------
"$cluster_sh" build
say "building sagasu (release) and the scale harness"
cargo build --release -p sagasu --quiet
sagasu="$root/target/release/sagasu"
harness="$(cargo bench -p sagasu-quickwit --bench scale --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "scale" and m.get("executable"): print(m["executable"])' | tail -1)"
[[ -x "$harness" ]] || { echo "scale: could not build the scale harness" >&2; exit 2; }

# --- 2. local indexes and exports ------------------------------------------------------
rm -rf "$scale/idx" "$scale/export"
mkdir -p "$scale/idx" "$scale/export"
for c in debdocs vaswani; do
    dir="$debdocs"; [[ $c == vaswani ]] && dir="$vaswani/docs"
    say "2. $c: local index and export"
    "$sagasu" --corpus "$dir" --index "$scale/idx/$c" index --json >"$res/index-$c.json" 2>/dev/null
    "$sagasu" --corpus "$dir" --index "$scale/idx/$c" export --to quickwit "$scale/export/$c" \
        --index-id "$c" --json >"$res/export-$c.json"
done
du -sb "$scale/export/debdocs" | cut -f1 >"$res/export-debdocs.size"

# --- 3. cluster, ingest --------------------------------------------------------------
cleanup() {
    "$cluster_sh" stop || true
    if [[ "${KEEP:-0}" != 1 ]]; then rm -rf "$scale/cluster" "$scale/export"; fi
}
trap cleanup EXIT
"$cluster_sh" stop >/dev/null 2>&1 || true
rm -rf "$scale/cluster"
"$cluster_sh" start
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for c in debdocs vaswani; do
    "$cluster_sh" create "$scale/export/$c"
    say "3. ingesting $c"
    "$cluster_sh" ingest "$scale/export/$c" >"$res/ingest-$c.json"
    cat "$res/ingest-$c.json" >&2
    # The export's merge policy merges the splits (BM25 is per split):
    # measure once they are merged, and say how long that took.
    t0=$SECONDS
    for _ in $(seq 1 120); do
        [[ "$("$cluster_sh" splits "$c")" -le 1 ]] && break
        sleep 2
    done
    echo "{\"splits\": $("$cluster_sh" splits "$c"), \"seconds\": $((SECONDS - t0))}" >"$res/merge-$c.json"
    cat "$res/merge-$c.json" >&2
done
du -sb "$scale/cluster/shared/indexes/debdocs"* 2>/dev/null | awk '{s += $1} END {print s}' >"$res/quickwit-debdocs.size"
find "$scale/cluster/shared/indexes" -maxdepth 2 -name '*.split' -path '*debdocs*' | wc -l >"$res/quickwit-debdocs.splits"

# --- 4. the benchmark queries, locally and through node 2; node 3 killed mid-run ----------
python3 - "$root/bench/queries" "$res/queries.tsv" <<'PY'
import json, sys
d, out = sys.argv[1:]
qs = [(json.loads(l)["tags"][0], json.loads(l)["query"]) for l in open(f"{d}/aol-queries.jsonl") if l.strip()]
qs += [tuple(l.rstrip("\n").split("\t", 1)) for l in open(f"{d}/mixed-script.tsv") if l.strip() and not l.startswith("#")]
open(out, "w").write("".join(f"{k}\t{q}\n" for k, q in qs))
PY
nq="$(wc -l <"$res/queries.tsv")"
kill_at="${KILL_AT:-$((nq / 2))}"
say "4. $nq queries: local and through $("$cluster_sh" url 2) ($repeat measured passes; node 3 killed before query $kill_at of the last)"
SCALE_INDEX="$scale/idx/debdocs" SCALE_TARGET="$("$cluster_sh" url 2)/debdocs" SCALE_QUERIES="$res/queries.tsv" \
SCALE_OUT="$res/queries.json" SCALE_REPEAT="$repeat" SCALE_KILL_AT="$kill_at" \
SCALE_KILL_CMD="kill -9 $("$cluster_sh" pid 3)" "$harness" 2>"$res/queries.err"
cat "$res/queries.err" >&2
# After the kill: does the cluster still answer, from each surviving node?
for n in 1 2; do
    curl -sS -o /dev/null -w "%{http_code}\n" -XPOST "$("$cluster_sh" url "$n")/api/v1/_elastic/debdocs/_search" \
        -H 'Content-Type: application/json' -d '{"query":{"query_string":{"query":"body:\"kernel\""}},"size":1}' \
        >"$res/after-kill-node$n.status" 2>&1 || true
done

# --- 5. eval on vaswani, local and through the cluster ------------------------------------
say "5. vaswani: sagasu eval, local and --quickwit"
"$sagasu" --corpus "$vaswani/docs" --index "$scale/idx/vaswani" eval --queries "$vaswani/queries.tsv" \
    --qrels "$vaswani/qrels.txt" --json >"$res/eval-local.json" 2>"$res/eval-local.err"
"$sagasu" --corpus "$vaswani/docs" --index "$scale/idx/vaswani" eval --queries "$vaswani/queries.tsv" \
    --qrels "$vaswani/qrels.txt" --json --quickwit "$("$cluster_sh" url 2)/vaswani" >"$res/eval-cluster.json" 2>"$res/eval-cluster.err"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 6. report --------------------------------------------------------------------
python3 - "$res" "$load_before" "$load_after" "$sagasu" <<'PY' >"$res/env.json"
import json, os, subprocess, sys
res, before, after, sagasu = sys.argv[1:]
sh = lambda *a: subprocess.run(a, capture_output=True, text=True).stdout.strip()
json.dump({"date": sh("date", "-u", "+%Y-%m-%d %H:%M UTC"), "nproc": os.cpu_count(),
           "load_before": before.split(), "load_after": after.split(),
           "sagasu_rev": sh("git", "rev-parse", "--short", "HEAD"), "quickwit": "0.9.0"}, sys.stdout)
PY
python3 "$root/bench/scale_report.py" "$res" >"$res/report.md"
cat "$res/report.md"
if [[ "$report" != "-" ]]; then
    python3 - "$report" "$res/report.md" <<'PY'
import sys
path, section = sys.argv[1:]
text = open(path, encoding="utf-8").read() if __import__("os").path.exists(path) else ""
marker = "<!-- scale: written by bench/scale.sh -->"
if marker in text:
    text = text[: text.index(marker)].rstrip("\n") + "\n"
open(path, "w", encoding="utf-8").write(text + "\n" + marker + "\n" + open(section, encoding="utf-8").read())
PY
    say "written to $report (raw figures in $res)"
fi
