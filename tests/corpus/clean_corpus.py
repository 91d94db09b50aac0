#!/usr/bin/python3
"""The cleaned workbook of every corpus workbook, read back (ctest label `corpus`).

usage: clean_corpus.py --returncheck PATH [--corpus DIR] [-j N] [--only SUBSTRING] [--every N] [--openpyxl]

For every workbook X with a reference dump (X.expected.jsonl.gz), runs
`returncheck validate X --out-dir TMP --report json xlsx`, then compares `returncheck dump X`
with `returncheck dump TMP/X.cleaned.xlsx` cell by cell (compare_dump.py's rules). A cell may
differ only where report.json records why: a change in "cleaned.changes" on that cell, or an
entry in "cleaned.not_carried" that accounts for it (a data table formula or a formula element
without text written as its value,
a sheet written under another name, text over Excel's limit). Anything else is a failure: the
copy lost or altered data without saying so. With --openpyxl, each cleaned and annotated
workbook is also opened with openpyxl, which must raise nothing. --every N takes every Nth
workbook only (the sanitizer build uses it to stay quick).

A crash (exit code other than 0-3) or a timeout is a failure; a workbook returncheck refuses to
read (exit 3) is not copied and is not counted here (run_corpus.py checks refusals).
Exit status: 0 no failures, 1 failures, 77 corpus folder absent (skipped).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpus"))
SUFFIX = ".expected.jsonl.gz"
TIMEOUT = 300


def load_dump(text):
    cells = {}
    for line in text.splitlines():
        if line.strip():
            rec = json.loads(line)
            if rec.get("type") == "s" and rec.get("value") == "" and "formula" not in rec:
                continue
            cells[(rec["sheet"], rec["cell"])] = rec
    return cells


def check(args, compare, path):
    """(status, detail): status is ok, refused or failed."""
    out = tempfile.mkdtemp(prefix="rc-clean-")
    try:
        run = subprocess.run([args.returncheck, "-q", "validate", path, "--out-dir", out, "--report", "json", "xlsx",
                              "--colour", "never"], capture_output=True, timeout=TIMEOUT)
        if run.returncode == 3:
            return "refused", run.stderr.decode(errors="replace").strip()
        if run.returncode not in (0, 1):
            return "failed", f"validate exit {run.returncode}: {run.stderr.decode(errors='replace').strip()[:300]}"
        with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
            report = json.load(f)
        cleaned = report.get("cleaned")
        if not cleaned:
            return "failed", "report.json has no cleaned section"
        cleaned_path = os.path.join(out, cleaned["file"])
        dumps = []
        for book, extra in ((path, []), (cleaned_path, ["--max-ratio", "100000"])):
            # The copy is ours: a repetitive sheet may compress past the reader's bomb guard.
            d = subprocess.run([args.returncheck, "-q", "dump", book] + extra, capture_output=True, timeout=TIMEOUT)
            if d.returncode != 0:
                return "failed", f"dump of {os.path.basename(book)} exit {d.returncode}: {d.stderr.decode(errors='replace').strip()[:300]}"
            dumps.append(load_dump(d.stdout.decode("utf-8")))
        before, after = dumps
        changed = {(c["sheet"], c["cell"]) for c in cleaned["changes"]}
        renamed = {}
        loose_sheets = {}  # sheet -> what may differ there
        for d in cleaned["not_carried"]:
            m = re.search(r"written as '(.*)'$", d["detail"])
            if d["what"] == "sheet name" and m:
                renamed[d["sheet"]] = m.group(1)
            elif d["what"] in ("data table formula", "empty formula", "text over 32,767 characters", "cell"):
                loose_sheets.setdefault(d["sheet"], set()).add(d["what"])
        after = {(k[0] if k[0] not in renamed.values() else next(o for o, n in renamed.items() if n == k[0]), k[1]): v
                 for k, v in after.items()}
        problems = []
        for key in sorted(set(before) | set(after)):
            if key in changed:
                continue
            e, a = before.get(key), after.get(key)
            if e is not None and a is not None and compare.norm_formula(e.get("formula")) == compare.norm_formula(a.get("formula")) \
                    and compare.same_value(e.get("type"), e.get("value"), a.get("type"), a.get("value")):
                continue
            loose = loose_sheets.get(key[0], set())
            if loose & {"data table formula", "empty formula"} and e is not None and a is not None and "formula" not in a and \
                    compare.same_value(e.get("type"), e.get("value"), a.get("type"), a.get("value")):
                continue
            if loose & {"text over 32,767 characters", "cell"} and a is None:
                continue
            problems.append(f"{key[0]}!{key[1]}: {json.dumps(e, ensure_ascii=False)} became {json.dumps(a, ensure_ascii=False)}")
        if args.openpyxl:
            for name in (cleaned["file"], cleaned["annotated"]):
                op = subprocess.run(["/usr/bin/python3", "-c", "import sys, openpyxl; openpyxl.load_workbook(sys.argv[1])",
                                     os.path.join(out, name)], capture_output=True, timeout=TIMEOUT)
                if op.returncode != 0:
                    problems.append(f"openpyxl cannot open {name}: {op.stderr.decode(errors='replace').strip().splitlines()[-1:]}")
        if problems:
            return "failed", f"{len(problems)} unexplained differences: " + "; ".join(problems[:3])
        return "ok", f"{len(changed)} changes"
    except subprocess.TimeoutExpired:
        return "failed", f"timed out after {TIMEOUT} s"
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--returncheck", required=True)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--only", default="")
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--openpyxl", action="store_true")
    args = ap.parse_args()
    if not os.path.isdir(args.corpus):
        print(f"clean corpus: SKIPPED: the corpus folder {args.corpus} is absent")
        return 77
    sys.path.insert(0, args.corpus)
    import compare_dump as compare

    books = sorted(os.path.join(root, f[: -len(SUFFIX)]) for root, _, files in os.walk(args.corpus)
                   for f in files if f.endswith(SUFFIX) and args.only in os.path.join(root, f))
    books = books[:: max(1, args.every)]
    counts = {"ok": 0, "refused": 0, "failed": 0}
    with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
        for path, (status, detail) in zip(books, pool.map(lambda p: check(args, compare, p), books)):
            counts[status] += 1
            if status == "failed":
                print(f"FAILED {os.path.relpath(path, args.corpus)}: {detail}")
    print(f"clean corpus: {len(books)} workbooks: {counts['ok']} copied and read back as the report says, "
          f"{counts['refused']} refused as unreadable, {counts['failed']} failed")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
