#!/usr/bin/env bash
# `just bench`: the performance table of issue 7 (and issue 4's latency
# goal), measured in one run side by side with tantivy-cli and ripgrep.
# Prints a markdown table and writes it to BENCHMARKS.md.
#
# Needs `just bench-corpus` (bench/corpus.sh) first, /usr/bin/time (GNU time)
# and rg. Raw figures go to bench-data/results/<date>/ (git-ignored).
#
# Environment:
#   BENCH_DATA=DIR    where the corpora are (default bench-data)
#   BENCH_OUT=FILE    where the report goes (default BENCHMARKS.md; "-" = stdout only)
#   REPEAT=N          measured latency passes over the queries (default 3)
#   BUDGET=S          seconds per latency mode at most (default 60): a pass cut
#                     short measures a random sample of the queries (see latency.rs)
#   RUNS=N            whole-process runs per query (default 20)
#   VASWANI=DIR       the vaswani collection (docs/, queries.tsv, qrels.txt)
#   NOBUILD=1         measure the binaries already in target/release
#   SKIP=LIST         comma-separated steps to skip: build,incremental,latency,http,process,every,eval,sotu,speed,pdf,curve
#                     (the pdf step alone: SKIP=build,incremental,latency,http,process,every,eval,sotu,speed,curve;
#                     the size curve alone: SKIP=build,incremental,latency,http,process,every,eval,sotu,speed,pdf)
#   CURVE, TANTIVY_AT, CJK_MB   sizes of the size curve (see bench/curve.sh)
#   DURATION=S        seconds of load per client count in the http step (default 20)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
data="${BENCH_DATA:-$root/bench-data}"
report="${BENCH_OUT:-$root/BENCHMARKS.md}"
repeat="${REPEAT:-3}"
budget="${BUDGET:-60}"
runs="${RUNS:-20}"
vaswani="${VASWANI:-$root/../shared/collections/vaswani}"
skip=",${SKIP:-},"
res="$data/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$res"
debdocs="$data/debdocs/docs"
tantivy="$data/tools/bin/tantivy"
idx="$data/idx"
mkdir -p "$idx"
say() { printf '== %s\n' "$*" >&2; }
skipped() { [[ "$skip" == *",$1,"* ]]; }
now_ns() { date +%s%N; }

need_debdocs=0
for step in build incremental latency http process every curve; do skipped "$step" || need_debdocs=1; done
# tantivy-cli only for the steps that run it (the every step alone needs none).
need_tantivy=0
for step in build latency curve; do skipped "$step" || need_tantivy=1; done
if [[ $need_debdocs == 1 ]]; then
    for f in "$debdocs" "$data/debdocs/docs.jsonl"; do
        [[ -e "$f" ]] || { echo "bench: $f is missing; run 'just bench-corpus' (bench/corpus.sh) first" >&2; exit 2; }
    done
fi
if [[ $need_tantivy == 1 && ! -e "$tantivy" ]]; then
    echo "bench: $tantivy is missing; run 'just bench-corpus' (bench/corpus.sh) first" >&2; exit 2
fi
pdfdocs="$data/pdfdocs/docs"
rga="$data/tools/bin/rga"
if ! skipped pdf; then
    for f in "$pdfdocs" "$rga"; do
        [[ -e "$f" ]] || { echo "bench: $f is missing; run 'just bench-corpus' (bench/corpus.sh) first" >&2; exit 2; }
    done
    command -v pdftotext >/dev/null || { echo "bench: pdftotext is missing: apt-get install poppler-utils" >&2; exit 2; }
fi
command -v rg >/dev/null || { echo "bench: rg (ripgrep) is missing: apt-get install ripgrep" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time is missing: apt-get install time" >&2; exit 2; }

# --- build -----------------------------------------------------------------
say "building sagasu (release) and the latency harness"
if [[ "${NOBUILD:-0}" != 1 ]]; then cargo build --release -p sagasu --quiet; fi
sagasu="$root/target/release/sagasu"
latency="${LATENCY_BIN:-}"
# The in-process harness only for the steps that run it.
need_latency=0
for step in latency speed curve; do skipped "$step" || need_latency=1; done
if [[ $need_latency == 1 ]]; then
    [[ -n "$latency" ]] || latency="$(cargo bench -p sagasu-searcher --bench latency --no-run --message-format=json 2>/dev/null |
        python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "latency" and m.get("executable"): print(m["executable"])' | tail -1)"
    [[ -x "$latency" ]] || { echo "bench: could not build the latency bench target" >&2; exit 2; }
fi

# --- machine and versions ----------------------------------------------------
python3 - "$res/env.json" "$sagasu" "$tantivy" "$data" <<'PY'
import json, os, platform, re, subprocess, sys
out, sagasu, tantivy, data = sys.argv[1:]
sh = lambda *a: subprocess.run(a, capture_output=True, text=True).stdout.strip()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
lock = open("Cargo.lock").read()
tv = re.search(r'name = "tantivy"\nversion = "([^"]+)"', lock)
dirty = sh("git", "status", "--porcelain", "--untracked-files=no")
stats_path = os.path.join(data, "debdocs/STATS.tsv")
stats = dict(l.split("\t")[:2] for l in open(stats_path) if l.startswith(("docs", "bytes"))) if os.path.exists(stats_path) else {}
json.dump({
    "date": sh("date", "-u", "+%Y-%m-%d %H:%M UTC"),
    "nproc": os.cpu_count(), "cpu": cpu, "mem_gb": round(mem / 1024 / 1024, 1),
    "kernel": platform.release(), "loadavg": open("/proc/loadavg").read().split()[:3],
    "sagasu_rev": sh("git", "rev-parse", "--short", "HEAD") + (" + uncommitted changes" if dirty else ""),
    "tantivy": tv.group(1) if tv else "?",
    "tantivy_cli": sh(tantivy, "--version") if os.path.exists(tantivy) else "?",
    "rg": sh("rg", "--version").splitlines()[0],
    "rustc": sh("rustc", "--version"),
    "debdocs_docs": int(stats.get("docs", 0)), "debdocs_bytes": int(stats.get("bytes", 0)),
}, open(out, "w"), indent=1)
PY

# Runs "$@" under GNU time; writes {wall_s, rss_mb, user_s, sys_s, written_mb} to $1.json
# (written_mb: what the process wrote to disk, which says whether a build merged
# its segments: a merge writes them again).
timed() {
    local name="$1"; shift
    local t0 t1
    t0=$(now_ns)
    /usr/bin/time -v -o "$res/$name.time" "$@" >"$res/$name.out" 2>"$res/$name.err"
    t1=$(now_ns)
    python3 - "$res/$name.time" "$t0" "$t1" >"$res/$name.json" <<'PY'
import json, sys
t = dict(l.strip().rsplit(": ", 1) for l in open(sys.argv[1]) if ": " in l)
print(json.dumps({"wall_s": (int(sys.argv[3]) - int(sys.argv[2])) / 1e9,
                  "rss_mb": int(t["Maximum resident set size (kbytes)"]) / 1024,
                  "user_s": float(t["User time (seconds)"]), "sys_s": float(t["System time (seconds)"]),
                  "written_mb": int(t["File system outputs"]) * 512 / 1e6}))
PY
}

# segments INDEX: how many segments the index's last commit has. A build
# whose indexing threads flushed 8 segments of one size merges them at its
# end (tantivy's log merge policy: 8 a level), one that flushed 7 does not:
# debdocs at 1× sits on that edge, so its wall and CPU come in two modes.
segments() { python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["segments"]))' "$1/meta.json"; }

# --- 1. full build -------------------------------------------------------------
if ! skipped build; then
    say "1. full build of debdocs: sagasu"
    sync; rm -rf "$idx/debdocs-sagasu"
    timed build-sagasu "$sagasu" --corpus "$debdocs" --index "$idx/debdocs-sagasu" index --json
    du -sb "$idx/debdocs-sagasu" | cut -f1 >"$res/build-sagasu.size"
    segments "$idx/debdocs-sagasu" >"$res/build-sagasu.segments"

    say "1. full build of debdocs: tantivy-cli (body: stored text, default tokenizer; path: stored)"
    rm -rf "$idx/debdocs-tantivy"
    # `tantivy new` asks for the schema; its wizard always picks the en_stem
    # tokenizer, so the answer is patched to tantivy's `default` tokenizer.
    printf 'path\nText\nY\nN\nN\nY\nbody\nText\nY\nN\nY\nY\nY\nY\nN\n' |
        "$tantivy" new -i "$idx/debdocs-tantivy" >"$res/tantivy-new.out"
    sed -i 's/"en_stem"/"default"/' "$idx/debdocs-tantivy/meta.json"
    timed build-tantivy "$tantivy" index -i "$idx/debdocs-tantivy" -f "$data/debdocs/docs.jsonl"
    du -sb "$idx/debdocs-tantivy" | cut -f1 >"$res/build-tantivy.size"
fi

# --- 2. incremental --------------------------------------------------------------
if ! skipped incremental; then
    say "2. incremental runs on the debdocs index"
    # A document of median size (3.8 KB), added under a new name, changed, removed.
    src="$debdocs/debian-handbook/en-US/sect.quotas.txt"
    new="$debdocs/zz-bench-added.txt"
    rm -f "$new"; "$sagasu" --corpus "$debdocs" --index "$idx/debdocs-sagasu" index >/dev/null 2>&1
    inc() { # name
        local t0 t1
        t0=$(now_ns)
        "$sagasu" --corpus "$debdocs" --index "$idx/debdocs-sagasu" index --json >"$res/inc-$1.out" 2>&1
        t1=$(now_ns)
        echo $(( (t1 - t0) / 1000 )) >>"$res/inc-$1.us"
    }
    for i in 1 2 3; do
        inc nochange
        cp "$src" "$new"; inc add
        printf '\nA paragraph added by the benchmark, run %s.\n' "$i" >>"$new"; inc change
        rm -f "$new"; inc remove
    done
fi

# --- 3. query latency --------------------------------------------------------------
if ! skipped latency; then
    say "3. query latency on debdocs: sagasu (in-process, one thread)"
    SAGASU_BENCH_INDEX="$idx/debdocs-sagasu" \
    SAGASU_BENCH_QUERIES="$root/bench/queries/aol-queries.jsonl:$root/bench/queries/mixed-script.tsv" \
    SAGASU_BENCH_REPEAT="$repeat" SAGASU_BENCH_BUDGET_S="$budget" SAGASU_BENCH_OUT="$res/latency-sagasu.json" \
    SAGASU_BENCH_MODES=snippets,nosnippets,rank,noprf \
        "$latency" 2>"$res/latency-sagasu.err"
    cat "$res/latency-sagasu.err" >&2

    say "3. query latency on debdocs: tantivy-cli bench (first pass = warm-up)"
    python3 - "$root/bench/queries" "$res/tantivy-queries.txt" "$res/tantivy-queries.kinds" <<'PY'
import json, sys
d, out, kinds = sys.argv[1:]
qs = [(json.loads(l)["tags"][0], json.loads(l)["query"]) for l in open(f"{d}/aol-queries.jsonl") if l.strip()]
qs += [tuple(l.rstrip("\n").split("\t", 1)) for l in open(f"{d}/mixed-script.tsv") if l.strip() and not l.startswith("#")]
open(out, "w").write("".join(q + "\n" for _, q in qs))
open(kinds, "w").write("".join(k + "\n" for k, _ in qs))
PY
    "$tantivy" bench -i "$idx/debdocs-tantivy" -q "$res/tantivy-queries.txt" -n $((repeat + 1)) \
        >"$res/latency-tantivy.out" 2>"$res/latency-tantivy.err"
fi

# --- 4. whole process ----------------------------------------------------------------
# --- 8. sagasu serve: /api/search over HTTP (issue 17) -------------------------------
if ! skipped http; then
    say "8. sagasu serve: /api/search with 1, 4 and 16 clients (wrk)"
    [[ -d "$idx/debdocs-sagasu" ]] || "$sagasu" --corpus "$debdocs" --index "$idx/debdocs-sagasu" index >/dev/null
    bash "$root/bench/http.sh" "$sagasu" "$debdocs" "$idx/debdocs-sagasu" "$res/http.json"
fi

if ! skipped process; then
    say "4. whole-process search: sagasu search vs rg -i -c ($runs runs of 5 queries)"
    python3 - "$sagasu" "$debdocs" "$idx/debdocs-sagasu" "$runs" "$res/process.json" <<'PY'
import json, statistics, subprocess, sys, time
sagasu, corpus, index, runs, out = sys.argv[1:]; runs = int(runs)
queries = ["kernel", "memory barrier", "Hertzog", "パッケージ", "replication slot"]
def t(cmd):
    s = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); return time.perf_counter() - s
res = {}
for q in queries:
    sg = [sagasu, "--corpus", corpus, "--index", index, "search", "--", q]
    rg = ["rg", "-i", "-c", "--", q, corpus]
    t(sg); t(rg)  # warm-up
    a, b = [], []
    for _ in range(runs):  # interleaved, so both see the same machine
        a.append(t(sg)); b.append(t(rg))
    res[q] = {"sagasu_ms": statistics.median(a) * 1e3, "rg_ms": statistics.median(b) * 1e3,
              "sagasu_all_ms": [x * 1e3 for x in a], "rg_all_ms": [x * 1e3 for x in b]}
    print(f"{q:>18}: sagasu {res[q]['sagasu_ms']:7.1f} ms   rg -i -c {res[q]['rg_ms']:7.1f} ms", file=sys.stderr)
json.dump(res, open(out, "w"), indent=1)
PY
fi

# --- 4b. every occurrence ---------------------------------------------------------------
if ! skipped every; then
    say "4b. every occurrence: sagasu search --every vs rg -n -i -w (first line, whole listing, CPU)"
    # Built here when the build step was skipped (not in a timed run).
    [[ -d "$idx/debdocs-sagasu" ]] || "$sagasu" --corpus "$debdocs" --index "$idx/debdocs-sagasu" index >/dev/null 2>&1
    python3 - "$sagasu" "$debdocs" "$idx/debdocs-sagasu" "$runs" "$res/every.json" <<'PY'
import json, os, statistics, subprocess, sys, time
sagasu, corpus, index, runs, out = sys.argv[1:]; runs = max(3, int(runs) // 4)
queries = ["kernel", "partition"]
def t(cmd):
    """(seconds to the first line on stdout, seconds to the end, lines, CPU seconds: user+sys, exit code)"""
    s = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first = p.stdout.readline(); f = time.perf_counter() - s
    n = 1 if first else 0
    for _ in p.stdout: n += 1
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return f, time.perf_counter() - s, n, ru.ru_utime + ru.ru_stime, p.returncode
res = {}
for q in queries:
    sg = [sagasu, "--corpus", corpus, "--index", index, "search", "--every", "--color", "never", "--", q]
    rg = ["rg", "-n", "-i", "-w", "--color", "never", "--", q, corpus]
    for cmd in (sg, rg):  # warm-up, and a listing that is not an error
        code = t(cmd)[4]
        if code != 0:
            sys.exit(f"bench: {' '.join(cmd)} exited {code}")
    a, b = [], []
    for _ in range(runs):  # interleaved, so both see the same machine
        a.append(t(sg)); b.append(t(rg))
    med = lambda xs, i: statistics.median(x[i] for x in xs) * 1e3
    res[q] = {"sagasu_first_ms": med(a, 0), "sagasu_all_ms": med(a, 1), "sagasu_cpu_ms": med(a, 3),
              "sagasu_lines": a[0][2],
              "rg_first_ms": med(b, 0), "rg_all_ms": med(b, 1), "rg_cpu_ms": med(b, 3), "rg_lines": b[0][2],
              "runs": runs}
    v = res[q]
    print(f"{q:>12}: sagasu first {v['sagasu_first_ms']:.1f} ms, all {v['sagasu_all_ms']:.1f} ms "
          f"(CPU {v['sagasu_cpu_ms']:.1f} ms, {v['sagasu_lines']} lines); "
          f"rg first {v['rg_first_ms']:.1f} ms, all {v['rg_all_ms']:.1f} ms "
          f"(CPU {v['rg_cpu_ms']:.1f} ms, {v['rg_lines']} lines)", file=sys.stderr)
json.dump(res, open(out, "w"), indent=1)
PY
fi

# --- 5. batch evaluation -----------------------------------------------------------------
if ! skipped eval; then
    say "5. batch evaluation on vaswani"
    if [[ -d "$vaswani/docs" ]] && "$sagasu" eval --help >/dev/null 2>&1; then
        rm -rf "$idx/vaswani"
        "$sagasu" --corpus "$vaswani/docs" --index "$idx/vaswani" index >/dev/null 2>&1
        "$sagasu" --corpus "$vaswani/docs" --index "$idx/vaswani" eval \
            --queries "$vaswani/queries.tsv" --qrels "$vaswani/qrels.txt" --json >"$res/eval.json" 2>"$res/eval.err" ||
            echo '{"error": "sagasu eval failed"}' >"$res/eval.json"
        # The default runs pseudo-relevance feedback (issue 28: a query runs
        # twice); the same without it, beside.
        "$sagasu" --corpus "$vaswani/docs" --index "$idx/vaswani" eval --no-prf \
            --queries "$vaswani/queries.tsv" --qrels "$vaswani/qrels.txt" --json >"$res/eval-noprf.json" 2>>"$res/eval.err" ||
            echo '{"error": "sagasu eval --no-prf failed"}' >"$res/eval-noprf.json"
    else
        echo '{"pending": true}' >"$res/eval.json"
    fi
fi

# --- 6. sotu: long speeches, relevance sanity ----------------------------------------------
if ! skipped sotu; then
    sotu="$data/npm/sotu"
    if [[ -d "$sotu" ]]; then
        say "6. sotu: index the 233 speeches, then the sanity queries of bench/queries/sotu.tsv"
        rm -rf "$idx/sotu"
        timed sotu-index "$sagasu" --corpus "$sotu" --index "$idx/sotu" index --json
        du -sb "$sotu" | cut -f1 >"$res/sotu.size"
        python3 - "$sagasu" "$sotu" "$idx/sotu" "$root/bench/queries/sotu.tsv" "$res/sotu.json" <<'PY'
import json, os, subprocess, sys
sagasu, corpus, index, queries, out = sys.argv[1:]
rows = []
for line in open(queries, encoding="utf-8"):
    if not line.strip() or line.startswith("#"):
        continue
    q, expected = line.rstrip("\n").split("\t")
    p = subprocess.run([sagasu, "--corpus", corpus, "--index", index, "search", "--json", "-n", "10", "--", q],
                       capture_output=True, text=True)
    j = json.loads(p.stdout) if p.stdout.strip() else {"results": [], "total_documents": 0}
    paths = [r["path"] for r in j["results"]]
    top = j["results"][0] if j["results"] else None
    rows.append({"query": q, "expected": expected, "rank": paths.index(expected) + 1 if expected in paths else None,
                 "total": j["total_documents"], "top": top["path"] if top else None,
                 "line": top["passages"][0]["line"] if top and top["passages"] else None,
                 "snippet": top["passages"][0]["snippet"] if top and top["passages"] else None})
lines = [max((len(l) for l in open(os.path.join(corpus, f), encoding="utf-8")), default=0) for f in os.listdir(corpus)]
json.dump({"queries": rows, "longest_line": max(lines), "docs": len(lines)}, open(out, "w"), indent=1)
PY
    else
        echo '{"missing": true}' >"$res/sotu.json"
    fi
fi

# --- issue 4: latency with snippets, seed corpus and its 50 MB repetition -------------------
if ! skipped speed; then
    say "issue 4: latency of the speed query set on corpus/ and on seed50 (~50 MB)"
    for c in seed seed50; do
        dir="$root/corpus"; [[ $c == seed50 ]] && dir="$data/seed50"
        rm -rf "$idx/$c"
        "$sagasu" --corpus "$dir" --index "$idx/$c" index --json >"$res/speed-$c-index.json" 2>/dev/null
        du -sb --exclude=.done "$dir" | cut -f1 >"$res/speed-$c.size"
        SAGASU_BENCH_INDEX="$idx/$c" SAGASU_BENCH_QUERIES="$root/bench/queries/speed.tsv" \
        SAGASU_BENCH_ALIASES="$dir/.sagasu-aliases.txt" SAGASU_BENCH_MODES=snippets,noprf \
        SAGASU_BENCH_REPEAT="$repeat" SAGASU_BENCH_BUDGET_S="$budget" SAGASU_BENCH_OUT="$res/speed-$c.json" \
            "$latency" 2>"$res/speed-$c.err"
        cat "$res/speed-$c.err" >&2
    done
fi

# --- issue 14: PDFs -----------------------------------------------------------------------
if ! skipped pdf; then
    say "issue 14: pdfdocs: pdftotext alone (sequential), sagasu index, no-change runs, searches beside rga"
    cp "$data/pdfdocs/PDFSTATS.tsv" "$res/pdfstats.tsv"
    pdftotext -v 2>&1 | head -1 >"$res/pdftotext.version" || true
    "$rga" --version 2>/dev/null | head -1 >"$res/rga.version" || true
    # pdftotext over every file, one after another: the floor of extraction.
    find "$pdfdocs" -name '*.pdf' -print0 | sort -z >"$res/pdf-files"
    timed pdf-pdftotext bash -c 'xargs -0 -I{} pdftotext -raw -enc UTF-8 {} - <"$1" >/dev/null 2>&1' _ "$res/pdf-files"
    sync; rm -rf "$idx/pdfdocs"
    timed pdf-build "$sagasu" --corpus "$pdfdocs" --index "$idx/pdfdocs" index --json
    du -sb "$idx/pdfdocs" | cut -f1 >"$res/pdf-build.size"
    for i in 1 2 3; do
        timed "pdf-nochange-$i" "$sagasu" --corpus "$pdfdocs" --index "$idx/pdfdocs" index --json
    done
    # rga's first search extracts every PDF (pdftotext) and fills its cache.
    rm -rf "$idx/rga-cache"
    timed pdf-rga-first "$rga" --rga-cache-path="$idx/rga-cache" -i -c hyperref "$pdfdocs"
    python3 - "$sagasu" "$rga" "$pdfdocs" "$idx/pdfdocs" "$idx/rga-cache" "$runs" "$res/pdf-search.json" <<'PY'
import json, statistics, subprocess, sys, time
sagasu, rga, corpus, index, cache, runs, out = sys.argv[1:]; runs = int(runs)
queries = ["hyperref", "bibliography", "linear model", "siunitx", "Kaplan-Meier"]
def t(cmd):
    s = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); return time.perf_counter() - s
res = {}
for q in queries:
    sg = [sagasu, "--corpus", corpus, "--index", index, "search", "--", q]
    rg = [rga, f"--rga-cache-path={cache}", "-i", "-c", "--", q, corpus]
    t(sg); t(rg)  # warm-up
    a, b = [], []
    for _ in range(max(3, runs // 4)):  # interleaved; rga takes seconds a run
        a.append(t(sg)); b.append(t(rg))
    res[q] = {"sagasu_ms": statistics.median(a) * 1e3, "rga_ms": statistics.median(b) * 1e3,
              "sagasu_all_ms": [x * 1e3 for x in a], "rga_all_ms": [x * 1e3 for x in b]}
    print(f"{q:>14}: sagasu {res[q]['sagasu_ms']:7.1f} ms   rga (cached) {res[q]['rga_ms']:7.1f} ms", file=sys.stderr)
json.dump(res, open(out, "w"), indent=1)
PY
fi

# --- issue 26: the size curve ------------------------------------------------------------
if ! skipped curve; then
    say "issue 26: the size curve: debdocs at ${CURVE:-1 3 10}× (hard links), and a ${CJK_MB:-27} MB random-CJK file"
    BUDGET="$budget" REPEAT="$repeat" RUNS="$runs" bash "$root/bench/curve.sh" "$sagasu" "$latency" "$tantivy" "$data" "$res"
fi

# --- the report ---------------------------------------------------------------------------
python3 "$root/bench/report.py" "$res" >"$res/report.md"
cat "$res/report.md"
if [[ "$report" != "-" ]]; then
    cp "$res/report.md" "$report"
    say "written to $report (raw figures in $res)"
fi
