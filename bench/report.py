#!/usr/bin/env python3
"""Turns the raw figures of one bench/run.sh run (a results folder) into the
markdown of BENCHMARKS.md: machine, versions, the five measures of issue 7,
issue 4's latency goal, and each goal marked met or missed."""
import json, os, statistics, sys
from collections import defaultdict

res = sys.argv[1]


def load(name, default=None):
    p = os.path.join(res, name)
    if not os.path.exists(p):
        return default
    with open(p, encoding="utf-8") as f:
        return json.load(f) if name.endswith(".json") else f.read()


def us(x):
    if x is None:
        return "–"
    return f"{x:.0f} µs" if x < 1000 else f"{x / 1000:.2f} ms" if x < 100_000 else f"{x / 1000:.0f} ms"


def secs(x):
    return "–" if x is None else f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def mb(b):
    return f"{b / 1e6:.0f} MB"


def ok(cond):
    return "–" if cond is None else ("met" if cond else "**missed**")


def pct(samples, p):
    s = sorted(samples)
    if not s:
        return None
    k = max(1, int(-(-p * len(s) // 100)))  # nearest rank
    return s[min(k, len(s)) - 1]


env = load("env.json", {})
out = []
w = out.append
goals = []  # (measure, goal, figure, met)

w("# Benchmarks")
w("")
w("Measured by `just bench` (bench/run.sh) in one run; the corpora come from "
  "`just bench-corpus` (bench/corpus.sh). Every figure below is from the same run. "
  "Goals are those of issue 7 (and issue 4's latency goal); benchmarks, never timed tests.")
w("")
w(f"- date: {env.get('date', '?')}; 1/5/15-minute load average at the start: {' / '.join(env.get('loadavg', []))}")
w(f"- machine: {env.get('nproc', '?')} CPUs ({env.get('cpu', '?')}), {env.get('mem_gb', '?')} GB RAM, Linux {env.get('kernel', '?')}")
w(f"- versions: sagasu {env.get('sagasu_rev', '?')} (tantivy {env.get('tantivy', '?')}, {env.get('rustc', '?')}); "
  f"tantivy-cli {env.get('tantivy_cli', '?').replace('Tantivy ', '')} (tantivy 0.24.2); {env.get('rg', '?')}")
w(f"- debdocs: {env.get('debdocs_docs', 0):,} documents, {mb(env.get('debdocs_bytes', 0))} of text")
w("")

# ---- 1. full build
bs, bt = load("build-sagasu.json"), load("build-tantivy.json")
size_s, size_t = load("build-sagasu.size"), load("build-tantivy.size")
full_wall = None
if bs and bt:
    try:
        rep = json.loads(load("build-sagasu.out") or "{}")
    except json.JSONDecodeError:
        rep = {}
    nbytes = env.get("debdocs_bytes", 0)
    full_wall = bs["wall_s"]
    ratio = bs["wall_s"] / bt["wall_s"]
    w("## 1. Full build of debdocs")
    w("")
    w("| | wall | MB/s | CPU (user+sys) | peak RSS | index on disk |")
    w("|---|---:|---:|---:|---:|---:|")
    for name, b, sz, note in (
        ("sagasu index", bs, size_s, f" ({rep.get('documents', '?'):,} documents → {rep.get('passages', '?'):,} passages, two analyzed fields)" if rep else ""),
        ("tantivy-cli index", bt, size_t, " (one document per file, `default` tokenizer, defaults: 1 thread, 1 GB budget)"),
    ):
        w(f"| {name}{note} | {secs(b['wall_s'])} | {nbytes / 1e6 / b['wall_s']:.1f} | {secs(b['user_s'] + b['sys_s'])} "
          f"| {b['rss_mb']:.0f} MB | {mb(int(sz))} |")
    w(f"| **ratio sagasu / tantivy-cli** | **{ratio:.2f}×** | | {(bs['user_s'] + bs['sys_s']) / (bt['user_s'] + bt['sys_s']):.2f}× "
      f"| {bs['rss_mb'] / bt['rss_mb']:.2f}× | {int(size_s) / int(size_t):.2f}× |")
    w("")
    segs = (load("build-sagasu.segments") or "").strip()
    if segs and "written_mb" in bs:
        w(f"sagasu's build ended with {segs} segments and wrote {bs['written_mb']:,.0f} MB for an index of "
          f"{mb(int(size_s))}: 8 flushed segments of one size are merged at the end (about 2.5 s more wall on one "
          "core), 7 are not, and debdocs sits on that edge (see section 10's 1× column).")
        w("")
    goals.append(("full build time vs tantivy-cli", "≤ 2.0× (aim < 1.0×)", f"{ratio:.2f}× ({secs(bs['wall_s'])} vs {secs(bt['wall_s'])})", ratio <= 2.0))
    goals.append(("peak RSS of the full build", "< 500 MB", f"{bs['rss_mb']:.0f} MB", bs["rss_mb"] < 500))

# ---- 2. incremental
inc = {k: load(f"inc-{k}.us") for k in ("nochange", "add", "change", "remove")}
if all(inc.values()) and full_wall:
    w("## 2. Incremental runs on the debdocs index")
    w("")
    w("`sagasu index` on the built index; median of 3 rounds (a 3.8 KB document added under a new name, "
      "then changed, then removed). Whole process, walk of the 10,813 files included.")
    w("")
    w("| run | wall (median of 3) | share of the full build |")
    w("|---|---:|---:|")
    worst = 0
    for k, label in (("nochange", "no change"), ("add", "add 1 document"), ("change", "change 1"), ("remove", "remove 1")):
        v = statistics.median(int(x) for x in inc[k].split()) / 1e6
        share = v / full_wall * 100
        worst = max(worst, share)
        w(f"| {label} | {v * 1000:.0f} ms | {share:.2f}% |")
    w("")
    goals.append(("no-change / single-file runs", "each < 2% of the full build", f"worst {worst:.2f}%", worst < 2.0))

# ---- 3. latency
lat = load("latency-sagasu.json")
tout, kinds = load("latency-tantivy.out"), load("latency-tantivy.kinds") or load("tantivy-queries.kinds")
tant = defaultdict(list)
tant_fetch = []
if tout and kinds:
    kinds = kinds.split()
    lines, section = [], None
    for line in tout.splitlines():
        if line.startswith("SEARCH"):
            section = "search"; continue
        if line.startswith("FETCH STORE"):
            section = "fetch"; continue
        parts = line.rsplit("\t", 2)
        if section == "search" and len(parts) == 3 and parts[2].isdigit():
            lines.append(int(parts[2]))
        elif section == "fetch":
            p = line.rsplit("\t", 1)
            if len(p) == 2 and p[1].isdigit():
                tant_fetch.append(int(p[1]))
    n = len(kinds)
    for i, t in enumerate(lines[n:]):  # the first pass is the warm-up
        tant[kinds[i % n]].append(t)
        tant["all"].append(t)
if lat:
    w("## 3. Query latency on debdocs (in-process, one thread, top 10)")
    w("")
    w(f"{lat['queries']} queries: the 962 AOL queries of search-benchmark-game (tagged union `a b`, intersection `+a +b`, "
      "phrase, negated, …) and 60 mixed-script queries (bench/queries/mixed-script.tsv); "
      f"a warm-up, then up to {lat['repeat']} measured passes in a fixed shuffled order, all samples pooled"
      + (f", at most {lat['budget_s']:.0f} s per mode (a pass cut short measures a random sample of the queries: "
         + ", ".join(f"{m} {lat[m]['measured_queries']} queries × {lat[m]['complete_passes']} full passes, {lat[m]['all']['n']} samples"
                     for m in ('snippets', 'nosnippets', 'rank', 'noprf', 'prf') if m in lat) + ")" if lat.get("budget_s") else "") + ". "
      "sagasu reads `a b` as all words with a fallback to any word (its default), tantivy as any word. "
      "*With snippets*: `Searcher::search`, 3 snippets per document, as the CLI (pseudo-relevance feedback on, "
      "the default since issue 28: two searches per query). *Without*: `snippets: 0` and no feedback "
      "(no stored passage read). *rank*: `Searcher::rank` (one passage per document, the eval path). "
      "*no-prf*: with snippets, without feedback (`search --no-prf`). "
      "tantivy-cli: its `bench` command (TopDocs(10) + Count, no stored document read), same queries, first pass dropped.")
    w("")
    w("| query type | queries measured | with snippets p50 / p90 / p99 / mean | without snippets p50 / p90 / p99 / mean | rank p50 / p99 | --no-prf p50 / p99 | tantivy-cli bench p50 / p90 / p99 / mean | without snippets ÷ tantivy-cli p50 / p99 |")
    w("|---|---:|---|---|---|---|---|---|")
    order = ["all", "union", "intersection", "phrase", "negated", "mixed-script", "intersection_union", "term", "two-phase-critic",
             "(any type) with results", "(any type) no results"]
    keys = [k for k in order if k in lat.get("snippets", {})] + sorted(
        k for k in lat.get("snippets", {}) if k not in order and isinstance(lat["snippets"][k], dict) and "p50_us" in lat["snippets"][k])

    def four(d):
        return " / ".join(us(d.get(x)) for x in ("p50_us", "p90_us", "p99_us", "mean_us")) if d else "–"

    for k in keys:
        s, ns, rk = lat.get("snippets", {}).get(k, {}), lat.get("nosnippets", {}).get(k, {}), lat.get("rank", {}).get(k, {})
        pf = lat.get("noprf", {}).get(k, {})
        t = tant.get(k, [])
        tq = {"p50_us": pct(t, 50), "p90_us": pct(t, 90), "p99_us": pct(t, 99), "mean_us": statistics.mean(t) if t else None} if t else None
        ratio = (f"{ns['p50_us'] / max(tq['p50_us'], 1):.1f}× / {ns['p99_us'] / max(tq['p99_us'], 1):.1f}×" if (tq and ns) else "–")
        nq = lat.get("snippets", {}).get("measured_queries", "?") if k == "all" else s.get("queries", f"{s.get('n', '?')} samples")
        label = f"**{k}**" if k == "all" else k
        w(f"| {label} | {nq} | {four(s)} | {four(ns)} | {us(rk.get('p50_us'))} / {us(rk.get('p99_us'))} | {us(pf.get('p50_us'))} / {us(pf.get('p99_us'))} | {four(tq)} | {ratio} |")
    w("")
    if tant_fetch:
        ff = tant_fetch[len(tant_fetch) // (lat["repeat"] + 1):]
        w(f"tantivy-cli `bench` also times fetching the 10 stored documents: p50 {us(pct(ff, 50))}, p99 {us(pct(ff, 99))}.")
    for mode in ("snippets", "nosnippets"):
        m = lat.get(mode, {})
        if m.get("slowest"):
            w(f"Slowest queries ({'with' if mode == 'snippets' else 'without'} snippets): " + ", ".join(
                f"`{q['query']}` {us(q['us'])}" for q in m["slowest"][:5]) + ".")
    nr = lat.get("snippets", {}).get("no_results", [])
    errs = lat.get("snippets", {}).get("errors", [])
    mixed = lat.get("snippets", {}).get("mixed-script", {})
    w(f"Queries with no result in sagasu: {len(nr)} of the {lat.get('snippets', {}).get('measured_queries', '?')} measured"
      + (f" (mixed-script: {mixed.get('queries', 0) - mixed.get('with_results', 0)} of {mixed.get('queries', 0)})" if mixed else "")
      + f"; errors: {len(errs)}" + (f" ({'; '.join(errs[:3])})" if errs else "") + ".")
    w("")
    a = lat.get("snippets", {}).get("all", {})
    goals.append(("query p50 / p99, top 10 with snippets (feedback on, the default)", "< 1 ms / < 10 ms",
                  f"{us(a.get('p50_us'))} / {us(a.get('p99_us'))}", a.get("p50_us", 1e9) < 1000 and a.get("p99_us", 1e9) < 10_000))
    ns = lat.get("nosnippets", {}).get("all", {})
    if tant.get("all"):
        t50, t90, t99 = pct(tant["all"], 50), pct(tant["all"], 90), pct(tant["all"], 99)
        r = [ns["p50_us"] / max(t50, 1), ns["p90_us"] / max(t90, 1), ns["p99_us"] / max(t99, 1)]
        goals.append(("query latency without snippets vs tantivy-cli bench", "within 2×",
                      f"p50 {us(ns['p50_us'])} vs {us(t50)} ({r[0]:.1f}×), p90 {r[1]:.1f}×, p99 {us(ns['p99_us'])} vs {us(t99)} ({r[2]:.1f}×)",
                      max(r) <= 2.0))

# ---- 4. whole process
proc = load("process.json")
if proc:
    w("## 4. Whole-process search on debdocs")
    w("")
    w("`sagasu search QUERY >/dev/null` (open the index, search, 10 documents with snippets, print) beside "
      "`rg -i -c QUERY` over the 96 MB folder; median of 20 runs each (interleaved, after one warm-up), page cache warm.")
    w("")
    w("| query | sagasu search | rg -i -c | rg ÷ sagasu |")
    w("|---|---:|---:|---:|")
    for q, v in proc.items():
        w(f"| `{q}` | {v['sagasu_ms']:.1f} ms | {v['rg_ms']:.1f} ms | {v['rg_ms'] / v['sagasu_ms']:.1f}× |")
    sa = statistics.median(x for v in proc.values() for x in v["sagasu_all_ms"])
    ra = statistics.median(x for v in proc.values() for x in v["rg_all_ms"])
    worst = max(v["sagasu_ms"] for v in proc.values())
    least = min(v["rg_ms"] / v["sagasu_ms"] for v in proc.values())
    w(f"| **all 100 runs (median)** | **{sa:.1f} ms** | **{ra:.1f} ms** | **{ra / sa:.1f}×** |")
    w("")
    goals.append(("whole-process search", "< 30 ms and ≥ 10× faster than rg -i",
                  f"median {sa:.1f} ms (slowest query {worst:.1f} ms); {ra / sa:.1f}× faster than rg (least {least:.1f}×)",
                  worst < 30 and least >= 10))

# ---- 4b. every occurrence
every = load("every.json")
if every:
    w("## 4b. Every occurrence on debdocs")
    w("")
    w("`sagasu search --every QUERY` (every occurrence in every matching document, streamed) beside "
      "`rg -n -i -w QUERY` over the same folder: time to the first line and to the end of the listing, whole process, "
      "and the CPU time of the process (user + sys), median of the runs (interleaved, after one warm-up). "
      "sagasu also matches stems (kernels), so its listing can be longer.")
    w("")
    w("| query | sagasu first line | sagasu all (lines) | sagasu CPU | rg first line | rg all (lines) | rg CPU |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    for q, v in every.items():
        cpu = lambda k: f"{v[k]:.1f} ms" if k in v else "–"
        w(f"| `{q}` | {v['sagasu_first_ms']:.1f} ms | {v['sagasu_all_ms']:.1f} ms ({v['sagasu_lines']}) | "
          f"{cpu('sagasu_cpu_ms')} | {v['rg_first_ms']:.1f} ms | {v['rg_all_ms']:.1f} ms ({v['rg_lines']}) | "
          f"{cpu('rg_cpu_ms')} |")
    w("")
    first = max(v["sagasu_first_ms"] for v in every.values())
    slower = [q for q, v in every.items() if v["sagasu_all_ms"] > v["rg_all_ms"]]
    goals.append(("issues 19, 23: --every, first line (slowest query)", "< 50 ms", f"{first:.1f} ms", first < 50))
    goals.append(("issues 19, 23: --every, whole listing vs rg -n -i -w", "at least as fast",
                  "slower on " + ", ".join(slower) if slower else "as fast or faster on every query", not slower))

# ---- 5. eval
ev = load("eval.json")
if ev is not None:
    w("## 5. Batch evaluation on vaswani")
    w("")
    if ev.get("pending"):
        w("Pending: `sagasu eval` was not available when this run was made.")
        goals.append(("vaswani eval", "> 500 queries/s", "pending", None))
    elif "timing" in ev:
        t = ev["timing"]
        summ = ev.get("summary", {})
        w(f"`sagasu eval --queries queries.tsv --qrels qrels.txt` (pseudo-relevance feedback on, the default since issue 28: "
          f"each query runs twice, feedback passages read back) on the 11,429 vaswani abstracts: {t['queries']} queries "
          f"in {t['seconds'] * 1000:.0f} ms = **{t['queries_per_second']:.0f} queries/s** (depth 1000, the searcher shared by "
          f"{env.get('nproc', '?')} threads)" + (f"; MAP {summ['map']:.4f}" if isinstance(summ.get("map"), (int, float)) else "") + ".")
        goals.append(("vaswani eval (feedback on, the default)", "> 300 queries/s", f"{t['queries_per_second']:.0f} queries/s",
                      t["queries_per_second"] > 300))
        pe = load("eval-noprf.json") or {}
        if "timing" in pe:
            tp = pe["timing"]
            w(f"With `--no-prf` (one search per query): {tp['queries']} queries in "
              f"{tp['seconds'] * 1000:.0f} ms = **{tp['queries_per_second']:.0f} queries/s**"
              + (f"; MAP {pe['summary']['map']:.4f}" if isinstance(pe.get("summary", {}).get("map"), (int, float)) else "") + ".")
            goals.append(("vaswani eval --no-prf", "> 500 queries/s", f"{tp['queries_per_second']:.0f} queries/s",
                          tp["queries_per_second"] > 500))
    else:
        w(f"Failed: {ev}")
        goals.append(("vaswani eval", "> 500 queries/s", "failed", False))
    w("")

# ---- 6. sotu
so = load("sotu.json")
if so and not so.get("missing"):
    si = load("sotu-index.json") or {}
    try:
        srep = json.loads(load("sotu-index.out") or "{}")
    except json.JSONDecodeError:
        srep = {}
    size = int(load("sotu.size") or 0)
    w("## 6. sotu: long speeches")
    w("")
    w(f"The 233 State of the Union addresses ({size / 1e6:.1f} MB), the genre closest to the default corpus. "
      f"Each speech is one line of text (the longest {so['longest_line'] / 1e3:.0f} KB), so passages are cut inside "
      f"lines: {srep.get('documents', '?')} documents → {srep.get('passages', '?')} passages, indexed in "
      f"{secs(si.get('wall_s'))} with {si.get('rss_mb', 0):.0f} MB peak RSS. Relevance sanity check "
      "(bench/queries/sotu.tsv): the speech a reader expects, and where `sagasu search` ranks it.")
    w("")
    w("| query | expected | rank | documents found | first result: snippet |")
    w("|---|---|---:|---:|---|")
    for r in so["queries"]:
        snip = (r["snippet"] or "").replace("|", "\\|")
        snip = snip if len(snip) <= 120 else snip[:117] + "…"
        w(f"| `{r['query']}` | {r['expected'][:-4]} | {r['rank'] or 'not in top 10'} | {r['total']} | "
          f"{(r['top'] or '–')[:-4]}:{r['line']}: {snip} |")
    first = sum(1 for r in so["queries"] if r["rank"] == 1)
    top3 = sum(1 for r in so["queries"] if r["rank"] and r["rank"] <= 3)
    w("")
    w(f"Expected speech first for {first} of {len(so['queries'])} queries, in the top 3 for {top3}. "
      "Every snippet reports line 3: a speech is one line, so `path:line` cannot say where in it a passage is "
      "(`search --json` gives each passage's `byte` offset for that).")
    w("")

# ---- issue 4
sp = {c: load(f"speed-{c}.json") for c in ("seed", "seed50")}
if any(sp.values()):
    w("## Issue 4: latency with snippets on the seed corpus and on 50 MB")
    w("")
    w("60 queries (bench/queries/speed.tsv: 12 single terms, 14 multi-term, 12 phrases, 10 prefix `word*`, "
      "12 fuzzy `word~N`), `Searcher::search` with snippets for the top 10 and pseudo-relevance feedback (the default "
      "since issue 28), in-process, one thread, after a warm-up. "
      "seed50 is corpus/ copied 335 times under varied names.")
    w("")
    w("| corpus | size | passages | p50 | p90 | p99 | mean | slowest type (p99) |")
    w("|---|---:|---:|---:|---:|---:|---:|---|")
    for c, v in sp.items():
        if not v:
            continue
        a = v["snippets"]["all"]
        size = int(load(f"speed-{c}.size") or 0)
        passages = (load(f"speed-{c}-index.json") or {}).get("passages", "?")
        types = {k: d for k, d in v["snippets"].items() if isinstance(d, dict) and "p99_us" in d and k != "all"}
        slow = max(types.items(), key=lambda kv: kv[1]["p99_us"]) if types else ("–", {"p99_us": None})
        w(f"| {c} | {size / 1e6:.1f} MB | {passages:,} | {us(a['p50_us'])} | {us(a['p90_us'])} | {us(a['p99_us'])} | {us(a['mean_us'])} | {slow[0]} ({us(slow[1]['p99_us'])}) |"
          if isinstance(passages, int) else
          f"| {c} | {size / 1e6:.1f} MB | {passages} | {us(a['p50_us'])} | {us(a['p90_us'])} | {us(a['p99_us'])} | {us(a['mean_us'])} | {slow[0]} ({us(slow[1]['p99_us'])}) |")
    w("")
    plain = [f"{c} p50 {us(v['noprf']['all']['p50_us'])}, p99 {us(v['noprf']['all']['p99_us'])}"
             for c, v in sp.items() if v and "all" in v.get("noprf", {})]
    if plain:
        w("Without feedback (`--no-prf`): " + "; ".join(plain) + ".")
        w("")
    if sp.get("seed50"):
        a = sp["seed50"]["snippets"]["all"]
        goals.append(("issue 4: p50 / p99 with snippets on 50 MB", "< 2 ms / < 20 ms",
                      f"{us(a['p50_us'])} / {us(a['p99_us'])}", a["p50_us"] < 2000 and a["p99_us"] < 20_000))

# ---- issue 14: PDFs
pdf_build = load("pdf-build.json")
if pdf_build:
    stats = dict(l.split("\t")[:2] for l in (load("pdfstats.tsv") or "").splitlines() if l.count("\t") >= 1)
    pages, files, size = int(stats.get("pages", 0)), int(stats.get("files", 0)), int(stats.get("bytes", 0))
    seq = load("pdf-pdftotext.json") or {}
    rga_first = load("pdf-rga-first.json") or {}
    report = json.loads((load("pdf-build.out") or "{}").splitlines()[0] or "{}")
    nochange = [load(f"pdf-nochange-{i}.json") for i in (1, 2, 3)]
    nochange = [n["wall_s"] for n in nochange if n]
    searches = load("pdf-search.json") or {}
    cpu = lambda t: t.get("user_s", 0) + t.get("sys_s", 0)
    w("## 7. PDFs (issue 14): pdfdocs")
    w("")
    w(f"pdfdocs: the PDF manuals of three pinned Debian 12 documentation packages "
      f"(texlive-latex-recommended-doc, texlive-science-doc, r-doc-pdf; bench/make_pdfdocs.py): "
      f"{files} files, {pages:,} pages, {mb(size)}. {(load('pdftotext.version') or '?').strip()}, "
      f"{(load('rga.version') or 'rga ?').strip()} (its own cache, ripgrep's threads).")
    w("")
    w("| step | wall | CPU (user+sys) | peak RSS | pages/s |")
    w("|---|---:|---:|---:|---:|")
    if seq:
        w(f"| `pdftotext -raw` over every file, sequentially | {secs(seq['wall_s'])} | {secs(cpu(seq))} | – | {pages / seq['wall_s']:,.0f} |")
    w(f"| `sagasu index` (full build: extraction on every core, indexing) | {secs(pdf_build['wall_s'])} | {secs(cpu(pdf_build))} | "
      f"{pdf_build['rss_mb']:.0f} MB | {pages / pdf_build['wall_s']:,.0f} |")
    if rga_first:
        w(f"| rga's first search (extracts and caches) | {secs(rga_first['wall_s'])} | {secs(cpu(rga_first))} | {rga_first['rss_mb']:.0f} MB | {pages / rga_first['wall_s']:,.0f} |")
    if nochange:
        w(f"| `sagasu index`, nothing changed (median of {len(nochange)}) | {statistics.median(nochange) * 1000:.0f} ms | – | – | – |")
    w("")
    size_idx = int(load("pdf-build.size") or 0)
    skipped = report.get("skipped", [])
    kinds = defaultdict(int)
    for k in skipped:
        kinds[k.get("kind", "?")] += 1
    w(f"The build indexed {report.get('documents', '?')} documents ({report.get('passages', '?'):,} passages) into {mb(size_idx)}; "
      f"skipped {len(skipped)} ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items())) or 'none'}), each reported with its reason."
      if isinstance(report.get("passages"), int) else "")
    w("")
    if searches:
        w("| query | `sagasu search` (whole process, median) | `rga -i -c` cached (median) | ratio |")
        w("|---|---:|---:|---:|")
        for q, v in searches.items():
            w(f"| {q} | {v['sagasu_ms']:.1f} ms | {v['rga_ms']:.0f} ms | {v['rga_ms'] / v['sagasu_ms']:.0f}× |")
        w("")
    if seq:
        goals.append(("issue 14: full PDF build vs pdftotext alone, sequential", "≤ 1.5×",
                      f"{pdf_build['wall_s'] / seq['wall_s']:.2f}×", pdf_build["wall_s"] <= 1.5 * seq["wall_s"]))
    if searches:
        worst = max(v["sagasu_ms"] for v in searches.values())
        ratio = min(v["rga_ms"] / v["sagasu_ms"] for v in searches.values())
        goals.append(("issue 14: search over the indexed PDFs, whole process (slowest query)", "< 20 ms", f"{worst:.1f} ms", worst < 20))
        goals.append(("issue 14: vs rga's cached search (smallest ratio)", "≥ 10×", f"{ratio:.0f}×", ratio >= 10))

# ---- 8. sagasu serve
http = load("http.json")
if http:
    w("## 8. sagasu serve: /api/search over HTTP on debdocs (issue 17)")
    w("")
    w("`sagasu serve` on the debdocs index; wrk (bench/http.sh, bench/http.lua) sends the queries of section 3 in turn "
      "over kept-alive connections, each client its next request when the last is answered; "
      f"a warm-up, then {http.get('duration_s', '?')} s per row. Latency is from request sent to response read, "
      "the JSON of `sagasu search --json` (3 snippets per document, top 10). "
      f"Load average at the end: {http.get('loadavg', '?')}; server peak RSS {http.get('rss_kb', 0) / 1024:.0f} MB.")
    w("")
    w("| clients | requests/s | p50 | p90 | p99 | errors |")
    w("|---:|---:|---:|---:|---:|---:|")
    for c in ("1", "4", "16"):
        r = http.get(c)
        if r:
            rps = r["requests"] / (r["duration_us"] / 1e6)
            w(f"| {c} | {rps:,.0f} | {us(r['p50_us'])} | {us(r['p90_us'])} | {us(r['p99_us'])} | {r['non200'] + r['socket_errors']} |")
    inproc = (lat or {}).get("snippets", {}).get("all", {}).get("p50_us")
    if inproc and http.get("1"):
        ratio = http["1"]["p50_us"] / inproc
        w("")
        w(f"In-process with snippets (section 3, same queries): p50 {us(inproc)}; HTTP at 1 client ÷ in-process: {ratio:.2f}×.")
        goals.append(("issue 17: /api/search p50 at 1 client vs in-process with snippets", "≤ 1.5×", f"{ratio:.2f}×", ratio <= 1.5))
    w("")

# ---- 10. the size curve (issue 26)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import curve_report  # noqa: E402

curve_report.section(res, w, goals)

# ---- goals
w("## Goals")
w("")
w("| measure | goal | this run | |")
w("|---|---|---|---|")
for m, g, f, c in goals:
    w(f"| {m} | {g} | {f} | {ok(c)} |")
w("")
w("Reproduce: `just bench-corpus && just bench` (or `bash bench/corpus.sh && bash bench/run.sh`); "
  "raw figures of each run are kept in `bench-data/results/`.")
print("\n".join(out))
