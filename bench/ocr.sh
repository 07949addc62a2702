#!/usr/bin/env bash
# The OCR measures of BENCHMARKS.md, "OCR (issue 25)". Usage, from the
# repository root:
#
#   bench/ocr.sh [OUT]        (OUT defaults to /tmp/sagasu-ocr-bench)
#
# SAGASU (default target/debug/sagasu), REPEAT (default 2), THREADS
# (default 2: the goal is "on 2 cores") change what is run. Needs tesseract
# with eng, kor, jpn, chi_sim, chi_tra, pdftoppm, img2pdf, GNU time, and
# python3 with pillow (tests/fixtures/scans/make_scans.py --bench).
#
# 1. recall: the pages of bench/make_ocr_bench.py (clean, skewed, noisy and
#    one vertical page per language, and a 5-page scanned PDF) are indexed
#    by sagasu; a known word is recalled when `sagasu search --json WORD`
#    finds it on its file and page (bench/ocr_search_recall.py).
# 2. pages/s: a first build (empty OCR cache) against `tesseract` run
#    alone on the same pages one after the other, as sagasu runs it (the
#    same -l and --psm; PDF pages rendered by the same pdftoppm call, its
#    time counted), wall and CPU (user+sys of every process), REPEAT times.
# 3. peak RSS: GNU time's maximum resident set of the build (the largest
#    single process: sagasu or one of its tesseracts).
# 4. second build: `index --rebuild` with the OCR cache, against a first
#    build of the same sentences as text files (bench/make_ocr_bench.py's
#    lines; one file per page image, form feeds between the PDF's pages).
#
# The machine these figures come from is shared: compare CPU time as well
# as wall, and say the load (printed first) next to them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SAGASU=$(realpath "${SAGASU:-target/debug/sagasu}")
OUT=${1:-/tmp/sagasu-ocr-bench}
REPEAT=${REPEAT:-2}
THREADS=${THREADS:-2}
LANGS=eng+kor+jpn+chi_sim+chi_tra
rm -rf "$OUT" && mkdir -p "$OUT"
echo "# $(date -u +%FT%TZ) $(uptime | sed 's/.*load/load/') cores: $(nproc)"
echo "# sagasu: $SAGASU; $(tesseract --version 2>&1 | head -1)"

python3 tests/fixtures/scans/make_scans.py --bench "$OUT/pages"
# The text of the same pages, for the text-layer comparison.
python3 - "$OUT/pages" "$OUT/text" <<'EOF'
import os, sys
sys.path.insert(0, "bench")
import make_ocr_bench as m
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst)
sets = {"eng": m.EN, "kor": m.KO, "jpn": m.JA, "chi_sim": m.ZH_SIM, "chi_tra": m.ZH_TRA}
for name in os.listdir(src):
    lang = name.split("-")[0]
    if name.endswith(".png"):
        lines = m.JA[:4] if name == "jpn-vertical.png" else sets[lang]
        open(os.path.join(dst, name + ".txt"), "w").write("\n".join(lines) + "\n")
open(os.path.join(dst, "scan.txt"), "w").write("\f".join("\n".join(l) + "\n" for l in sets.values()))
EOF
PAGES=$(( $(ls "$OUT/pages"/*.png | wc -l) + $(pdfinfo "$OUT/pages/scan.pdf" | awk '/^Pages:/ {print $2}') ))
echo "# $PAGES pages"

# GNU time's fields: wall, user+sys of the process and its children, max RSS.
timed() { /usr/bin/time -f "%e %U %S %M" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/stderr"; awk '{printf "wall %.1f s, cpu %.1f s, rss %.0f MB", $1, $2+$3, $4/1024}' "$OUT/time"; }
rate() { awk -v p="$PAGES" '{printf " (%.2f pages/s wall, %.2f pages/s cpu)", p/$1, p/($2+$3)}' "$OUT/time"; }

# The baseline: tesseract alone, page by page.
tess_alone() {
  for f in "$OUT/pages"/*.png; do
    tesseract "$f" stdout -l "$LANGS" --psm 4 >/dev/null 2>&1
  done
  n=$(pdfinfo "$OUT/pages/scan.pdf" | awk '/^Pages:/ {print $2}')
  for p in $(seq 1 "$n"); do
    pdftoppm -f "$p" -l "$p" -scale-to 3500 -gray - <"$OUT/pages/scan.pdf" | tesseract stdin stdout -l "$LANGS" --psm 4 >/dev/null 2>&1
  done
}
export -f tess_alone
export OUT LANGS

for i in $(seq 1 "$REPEAT"); do
  rm -rf "$OUT/index"
  echo "sagasu first build #$i: $(timed "$SAGASU" --corpus "$OUT/pages" --index "$OUT/index" index --threads "$THREADS")$(rate)"
  grep -h "OCR read" "$OUT/stderr" || true
  echo "tesseract alone #$i:    $(timed bash -c tess_alone)$(rate)"
  echo "sagasu rebuild, cache #$i: $(timed "$SAGASU" --corpus "$OUT/pages" --index "$OUT/index" index --rebuild --threads "$THREADS")"
  grep -h "OCR read" "$OUT/stderr" || echo "(no page read by OCR)"
  rm -rf "$OUT/tindex"
  echo "text files, first build #$i: $(timed "$SAGASU" --corpus "$OUT/text" --index "$OUT/tindex" index --threads "$THREADS")"
done

echo "# word recall (sagasu search, default --ocr-lang)"
python3 bench/ocr_search_recall.py "$SAGASU" "$OUT/pages" "$OUT/index"
