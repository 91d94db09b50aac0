#!/usr/bin/python3
"""`returncheck batch` end to end, over 200 returns, night after night (ctest label `batch`).

usage: check_batch.py --returncheck PATH --generated DIR --work DIR [--returns N]

The returns are made from the golden inputs (make_golden_inputs, in --generated) and the samples:
most are table 6.2 as corrected (clean), some carry its wrong looked-after % change (an error),
one has a count typed as text (a query), three are corrupt (random bytes, a truncated zip, a zip
that is no workbook) and one is an encrypted workbook (an OLE container holding an
EncryptedPackage stream, as Excel writes a password-protected file). Then:

1. night 1: every return is in summary.json; the four bad ones are unreadable with their reason;
   exit 3; every readable return has its report.json, report.html and workbooks;
2. night 2, after fixing one return's error: that finding is resolved, the others open;
3. night 3, with one return's 31/03/2016 figure restated (258 → 260): a restatement query naming
   both values; explained with `returncheck explain`, it is explained on night 4 (and does not
   fail --fail-on query), and no longer once the figure changes again (260 → 262) on night 5;
4. a run killed with SIGKILL mid-way (its whole process group), then run again: the history
   keeps every check recorded before the kill and shows the killed run as interrupted, and no
   half-written output or temporary file is left;
5. a second run over the same folder while one holds it stops with exit 2 and names the holder;
6. a return that takes longer than --time-limit is stopped and reported unreadable with the limit
   named, and the returns after it, on one worker (-j 1), are still checked by its replacement.

Exit 0 when all hold, 1 otherwise (each failure printed).
"""
import argparse
import glob
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
failures = []


def expect(ok, what):
    if not ok:
        failures.append(what)
        print("FAILED " + what)
    return ok


def encrypted_workbook(path):
    """An OLE compound file's header and a directory naming EncryptedPackage and EncryptionInfo."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + bytes.fromhex("3E000300FEFF0900") + bytes(512 - 32)
    entries = b""
    for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"):
        raw = name.encode("utf-16-le") + b"\0\0"
        entries += raw + bytes(64 - len(raw)) + len(raw).to_bytes(2, "little") + bytes(128 - 66)
    with open(path, "wb") as f:
        f.write(header + entries + bytes(512 - len(entries)))


def make_returns(folder, generated, count):
    os.makedirs(os.path.join(folder, "north"))
    clean = os.path.join(generated, "t62-corrected.xlsx")
    wrong = os.path.join(SOURCE, "samples", "table-6.2.xlsx")
    names = []
    for i in range(count - 5):
        region = "north/" if i % 2 else ""
        name = f"{region}la-{i:03d}.xlsx"
        shutil.copy(wrong if i % 20 == 3 else clean, os.path.join(folder, name))
        names.append(name)
    shutil.copy(os.path.join(generated, "t62-number-as-text.xlsx"), os.path.join(folder, "typed-as-text.xlsx"))
    with open(os.path.join(folder, "random-bytes.xlsx"), "wb") as f:
        f.write(os.urandom(4096))
    with open(clean, "rb") as f:
        whole = f.read()
    with open(os.path.join(folder, "truncated.xlsx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    with zipfile.ZipFile(os.path.join(folder, "not-a-workbook.xlsx"), "w") as z:
        z.writestr("notes.txt", "a zip, but no workbook inside")
    encrypted_workbook(os.path.join(folder, "password.xlsx"))
    # Excel's lock file beside an open workbook is not a return.
    with open(os.path.join(folder, "~$la-000.xlsx"), "wb") as f:
        f.write(b"lock")
    return names


def big_workbook(path, rows):
    """A workbook of one sheet of `rows` rows of three numbers: slow to check, quick to make."""
    sheet = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r in range(1, rows + 1):
        sheet.append(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r * 2}</v></c><c r="C{r}"><v>{r % 97}</v></c></row>')
    sheet.append("</sheetData></worksheet>")
    main = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{main}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   f'xmlns:r="{main}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{main}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", "".join(sheet))


def batch(rc, returns, out, *extra, check=None):
    cmd = [rc, "batch", returns, "--out-dir", out, "--schema", os.path.join(SOURCE, "schemas", "table-6.2.yaml")]
    cmd += list(extra) if "-j" in extra else ["-j", "2", *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if check is not None:
        expect(done.returncode == check, f"batch exit {done.returncode}, expected {check}: {done.stderr.strip()[-300:]}")
    return done


def summary(out):
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        return {e["key"]: e for e in json.load(f)["files"]}


def report(out, entry):
    with open(os.path.join(out, entry["output"], "report.json"), encoding="utf-8") as f:
        return json.load(f)


def leftovers(out):
    return [p for p in glob.glob(os.path.join(out, "**", ".*"), recursive=True)
            if os.path.isfile(p) and not p.endswith(".returncheck.lock")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--returncheck", required=True)
    ap.add_argument("--generated", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--returns", type=int, default=200)
    args = ap.parse_args()
    rc = os.path.abspath(args.returncheck)
    shutil.rmtree(args.work, ignore_errors=True)
    returns, out = os.path.join(args.work, "returns"), os.path.join(args.work, "out")
    names = make_returns(returns, args.generated, args.returns)

    # Night 1.
    batch(rc, returns, out, check=3)
    s = summary(out)
    expect(len(s) == args.returns, f"summary.json lists {len(s)} returns, not {args.returns}")
    bad = {"random-bytes.xlsx": "not-a-zip", "truncated.xlsx": "corrupt-zip", "not-a-workbook.xlsx": "missing-part",
           "password.xlsx": "encrypted"}
    for key, slug in bad.items():
        e = s.get(key, {})
        expect(e.get("status") == "unreadable" and f"({slug})" in (e.get("reason") or ""),
               f"{key}: status {e.get('status')}, reason {e.get('reason')!r}; expected unreadable ({slug})")
    readable = [e for k, e in s.items() if k not in bad]
    for e in readable:
        for name in ("report.json", "report.html", "report.csv"):
            expect(os.path.exists(os.path.join(out, e["output"], name)), f"{e['key']}: no {name}")
    wrong = [n for i, n in enumerate(names) if i % 20 == 3]
    with_errors = sorted(k for k, e in s.items() if e["errors"] > 0 and k != "typed-as-text.xlsx")
    expect(with_errors == sorted(wrong), f"returns with errors: {with_errors}, expected {wrong}")
    expect(s["typed-as-text.xlsx"]["queries"] == 1, "typed-as-text.xlsx: no query")
    expect(all(e["new"] == e["errors"] + e["queries"] + e["infos"] for e in readable), "night 1: not every finding new")

    # Night 2: one error fixed.
    fixed = with_errors[0]
    shutil.copy(os.path.join(args.generated, "t62-corrected.xlsx"), os.path.join(returns, fixed))
    batch(rc, returns, out, check=3)
    s = summary(out)
    expect(s[fixed]["resolved"] == 1 and s[fixed]["resolved_findings"][0]["rule"] == "RC201",
           f"{fixed}: resolved {s[fixed]['resolved']}, expected its RC201")
    for k in with_errors[1:]:
        expect(s[k]["open"] == 1 and s[k]["new"] == 0, f"{k}: open {s[k]['open']}, new {s[k]['new']}")

    # Night 3: a figure restated.
    restated = names[0]
    shutil.copy(os.path.join(args.generated, "t62-restated.xlsx"), os.path.join(returns, restated))
    batch(rc, returns, out)
    s = summary(out)
    rs = [f for f in report(out, s[restated])["findings"] if f["rule"] == "RC402"]
    expect(len(rs) == 1 and "was 258 in" in rs[0]["message"] and "is 260 in" in rs[0]["message"],
           f"{restated}: restatement {rs}")
    if rs:
        done = subprocess.run([rc, "explain", rs[0]["fingerprint"], "Restated after the March 2016 audit", "--out-dir", out,
                               "--return", restated], capture_output=True, text=True)
        expect(done.returncode == 0, f"explain: {done.stderr.strip()}")
        # Night 4: explained, and --fail-on query passes it.
        batch(rc, returns, out, "--fail-on", "query")
        s = summary(out)
        f4 = [f for f in report(out, s[restated])["findings"] if f["rule"] == "RC402"]
        expect(len(f4) == 1 and f4[0]["status"] == "explained" and "March 2016 audit" in (f4[0]["explanation"] or ""),
               f"night 4: restatement {f4}")
        expect(s[restated]["explained"] == 1, "night 4: summary.json does not count it explained")
        # Night 5: the figure changes again; the explanation lapses.
        shutil.copy(os.path.join(args.generated, "t62-restated-again.xlsx"), os.path.join(returns, restated))
        batch(rc, returns, out)
        s = summary(out)
        f5 = [f for f in report(out, s[restated])["findings"] if f["rule"] == "RC402"]
        expect(len(f5) == 1 and f5[0]["status"] != "explained" and "is 262 in" in f5[0]["message"] and
               "no longer applies" in (f5[0]["cause"] or ""), f"night 5: restatement {f5}")

    # A run killed mid-way, then run again.
    db = os.path.join(out, "history.db")
    with sqlite3.connect(db) as c:
        checks_before = c.execute("select count(*) from checks").fetchone()[0]
    killed = subprocess.Popen([rc, "batch", returns, "--out-dir", out, "--schema",
                               os.path.join(SOURCE, "schemas", "table-6.2.yaml"), "-j", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        with sqlite3.connect(db) as c:
            if c.execute("select count(*) from checks").fetchone()[0] >= checks_before + args.returns // 4:
                break
        time.sleep(0.05)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    with sqlite3.connect(db) as c:
        recorded = c.execute("select count(*) from checks").fetchone()[0] - checks_before
    expect(0 < recorded < args.returns, f"the killed run recorded {recorded} checks; expected some, not all")
    batch(rc, returns, out)
    with sqlite3.connect(db) as c:
        expect(c.execute("pragma integrity_check").fetchone()[0] == "ok", "history.db is damaged")
        total = c.execute("select count(*) from checks").fetchone()[0]
        expect(total == checks_before + recorded + args.returns,
               f"history holds {total} checks, expected {checks_before} + {recorded} + {args.returns}")
        states = [r[0] for r in c.execute("select state from runs order by id")]
    expect("interrupted" in states, f"no interrupted run in the history: {states}")
    expect(not leftovers(out), f"left behind: {leftovers(out)[:5]}")
    for path in glob.glob(os.path.join(out, "*", "report.json")):
        try:
            with open(path, encoding="utf-8") as f:
                json.load(f)
        except ValueError:
            expect(False, f"{path} is not whole")
    for path in glob.glob(os.path.join(out, "*", "*.xlsx")):
        with zipfile.ZipFile(path) as z:
            expect(z.testzip() is None, f"{path} is damaged")

    # Two runs at once.
    first = subprocess.Popen([rc, "batch", returns, "--out-dir", out, "-j", "1"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    second = batch(rc, returns, out)
    expect(second.returncode == 2 and "another returncheck run is using" in second.stderr,
           f"a second run: exit {second.returncode}, {second.stderr.strip()}")
    first.wait()

    # A return past the time limit, first of six on one worker.
    slow_returns, slow_out = os.path.join(args.work, "slow-returns"), os.path.join(args.work, "slow-out")
    os.makedirs(slow_returns)
    big_workbook(os.path.join(slow_returns, "a-slow.xlsx"), 1_000_000)
    for name in names[:5]:
        shutil.copy(os.path.join(returns, name), slow_returns)
    started = time.time()
    batch(rc, slow_returns, slow_out, "-j", "1", "--time-limit", "1", check=3)
    took = time.time() - started
    s = summary(slow_out)
    slow = s.get("a-slow.xlsx", {})
    expect(slow.get("status") == "unreadable" and "--time-limit" in (slow.get("reason") or ""),
           f"the slow return: {slow.get('status')}, {slow.get('reason')}")
    others = [e for k, e in s.items() if k != "a-slow.xlsx"]
    expect(len(others) == 5 and all(e["status"] != "unreadable" for e in others),
           f"the returns after the slow one: {[(e['key'], e['status'], e['reason']) for e in others]}")
    expect(took < 30, f"the run with a time limit of 1 s took {took:.1f} s")

    print(f"batch: {args.returns} returns over five nights, a killed run and a concurrent one: "
          f"{len(failures)} failures; outputs in {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
