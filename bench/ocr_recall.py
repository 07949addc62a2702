#!/usr/bin/env python3
"""Word recall of Tesseract on the pages of make_ocr_bench.py, per language,
for several ways of choosing languages (bench/ocr.sh runs it):

  all      -l eng+kor+jpn+chi_sim+chi_tra (sagasu's default)
  script   the output of `all` decides the page's script; a page mostly
           Hangul, kana or Han is read again with that language (+eng)
  own      the page's own language (the upper bound a user gets with
           --ocr-lang)

A word counts as recalled when it is in the page's text once spaces between
CJK characters are dropped (as sagasu's clean_page does) and, for Latin
words, case is folded. Usage: ocr_recall.py DIR [PSM]"""
import collections
import os
import subprocess
import sys

ALL = "eng+kor+jpn+chi_sim+chi_tra"


def ocr(path, langs, psm, page=None):
    args = ["tesseract", path, "stdout", "-l", langs, "--psm", str(psm)]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    if path.endswith(".pdf"):
        png = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-scale-to", "3500", "-gray", path],
                             capture_output=True, check=True).stdout
        return subprocess.run(args[:1] + ["stdin"] + args[2:], input=png, capture_output=True, env=env).stdout.decode()
    return subprocess.run(args, capture_output=True, env=env).stdout.decode()


def is_cjk(c):
    o = ord(c)
    return 0x3000 <= o <= 0x30ff or 0x3400 <= o <= 0x9fff or 0xf900 <= o <= 0xfaff


def clean(t):
    out = []
    for i, c in enumerate(t):
        if c == " " and 0 < i < len(t) - 1 and is_cjk(t[i - 1]) and is_cjk(t[i + 1]):
            continue
        out.append(c)
    return "".join(out)


def script_of(t):
    n = collections.Counter()
    for c in t:
        o = ord(c)
        if 0xac00 <= o <= 0xd7a3 or 0x1100 <= o <= 0x11ff or 0x3130 <= o <= 0x318f:
            n["kor"] += 1
        elif 0x3040 <= o <= 0x30ff:
            n["kana"] += 1
        elif 0x4e00 <= o <= 0x9fff:
            n["han"] += 1
        elif c.isalpha():
            n["latin"] += 1
    if n["kor"] > n["latin"] and n["kor"] >= n["han"]:
        return "kor+eng"
    if n["kana"] * 5 >= n["han"] and n["kana"] > 0:
        return "jpn+eng"
    if n["han"] > n["latin"]:
        return "chi_sim+chi_tra+eng"
    return None


def main():
    d = sys.argv[1]
    psm = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    pages = collections.defaultdict(list)
    for line in open(os.path.join(d, "words.tsv")):
        f, p, lang, w = line.rstrip("\n").split("\t")
        pages[(f, int(p), lang)].append(w)
    found = collections.defaultdict(lambda: collections.Counter())
    for (f, p, lang), ws in sorted(pages.items()):
        path = os.path.join(d, f)
        own = "jpn" if lang == "jpn_vert" else lang
        texts = {"all": ocr(path, ALL, psm, p), "own": ocr(path, own, psm, p)}
        s = script_of(texts["all"])
        texts["script"] = ocr(path, s, psm, p) if s else texts["all"]
        variant = f.split("-")[1].split(".")[0] if "-" in f else "pdf"
        for how, t in texts.items():
            t = clean(t).lower()
            hit = sum(1 for w in ws if w.lower() in t)
            found[(lang, how)]["hit"] += hit
            found[(lang, how)]["all"] += len(ws)
            found[("*" + variant, how)]["hit"] += hit
            found[("*" + variant, how)]["all"] += len(ws)
    hows = ["all", "script", "own"]
    print(f"| pages (psm {psm}) | " + " | ".join(hows) + " |")
    print("|---|" + "---|" * len(hows))
    for key in sorted({k[0] for k in found}):
        cells = [f"{found[(key, h)]['hit'] / found[(key, h)]['all']:.0%} ({found[(key, h)]['hit']}/{found[(key, h)]['all']})" for h in hows]
        print(f"| {key} | " + " | ".join(cells) + " |")


main()
