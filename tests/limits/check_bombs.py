#!/usr/bin/python3
"""Hostile workbooks end quickly with their limit's message: a 2 GiB decompression bomb (sizes
declared truly, and declared as 1 KiB), a billion-laughs shared-strings part, a dimension of a
million columns and a cell in column 1,000,000, and a whole-sheet dimension that is valid.

Each file (made by make_bombs.py) goes through `validate`, `inspect`, `dump` and `recalc`: a
refused file must exit 3 with one line on stderr naming its limit or slug, a valid one exit 0.
Prints each command's time and peak memory, which docs/testing.md quotes. A run longer than
HANG_SECONDS is a failure (a hang), not a timing assertion: a bomb ends in well under a second.

usage: check_bombs.py --returncheck BUILD/returncheck
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HANG_SECONDS = 120
# file, options, expected exit, text the one line must hold
CASES = [
    ("bomb-2g.xlsx", [], 3, "like a decompression bomb (limit max-ratio; raise it with --max-ratio) (limit-exceeded)"),
    # With the ratio cap lifted, the next line of defence: 2 GiB of spaces is one XML token.
    ("bomb-2g.xlsx", ["--max-ratio", "100000"], 3,
     "a single XML token is longer than 1048576 bytes (limit max-string) (limit-exceeded)"),
    ("bomb-2g-lying.xlsx", [], 3, "(corrupt-zip)"),
    ("laughs.xlsx", [], 3, "declares a DTD or entities"),
    ("dimension-1m-columns.xlsx", [], 3, "dimension A1:BDWGN1 lies beyond the sheet (A1:XFD1048576) (malformed-xml)"),
    ("cell-column-1m.xlsx", [], 3, "cell BDWGN1 lies beyond the sheet (A1:XFD1048576) (malformed-xml)"),
    ("dimension-whole-sheet.xlsx", [], 0, None),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--returncheck", required=True)
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(HERE, "make_bombs.py"), tmp], check=True)
        for name, options, want_exit, want_text in CASES:
            path = os.path.join(tmp, name)
            print(f"{name} {' '.join(options)} ({os.path.getsize(path):,} bytes)")
            for command in (["validate", "--out-dir", os.path.join(tmp, "out"), "--report", "json"],
                            ["inspect"], ["dump"], ["recalc"]):
                before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                start = time.monotonic()
                try:
                    run = subprocess.run([args.returncheck, command[0], path] + command[1:] + options, capture_output=True,
                                         text=True, timeout=HANG_SECONDS)
                except subprocess.TimeoutExpired:
                    print(f"  FAIL {command[0]}: still running after {HANG_SECONDS} s")
                    failures += 1
                    continue
                elapsed = time.monotonic() - start
                peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                lines = run.stderr.strip().splitlines()
                problems = []
                if run.returncode != want_exit:
                    problems.append(f"exit {run.returncode}, expected {want_exit}")
                if want_text is not None:
                    if len(lines) != 1:
                        problems.append(f"{len(lines)} lines on stderr, expected one")
                    if want_text not in run.stderr:
                        problems.append(f"stderr lacks {want_text!r}")
                if "Sanitizer" in run.stderr or "runtime error" in run.stderr:
                    problems.append("a sanitizer report")
                # ru_maxrss of children is the largest so far: it says something only when it grew.
                memory = f", {peak // 1024} MB peak" if peak > before else ""
                status = "FAIL" if problems else "ok"
                print(f"  {status} {command[0]}: exit {run.returncode} in {elapsed:.2f} s{memory}"
                      + (f": {lines[0]}" if lines and command[0] == "validate" else ""))
                for p in problems:
                    print(f"       {p}")
                failures += bool(problems)
    print(f"bombs: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
