#!/usr/bin/env bash
# The size curve of issue 26: debdocs at 1×, 3× and 10× (copies made here
# with hard links, so the same text under different paths, and removed at
# the end), and one 27 MB file of random CJK text. At each size: the full
# build (wall, CPU, peak RSS, index on disk), a no-change pass, in-process
# latency with snippets, whole-process search and `--every`'s first line;
# tantivy-cli's build of the same text (debdocs' JSON lines, n times) at
# the sizes of TANTIVY_AT.
#
# Called by bench/run.sh (step `curve`); alone:
#   SKIP=build,incremental,latency,http,process,every,eval,sotu,speed,pdf bash bench/run.sh
# or directly:
#   bash bench/curve.sh SAGASU LATENCY_BIN TANTIVY DATA RESULTS
#
# Environment: CURVE (default "1 3 10"), TANTIVY_AT (default "1 10"),
# BUDGET (seconds per latency run, default 30), REPEAT, RUNS (whole-process
# runs per query, default 20), CJK_MB (default 27; 0 skips the file).
# Writes RESULTS/curve.json; raw figures as curve-*.{json,out,err,time}.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sagasu="$1" latency="$2" tantivy="$3" data="$4" res="$5"
sizes="${CURVE:-1 3 10}"
tantivy_at=" ${TANTIVY_AT:-1 10} "
budget="${BUDGET:-30}"
repeat="${REPEAT:-2}"
runs="${RUNS:-20}"
cjk_mb="${CJK_MB:-27}"
debdocs="$data/debdocs/docs"
# Copies and indexes live beside the corpora (hard links need the same file
# system) and are removed whatever happens.
work="$data/curve-work"
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
say() { printf '== %s\n' "$*" >&2; }

# timed NAME CMD...: runs CMD under GNU time; RESULTS/NAME.json gets
# {wall_s, rss_mb, user_s, sys_s, written_mb}; stdin is passed on.
timed() {
    local name="$1"; shift
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$res/$name.time" "$@" >"$res/$name.out" 2>"$res/$name.err"
    t1=$(date +%s%N)
    python3 - "$res/$name.time" "$t0" "$t1" >"$res/$name.json" <<'PY'
import json, sys
t = dict(l.strip().rsplit(": ", 1) for l in open(sys.argv[1]) if ": " in l)
print(json.dumps({"wall_s": (int(sys.argv[3]) - int(sys.argv[2])) / 1e9,
                  "rss_mb": int(t["Maximum resident set size (kbytes)"]) / 1024,
                  "user_s": float(t["User time (seconds)"]), "sys_s": float(t["System time (seconds)"]),
                  "written_mb": int(t["File system outputs"]) * 512 / 1e6}))
PY
}

for n in $sizes; do
    corpus="$work/x$n"
    index="$work/idx-x$n"
    say "curve ${n}×: $n hard-linked copies of debdocs"
    mkdir -p "$corpus"
    for ((i = 0; i < n; i++)); do cp -al "$debdocs" "$corpus/c$i"; done
    find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }' >"$res/curve-x$n.bytes"

    say "curve ${n}×: sagasu index (full build)"
    sync
    timed "curve-x$n-build" "$sagasu" --corpus "$corpus" --index "$index" index --json
    du -sb "$index" | cut -f1 >"$res/curve-x$n-build.size"
    # Whether the build merged (see `segments` in bench/run.sh).
    python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["segments"]))' "$index/meta.json" \
        >"$res/curve-x$n-build.segments"
    for r in 1 2 3; do
        timed "curve-x$n-nochange-$r" "$sagasu" --corpus "$corpus" --index "$index" index --json
    done

    say "curve ${n}×: in-process latency with snippets"
    SAGASU_BENCH_INDEX="$index" \
    SAGASU_BENCH_QUERIES="$root/bench/queries/aol-queries.jsonl:$root/bench/queries/mixed-script.tsv" \
    SAGASU_BENCH_REPEAT="$repeat" SAGASU_BENCH_BUDGET_S="$budget" SAGASU_BENCH_OUT="$res/curve-x$n-latency.json" \
    SAGASU_BENCH_MODES=snippets \
        "$latency" 2>"$res/curve-x$n-latency.err"

    say "curve ${n}×: whole-process search and --every's first line"
    python3 - "$sagasu" "$corpus" "$index" "$runs" "$res/curve-x$n-process.json" <<'PY'
import json, statistics, subprocess, sys, time
sagasu, corpus, index, runs, out = sys.argv[1:]; runs = int(runs)
def whole(cmd):
    s = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - s
def first_line(cmd):
    s = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.readline(); f = time.perf_counter() - s
    p.kill(); p.wait()
    return f
base = [sagasu, "--corpus", corpus, "--index", index, "search"]
res = {"search": {}, "every_first": {}}
for q in ["kernel", "memory barrier", "Hertzog", "パッケージ", "replication slot"]:
    cmd = base + ["--", q]
    whole(cmd)
    res["search"][q] = statistics.median(whole(cmd) for _ in range(runs)) * 1e3
for q in ["kernel", "partition"]:
    cmd = base + ["--every", "--color", "never", "--", q]
    first_line(cmd)
    res["every_first"][q] = statistics.median(first_line(cmd) for _ in range(max(3, runs // 4))) * 1e3
json.dump(res, open(out, "w"), indent=1)
PY

    if [[ "$tantivy_at" == *" $n "* ]]; then
        say "curve ${n}×: tantivy-cli index of the same text (debdocs' JSON lines, $n times)"
        tidx="$work/tantivy-x$n"
        printf 'path\nText\nY\nN\nN\nY\nbody\nText\nY\nN\nY\nY\nY\nY\nN\n' |
            "$tantivy" new -i "$tidx" >/dev/null
        sed -i 's/"en_stem"/"default"/' "$tidx/meta.json"
        # The JSON lines come through a pipe, so that 10× needs no 1 GB file;
        # only tantivy's own time is measured.
        timed "curve-x$n-tantivy" "$tantivy" index -i "$tidx" < <(for ((i = 0; i < n; i++)); do cat "$data/debdocs/docs.jsonl"; done)
        du -sb "$tidx" | cut -f1 >"$res/curve-x$n-tantivy.size"
        rm -rf "$tidx"
    fi
    rm -rf "$corpus" "$index"
done

if [[ "$cjk_mb" != 0 ]]; then
    say "curve: one ${cjk_mb} MB file of random CJK text (millions of distinct bigrams)"
    mkdir -p "$work/cjk"
    python3 - "$work/cjk/cjk.txt" "$cjk_mb" <<'PY'
import sys
# The generator of tests/e2e/regression/index.rs (one_large_cjk_file_keeps_memory_bounded).
out, mb = sys.argv[1], int(sys.argv[2])
state, mask, chars, n = 0x2545_F491_4F6C_DD1D, (1 << 64) - 1, [], 0
while n < mb << 20:
    state ^= (state << 13) & mask
    state ^= state >> 7
    state ^= (state << 17) & mask
    chars.append(chr(0x4E00 + state % 0x5200)); n += 3
    if state % 97 == 0:
        chars.append("\n"); n += 1
open(out, "w", encoding="utf-8").write("".join(chars))
PY
    timed curve-cjk-build "$sagasu" --corpus "$work/cjk" --index "$work/idx-cjk" index --json
    du -sb "$work/idx-cjk" | cut -f1 >"$res/curve-cjk-build.size"
    stat -c %s "$work/cjk/cjk.txt" >"$res/curve-cjk.bytes"
fi

python3 - "$res" "$sizes" "$tantivy_at" <<'PY'
import json, os, statistics, sys
res, sizes, tat = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
def load(name):
    p = os.path.join(res, name)
    if not os.path.exists(p):
        return None
    t = open(p).read()
    return json.loads(t) if name.endswith(".json") else t.strip()
out = {"sizes": {}, "loadavg_end": open("/proc/loadavg").read().split()[:3]}
for n in sizes:
    b = load(f"curve-x{n}-build.json")
    try:
        rep = json.loads(load(f"curve-x{n}-build.out") or "{}")
    except json.JSONDecodeError:
        rep = {}
    nochange = [load(f"curve-x{n}-nochange-{r}.json") for r in (1, 2, 3)]
    lat = load(f"curve-x{n}-latency.json") or {}
    a = lat.get("snippets", {}).get("all", {})
    row = {"bytes": int(load(f"curve-x{n}.bytes") or 0), "build": b, "documents": rep.get("documents"),
           "segments": int(load(f"curve-x{n}-build.segments") or 0) or None,
           "passages": rep.get("passages"), "index_bytes": int(load(f"curve-x{n}-build.size") or 0),
           "nochange_s": statistics.median(x["wall_s"] for x in nochange if x) if all(nochange) else None,
           "p50_us": a.get("p50_us"), "p99_us": a.get("p99_us"),
           "latency_samples": a.get("n"), "process": load(f"curve-x{n}-process.json")}
    if n in tat:
        row["tantivy"] = load(f"curve-x{n}-tantivy.json")
        row["tantivy_index_bytes"] = int(load(f"curve-x{n}-tantivy.size") or 0)
    out["sizes"][n] = row
if load("curve-cjk-build.json"):
    out["cjk"] = {"bytes": int(load("curve-cjk.bytes")), "build": load("curve-cjk-build.json"),
                  "index_bytes": int(load("curve-cjk-build.size") or 0)}
json.dump(out, open(os.path.join(res, "curve.json"), "w"), indent=1)
PY
