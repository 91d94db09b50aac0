#!/usr/bin/env python3
"""Run returncheck over the shared workbook corpus (ctest label `corpus`).

usage: run_corpus.py --returncheck PATH [--corpus DIR] [-j N] [--only SUBSTRING]
                     [--timeout SECONDS] [--report FILE]

1. Agreement: every workbook X with a reference dump X.expected.jsonl.gz is dumped with
   `returncheck dump X` and compared cell by cell with compare_dump.py from the corpus folder.
   Workbooks listed in known_differences.tsv may differ; a listed workbook that now agrees is a
   failure ("fixed, remove from known_differences.tsv") so that the list stays true.
2. Bad input: every workbook that the reference reader could not read (openpyxl_ok = no in
   inventory.tsv) must be refused or read as bad_inputs.tsv says.

A crash (exit code other than 0-3, or a signal) or a timeout is always a failure.
Exit status: 0 no failures, 1 failures, 2 bad usage, 77 corpus folder absent (skipped).
"""
import argparse
import concurrent.futures
import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpus"))
KNOWN_FILE = os.path.join(HERE, "known_differences.tsv")
BAD_FILE = os.path.join(HERE, "bad_inputs.tsv")
SUFFIX = ".expected.jsonl.gz"
SKIP_EXIT = 77
DIFF_LINES = 5
STDERR_KEEP = 64 * 1024

SLUGS = {"cannot-open", "not-a-zip", "encrypted", "legacy-xls", "corrupt-zip", "missing-part",
         "malformed-xml", "forbidden-dtd", "limit-exceeded", "not-a-workbook", "unsupported", "no-such-sheet"}

# statuses that count as passed / skipped; everything else is a failure
PASSED = {"agree", "refused-ok", "read-ok"}
SKIPPED = {"known", "no-reference"}


# ---------------------------------------------------------------- data files

def read_tsv(path, columns):
    """Rows of a tab-separated file with a header line; '#' lines and blank lines are skipped."""
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        header = None
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                missing = [c for c in columns if c not in header]
                if missing:
                    raise ValueError(f"{path}:{n}: header lacks column(s) {', '.join(missing)}")
                continue
            if len(fields) < len(header):
                fields += [""] * (len(header) - len(fields))
            row = dict(zip(header, fields))
            row["_line"] = n
            rows.append(row)
    return rows


def load_known(path):
    known, problems = {}, []
    for r in read_tsv(path, ["path", "reason"]):
        p = r["path"].strip()
        if p in known:
            problems.append(f"{os.path.basename(path)}:{r['_line']}: {p} listed twice")
        if not r["reason"].strip():
            problems.append(f"{os.path.basename(path)}:{r['_line']}: {p} has no reason")
        known[p] = r["reason"].strip()
    return known, problems


def load_bad(path):
    bad, problems = {}, []
    for r in read_tsv(path, ["path", "expect", "slug", "reason"]):
        p, expect, slug = r["path"].strip(), r["expect"].strip(), r["slug"].strip()
        where = f"{os.path.basename(path)}:{r['_line']}"
        if p in bad:
            problems.append(f"{where}: {p} listed twice")
        if expect not in ("refuse", "read"):
            problems.append(f"{where}: {p}: expect must be refuse or read, not {expect!r}")
        if expect == "refuse" and slug not in SLUGS:
            problems.append(f"{where}: {p}: unknown slug {slug!r}")
        bad[p] = {"expect": expect, "slug": slug, "reason": r["reason"].strip()}
    return bad, problems


def find_reference_dumps(corpus):
    """Workbook paths (relative, '/'-separated) that have a reference dump beside them."""
    found = []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        for name in files:
            if name.endswith(SUFFIX):
                rel = os.path.relpath(os.path.join(root, name[: -len(SUFFIX)]), corpus)
                found.append(rel.replace(os.sep, "/"))
    return sorted(found)


# ---------------------------------------------------------------- workers

_compare_dump = None


def init_worker(corpus):
    global _compare_dump
    sys.dont_write_bytecode = True  # never leave a __pycache__ in the corpus folder
    if corpus not in sys.path:
        sys.path.insert(0, corpus)
    import compare_dump  # noqa: E402  (lives in the corpus folder)
    _compare_dump = compare_dump


def describe_exit(code):
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def run_tool(exe, workbook, timeout, tmpdir):
    """Run `returncheck dump workbook`; return (code, stdout_path, stderr_text) or code None on timeout."""
    fd, out_path = tempfile.mkstemp(suffix=".jsonl", dir=tmpdir)
    with os.fdopen(fd, "wb") as out, tempfile.TemporaryFile(dir=tmpdir) as err:
        try:
            proc = subprocess.run([exe, "dump", workbook], stdin=subprocess.DEVNULL, stdout=out,
                                  stderr=err, timeout=timeout)
            code = proc.returncode
        except subprocess.TimeoutExpired:
            code = None
        err.seek(0)
        stderr = err.read(STDERR_KEEP).decode("utf-8", "replace")
    return code, out_path, stderr


def check_json_lines(path):
    """None when the file is empty or valid JSON Lines of cell objects, else what is wrong."""
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as e:
                return f"stdout line {n} is not JSON: {e}"
            if not isinstance(rec, dict) or not {"sheet", "cell", "type"} <= rec.keys():
                return f"stdout line {n} is not a cell object: {raw[:120]!r}"
    return None


def first_line(text):
    lines = text.splitlines()
    return lines[0] if lines else ""


def agreement_job(exe, corpus, rel, known_reason, timeout, tmpdir):
    workbook = os.path.join(corpus, rel)
    if not os.path.isfile(workbook):
        return rel, "agreement", "error", "reference dump present but the workbook is missing", []
    code, out_path, stderr = run_tool(exe, workbook, timeout, tmpdir)
    try:
        if code is None:
            return rel, "agreement", "timeout", f"no answer within {timeout:g} s", []
        if code not in (0, 1, 2, 3):
            return rel, "agreement", "crash", describe_exit(code), stderr.splitlines()[:DIFF_LINES]
        if code != 0:
            detail = f"exit code {code}: {first_line(stderr)}"
            return rel, "agreement", ("known" if known_reason is not None else "differs"), detail, []
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            try:
                expected = _compare_dump.load(workbook + SUFFIX)
            except SystemExit as e:
                return rel, "agreement", "error", f"reference dump unreadable: {e}", []
            try:
                actual = _compare_dump.load(out_path)
            except SystemExit as e:
                status = "known" if known_reason is not None else "differs"
                why = str(e).replace(out_path + ":", "line ")
                return rel, "agreement", status, f"output is not JSON Lines: {why}", []
            same = _compare_dump.compare(expected, actual, DIFF_LINES)
        lines = buf.getvalue().splitlines()
        if same:
            if known_reason is not None:
                return rel, "agreement", "fixed", "fixed, remove from known_differences.tsv", []
            return rel, "agreement", "agree", "", []
        if known_reason is not None:
            return rel, "agreement", "known", known_reason, []
        return rel, "agreement", "differs", f"{len(expected)} cells expected, {len(actual)} read", lines
    finally:
        os.unlink(out_path)


def bad_input_job(exe, corpus, rel, entry, timeout, tmpdir):
    workbook = os.path.join(corpus, rel)
    if not os.path.isfile(workbook):
        return rel, "bad-input", "error", "listed in inventory.tsv but missing from the corpus", []
    if entry is None:
        return rel, "bad-input", "unlisted", "no line in bad_inputs.tsv", []
    code, out_path, stderr = run_tool(exe, workbook, timeout, tmpdir)
    try:
        if code is None:
            return rel, "bad-input", "timeout", f"no answer within {timeout:g} s", []
        if code not in (0, 1, 2, 3):
            return rel, "bad-input", "crash", describe_exit(code), stderr.splitlines()[:DIFF_LINES]
        lines = stderr.splitlines()
        if entry["expect"] == "read":
            if code != 0:
                return rel, "bad-input", "wrong-outcome", \
                    f"expected to read it, got exit code {code}: {first_line(stderr)}", []
            problem = check_json_lines(out_path)
            if problem:
                return rel, "bad-input", "wrong-outcome", problem, []
            return rel, "bad-input", "read-ok", "", []
        slug = entry["slug"]
        problems = []
        if code != 3:
            problems.append(f"exit code {code}, expected 3")
        if not lines or not lines[0].strip():
            problems.append("nothing on stderr")
        else:
            if not lines[0].startswith("returncheck: "):
                problems.append("stderr does not start with 'returncheck: '")
            if f"({slug})" not in lines[0]:
                problems.append(f"({slug}) not on stderr's first line")
            if len(lines) != 1:
                problems.append(f"{len(lines)} lines on stderr, expected 1")
        problem = check_json_lines(out_path)
        if problem:
            problems.append(problem)
        if problems:
            detail = "; ".join(problems)
            if lines:
                detail += f" [stderr: {lines[0][:200]}]"
            return rel, "bad-input", "wrong-outcome", detail, []
        return rel, "bad-input", "refused-ok", lines[0], []
    finally:
        os.unlink(out_path)


# ---------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--returncheck", required=True, help="path to the returncheck binary")
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus folder (default %(default)s)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="parallel workers (default 2)")
    ap.add_argument("--only", default=None, help="run only workbooks whose path contains this")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per workbook (default 60)")
    ap.add_argument("--report", default=None, help="write a TSV of every workbook and its status")
    args = ap.parse_args(argv)

    corpus = os.path.abspath(args.corpus)
    if not os.path.isdir(corpus):
        print(f"corpus: SKIPPED: {corpus} not found", flush=True)
        return SKIP_EXIT
    exe = os.path.abspath(args.returncheck)
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        print(f"corpus: error: {exe} is not an executable file", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("corpus: error: -j must be at least 1", file=sys.stderr)
        return 2
    for needed in ("compare_dump.py", "inventory.tsv"):
        if not os.path.isfile(os.path.join(corpus, needed)):
            print(f"corpus: error: {os.path.join(corpus, needed)} not found", file=sys.stderr)
            return 2

    known, problems = load_known(KNOWN_FILE)
    bad, more = load_bad(BAD_FILE)
    problems += more
    inventory = read_tsv(os.path.join(corpus, "inventory.tsv"), ["path", "openpyxl_ok"])
    inv_paths = {r["path"] for r in inventory}
    unreadable = sorted(r["path"] for r in inventory if r["openpyxl_ok"].strip() == "no")
    dumps = find_reference_dumps(corpus)
    dump_set = set(dumps)
    no_reference = sorted(r["path"] for r in inventory
                          if r["openpyxl_ok"].strip() != "no" and r["path"] not in dump_set)

    # list entries that name nothing (only checked on full runs: --only hides workbooks)
    if args.only is None:
        for p in sorted(set(known) - dump_set):
            problems.append(f"known_differences.tsv: {p} has no reference dump in the corpus")
        for p in sorted(set(bad) - set(unreadable)):
            why = "not in inventory.tsv" if p not in inv_paths else "openpyxl_ok is not 'no'"
            problems.append(f"bad_inputs.tsv: {p}: {why}")

    def selected(p):
        return args.only is None or args.only in p

    results = []
    tmpdir = tempfile.mkdtemp(prefix="returncheck-corpus-")
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs, initializer=init_worker,
                                                    initargs=(corpus,)) as pool:
            futures = []
            for rel in dumps:
                if selected(rel):
                    futures.append(pool.submit(agreement_job, exe, corpus, rel, known.get(rel),
                                               args.timeout, tmpdir))
            for rel in unreadable:
                if selected(rel):
                    futures.append(pool.submit(bad_input_job, exe, corpus, rel, bad.get(rel),
                                               args.timeout, tmpdir))
            for fut in concurrent.futures.as_completed(futures):
                results.append(fut.result())
    finally:
        for name in os.listdir(tmpdir):
            os.unlink(os.path.join(tmpdir, name))
        os.rmdir(tmpdir)
    for rel in no_reference:
        if selected(rel):
            results.append((rel, "agreement", "no-reference", "no reference dump", []))
    results.sort(key=lambda r: (r[0], r[1]))

    # ---- failures, one line each (crashes and timeouts first and loudly)
    failures = [r for r in results if r[2] not in PASSED | SKIPPED]
    order = {"crash": 0, "timeout": 1}
    failures.sort(key=lambda r: (order.get(r[2], 2), r[0]))
    for p in problems:
        print(f"FAIL list: {p}")
    for rel, kind, status, detail, lines in failures:
        if status == "crash":
            print(f"FAIL CRASH: {rel}: returncheck dump {detail}")
        elif status == "timeout":
            print(f"FAIL TIMEOUT: {rel}: {detail}")
        elif status == "fixed":
            print(f"FAIL fixed: {rel}: agrees now, remove from known_differences.tsv")
        else:
            print(f"FAIL {status}: {rel}: {detail}")
        for line in lines:
            print(f"    {line}")

    count = {}
    for r in results:
        count[r[2]] = count.get(r[2], 0) + 1
    n_pass = sum(count.get(s, 0) for s in PASSED)
    n_skip = sum(count.get(s, 0) for s in SKIPPED)
    n_fail = len(failures) + len(problems)

    ran = [r for r in results if r[1] == "agreement" and r[2] != "no-reference"]
    agree = count.get("agree", 0)
    pct = 100.0 * agree / len(ran) if ran else 0.0
    print(f"agreement: {agree} of {len(ran)} workbooks ({pct:.1f}%)")
    print(f"known differences: {count.get('known', 0)} still differ, "
          f"{count.get('fixed', 0)} fixed (of {len(known)} listed)")
    bad_ran = [r for r in results if r[1] == "bad-input"]
    print(f"bad input: {count.get('refused-ok', 0)} refused as expected, "
          f"{count.get('read-ok', 0)} read as expected, of {len(bad_ran)}")
    if count.get("crash") or count.get("timeout"):
        print(f"CRASHES: {count.get('crash', 0)}, TIMEOUTS: {count.get('timeout', 0)}")
    print(f"corpus: {n_pass} passed, {n_fail} failed, {n_skip} skipped", flush=True)

    if args.report:
        with open(args.report, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["path", "check", "status", "detail"])
            for rel, kind, status, detail, _ in results:
                w.writerow([rel, kind, status, " ".join(detail.split())])
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
