"""The size-curve section of BENCHMARKS.md (issue 26), from the curve.json
that bench/curve.sh writes into a results folder."""
import json
import os


def _us(x):
    if x is None:
        return "–"
    return f"{x:.0f} µs" if x < 1000 else f"{x / 1000:.2f} ms"


def _s(x):
    return "–" if x is None else f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def _cpu(b):
    return b["user_s"] + b["sys_s"]


def section(res, w, goals):
    """Writes the section with `w` (one line per call) and appends its goals
    (measure, goal, figure, met) to `goals`; nothing if the step did not run."""
    p = os.path.join(res, "curve.json")
    if not os.path.exists(p):
        return
    c = json.load(open(p, encoding="utf-8"))
    sizes = c["sizes"]
    names = list(sizes)
    w(f"## 10. Size curve: debdocs at {', '.join(n + '×' for n in names)} (issue 26)")
    w("")
    w("debdocs copied n times with hard links (the same text under n different paths) by the `curve` step of "
      "`just bench` (bench/curve.sh), which removes the copies afterwards; tantivy-cli indexes the same text "
      "(debdocs' JSON lines n times, through a pipe) with its defaults, as in section 1. Latency: the queries "
      "of section 3, `Searcher::search` with snippets, in-process, one thread. Whole process: "
      "`sagasu search QUERY`, the five queries of section 4 (median per query, the slowest query shown); "
      "`--every`: time to its first line, slowest of `kernel` and `partition`. "
      f"Load average at the end of the step: {' / '.join(c.get('loadavg_end', []))}.")
    w("")
    head = "| | " + " | ".join(f"{n}×" for n in names) + " |"
    w(head)
    w("|---|" + "---:|" * len(names) + "")
    row = lambda label, f: w(f"| {label} | " + " | ".join(f(sizes[n]) for n in names) + " |")
    row("text", lambda r: f"{r['bytes'] / 1e6:,.0f} MB, {r['documents'] or 0:,} files")
    row("passages", lambda r: f"{r['passages'] or 0:,}")
    row("`sagasu index` wall / CPU", lambda r: f"{_s(r['build']['wall_s'])} / {_s(_cpu(r['build']))}" if r["build"] else "–")
    row("CPU ÷ wall (cores busy)", lambda r: f"{_cpu(r['build']) / r['build']['wall_s']:.2f}" if r["build"] else "–")
    row("CPU per MB", lambda r: f"{_cpu(r['build']) / (r['bytes'] / 1e6) * 1e3:.0f} ms" if r["build"] else "–")
    row("tantivy-cli wall / CPU",
        lambda r: f"{_s(r['tantivy']['wall_s'])} / {_s(_cpu(r['tantivy']))}" if r.get("tantivy") else "–")
    row("**ratio (wall)**",
        lambda r: f"**{r['build']['wall_s'] / r['tantivy']['wall_s']:.2f}×**" if r.get("tantivy") and r["build"] else "–")
    row("ratio (CPU)",
        lambda r: f"{_cpu(r['build']) / _cpu(r['tantivy']):.2f}×" if r.get("tantivy") and r["build"] else "–")
    row("sagasu peak RSS", lambda r: f"{r['build']['rss_mb']:.0f} MB" if r["build"] else "–")
    row("tantivy-cli peak RSS", lambda r: f"{r['tantivy']['rss_mb']:.0f} MB" if r.get("tantivy") else "–")
    row("sagasu index on disk", lambda r: f"{r['index_bytes'] / 1e6:,.0f} MB")
    row("segments at the end / MB written by the build (a merge writes segments again)",
        lambda r: f"{r.get('segments') or '–'} / {r['build']['written_mb']:,.0f} MB"
        if r["build"] and "written_mb" in r["build"] else "–")
    row("tantivy-cli index on disk",
        lambda r: f"{r['tantivy_index_bytes'] / 1e6:,.0f} MB" if r.get("tantivy_index_bytes") else "–")
    row("no-change pass (median of 3)", lambda r: _s(r["nochange_s"]))
    row("in-process p50 / p99, with snippets", lambda r: f"{_us(r['p50_us'])} / {_us(r['p99_us'])}")
    row("whole-process search (slowest query)",
        lambda r: f"{max(r['process']['search'].values()):.1f} ms" if r.get("process") else "–")
    row("`--every` first line (slowest query)",
        lambda r: f"{max(r['process']['every_first'].values()):.1f} ms" if r.get("process") else "–")
    w("")
    cjk = c.get("cjk")
    if cjk:
        b = cjk["build"]
        w(f"One file of {cjk['bytes'] / 1e6:.0f} MB of random CJK text (every bigram distinct; the generator of the "
          f"memory regression test): `sagasu index` {_s(b['wall_s'])} wall, {_s(_cpu(b))} CPU, "
          f"peak RSS {b['rss_mb']:.0f} MB, index {cjk['index_bytes'] / 1e6:.0f} MB.")
        w("")
    peaks = [(f"{n}×", r["build"]["rss_mb"]) for n, r in sizes.items() if r["build"]]
    if cjk:
        peaks.append(("random CJK", cjk["build"]["rss_mb"]))
    if peaks:
        worst = max(peaks, key=lambda x: x[1])
        goals.append(("issue 26: peak RSS of `sagasu index`, every point of the curve and the random-CJK file",
                      "< 400 MB", f"worst {worst[1]:.0f} MB ({worst[0]})", worst[1] < 400))
    ratios = [(n, r["build"]["wall_s"] / r["tantivy"]["wall_s"]) for n, r in sizes.items() if r.get("tantivy") and r["build"]]
    if ratios:
        goals.append(("issue 26: build wall vs tantivy-cli, 1× and 10×", "≤ 1.5×",
                      ", ".join(f"{x:.2f}× at {n}×" for n, x in ratios), all(x <= 1.5 for _, x in ratios)))
    busy = [(n, _cpu(r["build"]) / r["build"]["wall_s"]) for n, r in sizes.items() if r["build"]]
    if busy:
        goals.append(("issue 26: both cores busy (CPU ÷ wall of the build)", "≈ 1.9 at every size",
                      ", ".join(f"{x:.2f} at {n}×" for n, x in busy), all(x >= 1.8 for _, x in busy)))
    top = names[-1]
    r = sizes[top]
    if r.get("p50_us") is not None and r.get("process"):
        slowest = max(r["process"]["search"].values())
        goals.append((f"issue 26: queries at {top}×: in-process p50 / p99 with snippets; whole process",
                      "≤ 1.5 ms / ≤ 15 ms; ≤ 20 ms",
                      f"{_us(r['p50_us'])} / {_us(r['p99_us'])}; {slowest:.1f} ms",
                      r["p50_us"] <= 1500 and r["p99_us"] <= 15000 and slowest <= 20))
