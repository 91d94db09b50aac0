#!/usr/bin/python3
"""The cleaned and annotated workbooks open in other programs (ctest label `office`).

usage: check_office.py --returncheck PATH --work DIR [--corpus DIR] [--corpus-every N] [--no-libreoffice]

Writes the cleaned and annotated copies of the bundled samples (table 6.2 and the regional
benchmark with --fix), then of every Nth corpus workbook (default every 10th, so that a run
stays short; N=1 takes them all), and checks that each
1. opens in openpyxl with no error, every sheet and cell read (a full load, not read-only);
2. converts in LibreOffice headless (`soffice --headless --convert-to csv`) to a CSV holding the
   first sheet's text, which is how a damaged package shows itself there: no output, or an
   error instead of the sheet;
and that the annotated table 6.2 shows the looked-after children "% change" cell (Activity!F5)
filled red with a comment naming the cause, and one row in Discrepancies linking to it.

The workbooks stay in --work DIR for a person to open. Exit status: 0 all good, 1 a failure,
77 when LibreOffice is absent and --no-libreoffice is not given.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CORPUS = os.path.normpath(os.path.join(SOURCE, "..", "shared", "corpus"))


def validate(rc, book, schema, out, extra=()):
    cmd = [rc, "-q", "validate", book, "--out-dir", out, "--report", "json", "xlsx"] + list(extra)
    if schema:
        cmd += ["--schema", schema]
    done = subprocess.run(cmd, capture_output=True, timeout=300)
    if done.returncode not in (0, 1):
        return None, f"validate exit {done.returncode}: {done.stderr.decode(errors='replace').strip()}"
    with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
        report = json.load(f)
    c = report["cleaned"]
    return [os.path.join(out, c["file"]), os.path.join(out, c["annotated"])], None


def openpyxl_problem(path):
    import openpyxl
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path)
            for ws in wb.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass
    except Exception as e:  # any failure to read is what this test is for
        return f"openpyxl: {type(e).__name__}: {e}"
    return None


def libreoffice_problems(books, work):
    """Converts every book in one LibreOffice run; returns {book: problem}."""
    out = os.path.join(work, "libreoffice-csv")
    os.makedirs(out, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="rc-lo-profile-")
    problems = {}
    try:
        for start in range(0, len(books), 50):
            chunk = books[start:start + 50]
            done = subprocess.run(["soffice", "--headless", "--norestore", "-env:UserInstallation=file://" + profile,
                                   "--convert-to", "csv", "--outdir", out] + chunk, capture_output=True, timeout=1200)
            for book in chunk:
                csv = os.path.join(out, os.path.splitext(os.path.basename(book))[0] + ".csv")
                if not os.path.exists(csv):
                    problems[book] = "LibreOffice wrote no CSV: " + done.stderr.decode(errors="replace").strip()[-300:]
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return problems


def check_annotated_table_6_2(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    problems = []
    f5 = wb["Activity"]["F5"]
    if f5.fill.fgColor.rgb not in ("FFFFC7CE", "00FFC7CE"):
        problems.append(f"Activity!F5 is not filled red (fill {f5.fill.fgColor.rgb})")
    if not f5.comment or "divided by the new value" not in f5.comment.text:
        problems.append("Activity!F5 has no comment naming the cause")
    rows = [r for r in wb["Discrepancies"].iter_rows(min_row=2) if any(c.value is not None for c in r)]
    if len(rows) != 1:
        problems.append(f"Discrepancies has {len(rows)} rows, not 1")
    elif not rows[0][4].hyperlink or rows[0][4].hyperlink.location != "'Activity'!F5":
        problems.append("the Discrepancies row does not link to Activity!F5")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--returncheck", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--corpus-every", type=int, default=10)
    ap.add_argument("--no-libreoffice", action="store_true")
    args = ap.parse_args()
    if not args.no_libreoffice and not shutil.which("soffice"):
        print("office: SKIPPED: LibreOffice (soffice) is not installed; scripts/test installs libreoffice-calc-nogui")
        return 77
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)

    failures = []
    books = []
    samples = [("table-6.2", "samples/table-6.2.xlsx", "schemas/table-6.2.yaml", ["--fix"]),
               ("regional-benchmark", "samples/regional-benchmark.xlsx", "schemas/regional-benchmark.yaml", ["--fix"]),
               ("north-somerset", "samples/north-somerset-2021-12.xlsx", "schemas/north-somerset-2021-12.yaml", [])]
    for name, book, schema, extra in samples:
        written, err = validate(args.returncheck, os.path.join(SOURCE, book), os.path.join(SOURCE, schema),
                                os.path.join(args.work, name), extra)
        if err:
            failures.append(f"{book}: {err}")
            continue
        books += written
        if name == "table-6.2":
            failures += [f"{written[1]}: {p}" for p in check_annotated_table_6_2(written[1])]

    corpus_books = []
    if os.path.isdir(args.corpus):
        corpus_books = sorted(p[: -len(".expected.jsonl.gz")] for p in
                              glob.glob(os.path.join(args.corpus, "**", "*.expected.jsonl.gz"), recursive=True))
        corpus_books = corpus_books[:: max(1, args.corpus_every)]
    for i, book in enumerate(corpus_books):
        written, err = validate(args.returncheck, book, None, os.path.join(args.work, "corpus", str(i)))
        if err:
            failures.append(f"{book}: {err}")
        else:
            books += written

    for book in books:
        if p := openpyxl_problem(book):
            failures.append(f"{book}: {p}")
    if not args.no_libreoffice:
        for book, p in libreoffice_problems(books, args.work).items():
            failures.append(f"{book}: {p}")

    for f in failures:
        print("FAILED " + f)
    print(f"office: {len(books)} cleaned and annotated workbooks ({len(samples)} samples, {len(corpus_books)} corpus "
          f"workbooks) opened in openpyxl{'' if args.no_libreoffice else ' and LibreOffice'}: {len(failures)} failures; "
          f"the workbooks are in {args.work}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
