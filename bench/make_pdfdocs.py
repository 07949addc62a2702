#!/usr/bin/env python3
"""Materialize the 'pdfdocs' benchmark corpus (issue 14): the PDF manuals that
three pinned Debian 12 (bookworm) documentation packages ship, about 500 files
and 20,000 pages of real typeset text (LaTeX package manuals, the R manuals).

Needs only: apt-get (after `apt-get update`), dpkg-deb, python3 stdlib, and
pdfinfo (poppler-utils) for the page count. No root install: the .debs are
downloaded and unpacked under WORK, nothing in /usr changes.

usage: python3 make_pdfdocs.py [--work DIR] [--out DIR]
"""
import argparse, hashlib, os, shutil, subprocess
from pathlib import Path

# name=version: apt-get downloads exactly these (sha256 recorded in STATS.tsv).
PACKAGES = [
    "texlive-latex-recommended-doc=2022.20230122-3",  # 172 PDFs, 14,700 pages
    "texlive-science-doc=2022.20230122-4",            # 328 PDFs, 6,000 pages
    "r-doc-pdf=4.2.2.20221110-2",                     # the R manuals
]


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, errors="replace").stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    here = Path(__file__).resolve().parent
    ap.add_argument("--work", default=str(here / "_work"))
    ap.add_argument("--out", default=str(here / "pdfdocs"))
    a = ap.parse_args()
    work, out = Path(a.work), Path(a.out)
    debs = work / "debs"
    x = work / "x"
    debs.mkdir(parents=True, exist_ok=True)
    names = [p.split("=")[0] for p in PACKAGES]
    if not all(any(debs.glob(f"{n}_*.deb")) for n in names):
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=debs, check=True)
    manifest = []
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files = total = page_count = 0
    for name, spec in zip(names, PACKAGES):
        version = spec.split("=")[1]
        deb = debs / f"{name}_{version}_all.deb"
        manifest.append(f"{deb.name}\t{hashlib.sha256(deb.read_bytes()).hexdigest()}")
        dst = x / name
        if not dst.exists():
            dst.mkdir(parents=True)
            subprocess.run(["dpkg-deb", "-x", str(deb), str(dst)], check=True)
        for pdf in sorted(dst.rglob("*.pdf")):
            if not pdf.is_file() or pdf.is_symlink():
                continue
            rel = pdf.relative_to(dst / "usr/share/doc") if (dst / "usr/share/doc") in pdf.parents else pdf.relative_to(dst)
            target = out / name / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, target)
            files += 1
            total += target.stat().st_size
            page_count += pages(target)
    lines = [f"files\t{files}", f"bytes\t{total}", f"pages\t{page_count}"]
    lines += [f"deb\t{m}" for m in manifest]
    (out.parent / "PDFSTATS.tsv").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
