#!/usr/bin/python3
"""Runs the golden tests: `returncheck validate` on each case's workbook (and schema), and its
exit code and report.json compared with what the case expects.

A case is a folder tests/golden/<case>/ holding
  case.json      {"workbook": "t62-fractions.xlsx" | "samples/table-6.2.xlsx",
                  "schema": "schemas/table-6.2.yaml" | null, "args": [], "exit": 1,
                  "baseline": "samples/table-6.2.xlsx" (optional: validate --baseline)}
  expected.json  the report.json expected. "tool" is not compared (it names the version), and
                 "input" and "schema" are compared by file name only.

A workbook (or baseline) named without a folder is one the generator wrote (make_golden_inputs, --generated);
any other path is relative to the source tree. With --update, each expected.json is rewritten
from what returncheck gives now, and every difference is listed, for a person to review before
committing: a test never updates itself.

With --check-rule-cases, no case is run: it checks that every rule id of the catalogue
(src/returncheck/rules/finding.cpp and the `### RCnnn` headings of docs/rules.md) has a case
rule-<id>-fires whose expected.json holds a finding of that rule, and a case rule-<id>-quiet
whose expected.json holds none.

Exit status: 0 all cases passed (or were updated), 1 a case failed, 2 bad usage.
"""

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
TIMEOUT_SECONDS = 120
# Where the rule ids are listed, and how each source names one.
RULE_SOURCES = (
    ("src/returncheck/rules/finding.cpp", re.compile(r'\{"(RC\d{3})"')),
    ("docs/rules.md", re.compile(r"^### (RC\d{3})\b", re.MULTILINE)),
)
RULE_CASE = re.compile(r"^rule-(RC\d{3})-(fires|quiet)$")


def case_names(golden_dir):
    return sorted(
        name
        for name in os.listdir(golden_dir)
        if os.path.isfile(os.path.join(golden_dir, name, "case.json"))
    )


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def normalise(report):
    """The report as compared: without "tool", with "input" and "schema" as file names."""
    if not isinstance(report, dict):
        return report
    out = {}
    for key, value in report.items():
        if key == "tool":
            continue
        if key in ("input", "schema") and isinstance(value, str):
            value = os.path.basename(value)
        out[key] = value
    return out


def pretty(value):
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def resolve_workbook(name, generated_dir):
    if os.path.dirname(name):
        return os.path.join(SOURCE_DIR, name)
    return os.path.join(generated_dir, name)


def run_case(case_dir, returncheck, generated_dir):
    """Runs one case; returns (exit code, normalised report or None, stderr, command)."""
    spec = load_json(os.path.join(case_dir, "case.json"))
    workbook = resolve_workbook(spec["workbook"], generated_dir)
    with tempfile.TemporaryDirectory(prefix="golden-") as out_dir:
        command = [returncheck, "validate", workbook]
        if spec.get("schema"):
            command += ["--schema", os.path.join(SOURCE_DIR, spec["schema"])]
        if spec.get("baseline"):
            command += ["--baseline", resolve_workbook(spec["baseline"], generated_dir)]
        command += ["--out-dir", out_dir, "--report", "json"]
        command += list(spec.get("args", []))
        try:
            done = subprocess.run(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None, None, "timed out after %d s" % TIMEOUT_SECONDS, command, spec
        report_path = os.path.join(out_dir, "report.json")
        report = None
        if os.path.exists(report_path):
            try:
                report = normalise(load_json(report_path))
            except ValueError as e:
                report = {"<report.json is not valid JSON>": str(e)}
        stderr = done.stderr.decode("utf-8", "replace")
        return done.returncode, report, stderr, command, spec


def diff_text(expected, actual, name):
    return "".join(
        difflib.unified_diff(
            pretty(expected).splitlines(keepends=True),
            pretty(actual).splitlines(keepends=True),
            fromfile=name + "/expected.json",
            tofile=name + " (returncheck now)",
        )
    )


def check_case(name, golden_dir, returncheck, generated_dir, update):
    """Returns a list of failure lines (empty when the case passed or was updated)."""
    case_dir = os.path.join(golden_dir, name)
    code, report, stderr, command, spec = run_case(case_dir, returncheck, generated_dir)
    expected_path = os.path.join(case_dir, "expected.json")
    expected = normalise(load_json(expected_path)) if os.path.exists(expected_path) else None
    problems = []

    if code is None or code < 0 or code > 3:
        problems.append("crashed or hung: %s" % (stderr.strip() or "exit %s" % code))
    if update:
        if report is not None and report != expected:
            if expected is not None:
                sys.stdout.write(diff_text(expected, report, name))
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(pretty(report))
            print("%s: expected.json updated" % name)
        if code != spec.get("exit"):
            problems.append(
                "exit code %s, case.json says %s (case.json is never updated)"
                % (code, spec.get("exit"))
            )
    else:
        if code != spec.get("exit"):
            problems.append("exit code %s, expected %s" % (code, spec.get("exit")))
        if expected is None and report is not None:
            problems.append("no expected.json; run with --update to write one, then review it")
        elif expected is not None and report is None:
            problems.append("no report.json written")
        elif expected != report:
            problems.append("report.json differs from expected.json:\n" + diff_text(expected, report, name))
    if problems and stderr.strip():
        problems.append("stderr:\n" + stderr.rstrip())
    if problems:
        problems.insert(0, "command: " + " ".join(command))
    return problems


def rule_ids():
    ids = set()
    for path, pattern in RULE_SOURCES:
        with open(os.path.join(SOURCE_DIR, path), encoding="utf-8") as f:
            found = pattern.findall(f.read())
        if not found:
            raise ValueError("no rule ids found in %s" % path)
        ids.update(found)
    return sorted(ids)


def check_rule_cases(golden_dir):
    """Returns a list of problems with the rule cases (empty when every rule has both)."""
    problems = []
    ids = rule_ids()
    for name in case_names(golden_dir):
        m = RULE_CASE.match(name)
        if m and m.group(1) not in ids:
            problems.append("%s: %s is not a rule of the catalogue" % (name, m.group(1)))
    for rule in ids:
        for kind in ("fires", "quiet"):
            name = "rule-%s-%s" % (rule, kind)
            expected_path = os.path.join(golden_dir, name, "expected.json")
            if not os.path.isfile(os.path.join(golden_dir, name, "case.json")):
                problems.append("%s: missing (tests/golden/%s/case.json)" % (name, name))
                continue
            if not os.path.isfile(expected_path):
                problems.append("%s: no expected.json" % name)
                continue
            findings = load_json(expected_path).get("findings", [])
            reported = any(f.get("rule") == rule for f in findings)
            if kind == "fires" and not reported:
                problems.append("%s: expected.json holds no %s finding" % (name, rule))
            elif kind == "quiet" and reported:
                problems.append("%s: expected.json holds a %s finding" % (name, rule))
    return problems


def main():
    # Reports hold non-ASCII text (→); a terminal or log that cannot show it gets escapes.
    sys.stdout.reconfigure(errors="backslashreplace")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--returncheck", help="the returncheck executable (required to run cases)")
    parser.add_argument(
        "--generated",
        help="the folder make_golden_inputs wrote the generated workbooks into (required to run cases)",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="rewrite each expected.json from the current output (review the diff before committing)",
    )
    parser.add_argument(
        "--check-rule-cases",
        action="store_true",
        help="run no case; check that every rule has its fires and quiet cases",
    )
    parser.add_argument("cases", nargs="*", help="case names (default: every case)")
    args = parser.parse_args()

    golden_dir = HERE
    if args.check_rule_cases:
        problems = check_rule_cases(golden_dir)
        for line in problems:
            print("FAIL " + line)
        print("rule cases: %d problems, %d rules" % (len(problems), len(rule_ids())))
        return 1 if problems else 0
    if not args.returncheck or not args.generated:
        parser.error("--returncheck and --generated are required to run cases")
    known = case_names(golden_dir)
    cases = args.cases or known
    unknown = [c for c in cases if c not in known]
    if unknown:
        print("run_golden: no such case: %s" % ", ".join(unknown), file=sys.stderr)
        return 2

    failed = 0
    for name in cases:
        problems = check_case(name, golden_dir, args.returncheck, args.generated, args.update)
        if problems:
            failed += 1
            print("FAIL %s" % name)
            for line in problems:
                print("  " + line.replace("\n", "\n  "))
        elif not args.update:
            print("ok   %s" % name)
    print("golden: %d passed, %d failed, of %d" % (len(cases) - failed, failed, len(cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
