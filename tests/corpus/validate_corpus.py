#!/usr/bin/env python3
"""Runs `returncheck validate` (without a schema) on every readable corpus workbook and reports
the exit codes, the findings by rule, the workbooks with derived-figure findings, and the time
taken: a measure of precision (every finding here is one a user would read) and of speed.

usage: validate_corpus.py --returncheck PATH [--corpus DIR] [-j N]
Exit 0 always (a measurement, not a test); 77 when the corpus is absent.
"""
import argparse, collections, concurrent.futures as cf, json, os, shutil, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--returncheck", required=True)
ap.add_argument("--corpus", default=os.path.normpath(os.path.join(here, "../../../shared/corpus")))
ap.add_argument("-j", type=int, default=2)
args = ap.parse_args()
if not os.path.isdir(args.corpus):
    print(f"validate corpus: SKIPPED: {args.corpus} not found"); sys.exit(77)

books = sorted(os.path.join(root, f[: -len(".expected.jsonl.gz")])
               for root, _, files in os.walk(args.corpus) for f in files if f.endswith(".expected.jsonl.gz"))

def run(path):
    out = tempfile.mkdtemp(prefix="rc-validate-")
    try:
        r = subprocess.run([args.returncheck, "validate", path, "--out-dir", out, "--report", "json", "--colour", "never"],
                           capture_output=True, timeout=300)
        try:
            with open(os.path.join(out, "report.json")) as f:
                report = json.load(f)
        except (OSError, ValueError):
            report = None
        return path, r.returncode, report, r.stderr.decode(errors="replace").strip()[:200]
    finally:
        shutil.rmtree(out, ignore_errors=True)

codes = collections.Counter(); rules = collections.Counter(); derived = collections.Counter(); odd = []
start = time.time()
with cf.ThreadPoolExecutor(args.j) as pool:
    for path, code, report, err in pool.map(run, books):
        codes[code] += 1
        if code not in (0, 1, 3): odd.append((path, code, err))
        for f in (report or {}).get("findings", []):
            rules[f["rule"]] += 1
            if f["rule"].startswith("RC2"): derived[os.path.relpath(path, args.corpus)] += 1
print(f"workbooks: {len(books)} in {time.time() - start:.1f} s; exit codes: " +
      ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())))
print("findings by rule: " + (", ".join(f"{k} {v}" for k, v in sorted(rules.items())) or "none"))
print("derived-figure findings by workbook: " + (", ".join(f"{k} {v}" for k, v in derived.most_common(15)) or "none"))
for path, code, err in odd: print(f"unexpected exit {code}: {path}: {err}")
