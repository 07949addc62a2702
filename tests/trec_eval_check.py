#!/usr/bin/env python3
"""Reference numbers from trec_eval (via pytrec_eval-terrier) for sagasu_eval.

Three uses:

  trec_eval_check.py --qrels F --run F [--metrics LIST] [--depth N]
                     [--complete] [--relevance-level L] [--per-query]
      Prints JSON {metric: summary value} computed by trec_eval's own code,
      with the same keys and options as `cargo run -p sagasu-eval --example
      score` (with --per-query: {"summary": {...}, "per_query": {qid: {...}}}).

  trec_eval_check.py diff A.json B.json [--label TEXT]
      Compares two such per-query JSON outputs: same queries, same metrics,
      every value within 5e-5 (agreement to 4 decimals). Exit status 1 if not.

  trec_eval_check.py synth --qrels F --out DIR [--docs DIR] [--seed N]
      Writes synthetic runs (heavy score ties, missing and unjudged queries,
      fewer results than the cutoffs, shuffled lines, junk rank column) and a
      graded qrels variant (grades 0-4, negative grades, queries without
      relevant documents) over a real qrels file, for stress-testing.

Option semantics follow trec_eval: --depth is -M (applied after trec_eval's
sort: score descending, docid descending), --complete is -c, and
--relevance-level is -l. pytrec_eval has no -M or -c, so those two are applied
here: the run is cut after sorting it exactly as trec_eval does, and -c
divides the sums of per-query values by the number of qrels queries.
"""

import argparse
import json
import os
import random
import sys

FAMILIES = {"ndcg_cut": "ndcg_cut", "p": "P", "recall": "recall"}
PLAIN = ["map", "recip_rank", "num_rel_ret", "num_ret", "num_rel", "num_q"]
SUMMED = {"num_rel_ret", "num_ret", "num_rel"}


def canonical(name):
    """Metric name as sagasu_eval prints it, and pytrec_eval's measure/key."""
    lower = name.strip().lower()
    if lower in PLAIN:
        return lower, lower, lower
    for base, proper in FAMILIES.items():
        if lower.startswith(base) and lower[len(base):len(base) + 1] in (".", "_"):
            k = int(lower[len(base) + 1:])
            if k <= 0:
                break
            return f"{proper}.{k}", f"{proper}.{k}", f"{proper}_{k}"
    raise SystemExit(f"unknown metric {name!r}")


def data_lines(path):
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                yield number, stripped.split()


def read_qrels(path):
    qrels = {}
    for number, fields in data_lines(path):
        if len(fields) != 4:
            raise SystemExit(f"{path}:{number}: expected 4 fields")
        qid, _, docid, rel = fields
        docs = qrels.setdefault(qid, {})
        if docid in docs:
            raise SystemExit(f"{path}:{number}: duplicate judgment")
        docs[docid] = int(rel)
    return qrels


def read_run(path):
    run = {}
    for number, fields in data_lines(path):
        if len(fields) < 6:
            raise SystemExit(f"{path}:{number}: expected 6 fields")
        qid, docid, score = fields[0], fields[2], float(fields[4])
        docs = run.setdefault(qid, {})
        if docid in docs:
            raise SystemExit(f"{path}:{number}: duplicate document")
        docs[docid] = score
    return run


def trec_eval_sorted(docs):
    """trec_eval's order: score descending, then docid descending (strcmp)."""
    return sorted(docs.items(), key=lambda kv: (kv[1], kv[0].encode()), reverse=True)


def evaluate(args):
    import pytrec_eval

    qrels = read_qrels(args.qrels)
    run = read_run(args.run)
    if args.depth is not None:
        run = {q: dict(trec_eval_sorted(d)[: args.depth]) for q, d in run.items()}
    names = [canonical(m) for m in args.metrics.split(",") if m.strip()]
    per_query = {}
    for name, measure, key in names:
        # One evaluator per measure: pytrec_eval merges parameters of a
        # measure given twice (P.5 and P.10) unreliably across versions.
        evaluator = pytrec_eval.RelevanceEvaluator(
            qrels, {measure}, relevance_level=args.relevance_level
        )
        for qid, values in evaluator.evaluate(run).items():
            per_query.setdefault(qid, {})[name] = values[key]
    if not per_query:
        raise SystemExit("no queries with both results and relevance judgments")
    summary = {}
    for name, _, _ in names:
        values = [per_query[q][name] for q in per_query]
        if args.complete:
            denominator = len(qrels)
            if name == "num_q":
                summary[name] = float(denominator)
            elif name in SUMMED:
                summary[name] = float(sum(values))
            else:
                summary[name] = sum(values) / denominator
        else:
            summary[name] = pytrec_eval.compute_aggregated_measure(name, values)
    out = {"summary": summary, "per_query": per_query} if args.per_query else summary
    json.dump(out, sys.stdout, indent=2)
    print()


def diff(args):
    with open(args.a) as f:
        a = json.load(f)
    with open(args.b) as f:
        b = json.load(f)
    problems = []
    worst = 0.0

    def compare(where, x, y):
        nonlocal worst
        if set(x) != set(y):
            problems.append(f"{where}: metrics differ: {sorted(set(x) ^ set(y))}")
            return
        for metric in x:
            d = abs(x[metric] - y[metric])
            worst = max(worst, d)
            if not d <= 5e-5:
                problems.append(f"{where} {metric}: {x[metric]!r} vs {y[metric]!r}")

    compare("summary", a["summary"], b["summary"])
    qa, qb = set(a["per_query"]), set(b["per_query"])
    if qa != qb:
        problems.append(f"queries differ: {sorted(qa ^ qb)[:10]}")
    for qid in sorted(qa & qb):
        compare(f"query {qid}", a["per_query"][qid], b["per_query"][qid])
    label = args.label or f"{args.a} vs {args.b}"
    if problems:
        print(f"MISMATCH {label}")
        for p in problems[:20]:
            print(f"  {p}")
        sys.exit(1)
    print(
        f"ok {label}: {len(qa)} queries x {len(a['summary'])} metrics, "
        f"max |diff| {worst:.1e}"
    )


def synth(args):
    rng = random.Random(args.seed)
    qrels = read_qrels(args.qrels)
    judged_docs = sorted({d for docs in qrels.values() for d in docs})
    if args.docs:
        pool = sorted(
            name[:-4] for name in os.listdir(args.docs) if name.endswith(".txt")
        )
    else:
        pool = judged_docs
    os.makedirs(args.out, exist_ok=True)
    qids = sorted(qrels)

    # Graded variant: random grades, some negative, extra judged non-relevant
    # docs, and a few queries whose judgments contain no relevant document.
    no_relevant = set(rng.sample(qids, max(1, len(qids) // 15)))
    with open(os.path.join(args.out, "graded.qrels"), "w") as f:
        for qid in qids:
            docs = dict(qrels[qid])
            for d in rng.sample(pool, min(len(pool), 5)):
                docs.setdefault(d, 0)
            for docid in sorted(docs):
                if qid in no_relevant:
                    grade = rng.choice([0, 0, -1])
                elif docs[docid] > 0:
                    grade = rng.choice([1, 1, 2, 2, 3, 4, 0, -1])
                else:
                    grade = rng.choice([0, 0, 0, 1, -1, -2])
                f.write(f"{qid} 0 {docid} {grade}\n")

    def write_run(name, make_scores, lengths):
        lines = []
        kept = [q for q in qids if rng.random() > 0.1]  # ~10% missing queries
        extra = [f"unjudged{i}" for i in range(3)]  # queries without qrels
        for qid in kept + extra:
            n = rng.choice(lengths)
            relevant = [d for d, r in qrels.get(qid, {}).items() if r > 0]
            chosen = set(rng.sample(relevant, min(len(relevant), max(1, n // 3))))
            while len(chosen) < n and len(chosen) < len(pool):
                chosen.add(rng.choice(pool))
            for docid in chosen:
                rank = rng.randint(0, 5000)  # junk: trec_eval ignores ranks
                lines.append(f"{qid} Q0 {docid} {rank} {make_scores()} {name}")
        rng.shuffle(lines)
        with open(os.path.join(args.out, f"{name}.run"), "w") as f:
            f.write("# synthetic run\n" + "\n".join(lines) + "\n")

    # Few distinct scores: most documents are tied with many others.
    write_run("ties", lambda: rng.choice(["0", "0.5", "1", "1.5", "2", "-1"]), [1, 5, 10, 50, 200, 1000])
    # Continuous scores in varied notations, some exact duplicates.
    write_run(
        "fine",
        lambda: rng.choice(
            [f"{rng.uniform(-5, 30):.6f}", f"{rng.uniform(0, 1):.3e}", "7.25", "7.250"]
        ),
        [3, 10, 99, 100, 101, 1000],
    )
    # Short rankings, fewer documents than most cutoffs.
    write_run("short", lambda: f"{rng.randint(1, 3)}", [1, 2, 3, 4, 5, 9])


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "diff":
        p = argparse.ArgumentParser(prog="trec_eval_check.py diff")
        p.add_argument("a")
        p.add_argument("b")
        p.add_argument("--label")
        diff(p.parse_args(sys.argv[2:]))
    elif len(sys.argv) > 1 and sys.argv[1] == "synth":
        p = argparse.ArgumentParser(prog="trec_eval_check.py synth")
        p.add_argument("--qrels", required=True)
        p.add_argument("--out", required=True)
        p.add_argument("--docs")
        p.add_argument("--seed", type=int, default=1)
        synth(p.parse_args(sys.argv[2:]))
    else:
        p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
        p.add_argument("--qrels", required=True)
        p.add_argument("--run", required=True)
        p.add_argument(
            "--metrics",
            default="map,ndcg_cut.10,P.10,recall.100,recip_rank,num_rel_ret,num_q",
        )
        p.add_argument("--depth", type=int)
        p.add_argument("--complete", action="store_true")
        p.add_argument("--relevance-level", type=int, default=1)
        p.add_argument("--per-query", action="store_true")
        evaluate(p.parse_args())


if __name__ == "__main__":
    main()
