#!/usr/bin/env python3
"""Recomputes every formula of every readable corpus workbook with `returncheck recalc` and
reports, over formula cells with a cached value: the share evaluated, the share of those that
match the cached value, the functions not supported, the reasons cells were not recomputed, and
the workbooks with the most mismatches (issue 3's evidence; docs/formulas.md keeps the figures).

usage: recalc_corpus.py --returncheck PATH [--corpus DIR] [-j N] [--mismatches FILE]
Exit 0 always (a measurement, not a test); 77 when the corpus is absent.
"""
import argparse, collections, concurrent.futures as cf, json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--returncheck", required=True)
ap.add_argument("--corpus", default=os.path.normpath(os.path.join(here, "../../../shared/corpus")))
ap.add_argument("-j", type=int, default=2)
ap.add_argument("--mismatches", help="write every mismatch as JSON Lines here")
args = ap.parse_args()
if not os.path.isdir(args.corpus):
    print(f"recalc corpus: SKIPPED: {args.corpus} not found"); sys.exit(77)

books = []
for root, _, files in os.walk(args.corpus):
    for f in files:
        if f.endswith(".expected.jsonl.gz"):
            books.append(os.path.join(root, f[: -len(".expected.jsonl.gz")]))
books.sort()

def run(path):
    try:
        r = subprocess.run([args.returncheck, "recalc", path], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return path, None, "timeout"
    if r.returncode != 0:
        return path, None, f"exit {r.returncode}: {r.stderr.decode(errors='replace').strip()[:200]}"
    return path, json.loads(r.stdout), None

tot = collections.Counter(); unsupported = collections.Counter(); not_recomputed = collections.Counter()
worst = []; failures = []
out = open(args.mismatches, "w") if args.mismatches else None
with cf.ThreadPoolExecutor(args.j) as pool:
    for path, s, err in pool.map(run, books):
        rel = os.path.relpath(path, args.corpus)
        if err:
            failures.append((rel, err)); continue
        with_cached = s["formulas"] - s["without_cached_value"]
        tot["books"] += 1; tot["formulas"] += s["formulas"]; tot["evaluated"] += s["evaluated"]
        tot["matching"] += s["matching_cached"]; tot["mismatches"] += s["mismatch_count"]
        tot["without_cached"] += s["without_cached_value"]
        for k, v in s["unsupported"].items(): unsupported[k] += v
        for k, v in s["not_recomputed"].items(): not_recomputed[k] += v
        if s["mismatch_count"]: worst.append((s["mismatch_count"], rel))
        if out:
            for m in s["mismatches"]: out.write(json.dumps({"book": rel, **m}) + "\n")

# Cells with a cached value: all formulas less those computed without one (uncomputed cells
# are counted as having one, which errs towards a lower evaluated share).
with_cached = tot["formulas"] - tot["without_cached"]
evaluated_with_cached = tot["evaluated"] - tot["without_cached"]
pct = lambda a, b: f"{100.0 * a / b:.2f}%" if b else "n/a"
print(f"workbooks: {tot['books']} recalculated, {len(failures)} not")
print(f"formula cells: {tot['formulas']}, with a cached value: {with_cached}")
print(f"evaluated: {evaluated_with_cached} of {with_cached} ({pct(evaluated_with_cached, with_cached)})")
print(f"matching the cached value: {tot['matching']} of {evaluated_with_cached} ({pct(tot['matching'], evaluated_with_cached)})")
print(f"mismatches: {tot['mismatches']}")
print("unsupported functions (cells): " + ", ".join(f"{k} {v}" for k, v in unsupported.most_common(40)))
print("not recomputed (cells): " + ", ".join(f"{k} {v}" for k, v in not_recomputed.most_common(20)))
print("most mismatches: " + ", ".join(f"{r} {n}" for n, r in sorted(worst, reverse=True)[:15]))
for rel, err in failures[:20]: print(f"not recalculated: {rel}: {err}")
