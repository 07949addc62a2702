#!/usr/bin/env bash
# The HTTP step of `just bench` (issue 17): requests per second and p50/p90/p99
# of `sagasu serve`'s /api/search with 1, 4 and 16 concurrent clients (wrk,
# keep-alive connections, each client sending its next request when the last
# is answered), over the same 1022 queries as the in-process latency step.
#
# Usage: bench/http.sh SAGASU CORPUS INDEX OUT.json
# Environment: DURATION=S seconds per client count (default 20),
#              CLIENTS="1 4 16".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sagasu="$1" corpus="$2" index="$3" out="$4"
duration="${DURATION:-20}"
clients="${CLIENTS:-1 4 16}"
command -v wrk >/dev/null || { echo "bench: wrk is missing: apt-get install wrk" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"; [[ -n "${pid:-}" ]] && kill -INT "$pid" 2>/dev/null; wait 2>/dev/null || true' EXIT

# The queries of the in-process step, as query strings.
python3 - "$here/queries/aol-queries.jsonl" "$here/queries/mixed-script.tsv" >"$work/queries.txt" <<'PY'
import json, sys, urllib.parse
qs = [json.loads(l)["query"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
qs += [l.rstrip("\n").split("\t", 1)[1] for l in open(sys.argv[2], encoding="utf-8")
       if l.strip() and not l.startswith("#") and "\t" in l]
for q in qs:
    print(urllib.parse.urlencode({"q": q}))
PY

"$sagasu" --corpus "$corpus" --index "$index" serve --port 0 >"$work/url" 2>"$work/serve.err" &
pid=$!
for _ in $(seq 600); do [[ -s "$work/url" ]] && break; sleep 0.1; done
url="$(head -1 "$work/url")"
[[ "$url" == http://* ]] || { echo "bench: sagasu serve did not start: $(cat "$work/serve.err")" >&2; exit 2; }
echo "sagasu serve at $url; $(wc -l <"$work/queries.txt") queries" >&2

# One pass over the queries first (warm-up: the index's files in the page cache).
wrk -t1 -c1 -d"$((duration / 4 + 1))s" -s "$here/http.lua" "$url" -- "$work/queries.txt" >/dev/null 2>&1
echo "{" >"$out"
first=1
for c in $clients; do
    t=$(( c < 2 ? c : 2 ))
    wrk -t"$t" -c"$c" -d"${duration}s" --timeout 10s -s "$here/http.lua" "$url" -- "$work/queries.txt" \
        >"$work/wrk-$c.out" 2>"$work/wrk-$c.json"
    line="$(tail -1 "$work/wrk-$c.json")"
    echo "  $c clients: $line" >&2
    [[ $first == 1 ]] || echo "," >>"$out"
    first=0
    printf '"%s": %s' "$c" "$line" >>"$out"
done
printf '\n, "duration_s": %s, "rss_kb": %s, "loadavg": "%s"}\n' "$duration" \
    "$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
