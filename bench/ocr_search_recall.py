#!/usr/bin/env python3
"""Word recall of sagasu's OCR, per language and per kind of page
(bench/ocr.sh runs it): a word of DIR/words.tsv (file, page, language,
word; written by make_ocr_bench.py) is recalled when `sagasu search --json
WORD` returns a passage of its file on its page (marked ocr).

Usage: ocr_search_recall.py SAGASU CORPUS INDEX"""
import collections
import json
import subprocess
import sys

sagasu, corpus, index = sys.argv[1:4]
rows = [l.rstrip("\n").split("\t") for l in open(f"{corpus}/words.tsv")]
places = {}
for word in sorted({r[3] for r in rows}):
    out = subprocess.run([sagasu, "--corpus", corpus, "--index", index, "search", "--json", "--limit", "100", word],
                         capture_output=True, text=True).stdout
    found = set()
    if out.strip():
        for r in json.loads(out)["results"]:
            for p in r["passages"]:
                if p.get("ocr"):
                    found.add((r["path"], p.get("page", 1)))
    places[word] = found

tally = collections.defaultdict(collections.Counter)
missed = collections.defaultdict(list)
for f, page, lang, word in rows:
    hit = (f, int(page)) in places[word]
    kind = "pdf page" if f.endswith(".pdf") else f.split("-", 1)[1].rsplit(".", 1)[0]
    for key in (lang, "kind: " + kind):
        tally[key]["hit"] += hit
        tally[key]["all"] += 1
    if not hit:
        missed[f"{f}#{page}"].append(word)

print("| pages | words found |")
print("|---|---|")
for key in sorted(tally):
    t = tally[key]
    print(f"| {key} | {t['hit'] / t['all']:.0%} ({t['hit']}/{t['all']}) |")
print()
for place, words in sorted(missed.items()):
    print(f"missed on {place}: {' '.join(words)}")
