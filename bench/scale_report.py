#!/usr/bin/env python3
"""The "Beyond one machine" section of BENCHMARKS.md from the raw figures
bench/scale.sh leaves in a results folder (argument): ingest, latency and
overlap (queries.json, from crates/quickwit/benches/scale.rs), vaswani
eval local and through the cluster, the load of the machine."""
import json
import os
import sys

res = sys.argv[1]


def load(name):
    with open(os.path.join(res, name), encoding="utf-8") as f:
        return json.load(f)


def read(name, default=""):
    path = os.path.join(res, name)
    return open(path, encoding="utf-8").read().strip() if os.path.exists(path) else default


def summary(doc):
    """The measures of a `sagasu eval --json` document."""
    if isinstance(doc, dict):
        if "summary" in doc and isinstance(doc["summary"], dict):
            return doc["summary"]
        for v in doc.values():
            s = summary(v)
            if s:
                return s
    return {}


env = load("env.json")
q = load("queries.json")
ingest = load("ingest-debdocs.json")
export = load("export-debdocs.json")
local, cluster = summary(load("eval-local.json")), summary(load("eval-cluster.json"))
mb = int(read("export-debdocs.size", "0")) / 1e6
out = []
w = out.append
w("## Beyond one machine: a 3-node Quickwit cluster (issue 18)\n")
w(f"`just scale` (bench/scale.sh), {env['date']}, sagasu {env['sagasu_rev']}, Quickwit {env['quickwit']}, "
  f"{env['nproc']} cores shared with other work: load average {' '.join(env['load_before'])} before, "
  f"{' '.join(env['load_after'])} after. Node 1: metastore, control plane, indexer, searcher, janitor; "
  "nodes 2 and 3: searchers; file-backed metastore and storage. Queries go through node 2.\n")
w("| | figure |")
w("|---|---|")
secs = ingest["seconds"]
w(f"| debdocs export | {export.get('passages', ingest['passages']):,} passages of "
  f"{export.get('documents', '?'):,} files, {mb:.0f} MB of NDJSON in {len(export.get('files', []))} file(s) |")
merge = load("merge-debdocs.json") if os.path.exists(os.path.join(res, "merge-debdocs.json")) else {}
w(f"| ingest (REST, until all searchable) | {secs:.0f} s: {ingest['passages'] / secs:,.0f} passages/s, "
  f"{mb / secs:.2f} MB/s; then {merge.get('seconds', '?')} s until merged into "
  f"{merge.get('splits', '?')} split(s) |")
a = q["kinds"]["all"]
w(f"| latency, {a['local']['n']} searches (top 10, 3 snippets) | local p50 {a['local']['p50_ms']:.1f} ms, "
  f"p99 {a['local']['p99_ms']:.1f} ms; cluster p50 {a['cluster']['p50_ms']:.1f} ms, p99 {a['cluster']['p99_ms']:.1f} ms |")
w(f"| top-10 document overlap (goal >= 0.9) | {a['overlap']:.3f} over {a['overlap_n']} queries with local "
  f"results; identical top 10: {q['identical_top10']} |")
for k, v in sorted(q["kinds"].items()):
    if k != "all" and v.get("overlap") is not None:
        w(f"| &nbsp;&nbsp;{k} | overlap {v['overlap']:.3f} ({v['overlap_n']}); cluster p50 "
          f"{v['cluster']['p50_ms']:.1f} ms vs local {v['local']['p50_ms']:.1f} ms |")
lm, cm = local.get("map"), cluster.get("map")
if lm is not None and cm is not None:
    w(f"| vaswani MAP (goal within 0.01) | local {lm:.4f}, cluster {cm:.4f} (difference {cm - lm:+.4f}); "
      f"nDCG@10 {local.get('ndcg_cut_10', local.get('ndcg_cut.10', float('nan'))):.4f} vs "
      f"{cluster.get('ndcg_cut_10', cluster.get('ndcg_cut.10', float('nan'))):.4f} |")
kill = q.get("kill")
if kill:
    after = kill["after"]["cluster"]
    w(f"| node 3 killed (kill -9) before query {kill['at_query']} of the last pass | "
      f"{kill['errors_after']} of {kill['queries_after']} later searches failed"
      + (f" (from {kill['first_error_after_s']:.1f} s to {kill['last_error_after_s']:.1f} s after the kill)"
         if kill["errors_after"] else "")
      + f"; after it p50 {after['p50_ms']:.1f} ms, p99 {after['p99_ms']:.1f} ms; node 1 answered "
      f"{read('after-kill-node1.status', '?')}, node 2 {read('after-kill-node2.status', '?')} |")
if q.get("lowest_overlap"):
    low = ", ".join(f"`{x['query']}` {x['overlap']:.1f}" for x in q["lowest_overlap"][:5])
    w(f"\nLowest overlaps: {low}.")
print("\n".join(out))
