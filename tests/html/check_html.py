#!/usr/bin/python3
"""The browser test of report.html: `returncheck validate` on the regional benchmarking sample,
its report.html rendered by headless Chromium, and the rendered page checked as a reader meets it.

Checks that the page renders; that the verdict (worked out again here from report.json's summary)
is in the rendered DOM and lies wholly within the first screen of a 1280x800 window; that every
flagged cell of report.json (Sheet!A1) is in the page's text; that the page holds no script and
no reference to anything outside itself; and that it prints to PDF. The first screen is kept as
a screenshot, with the reports and the PDF, in --artifacts (build/test/html-test/ under ctest).

The verdict's position is measured by a copy of the page with a few lines of script added (the
report itself has none, and its Content-Security-Policy would stop them): the copy writes the
verdict's box into an attribute of <body>, which --dump-dom then shows.

Exit status: 0 passed, 1 a check failed, 77 Chromium is not installed (ctest counts it skipped).
"""

import argparse
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
WORKBOOK = "samples/regional-benchmark.xlsx"
SCHEMA = "schemas/regional-benchmark.yaml"
WINDOW = (1280, 800)
TIMEOUT_SECONDS = 120
SKIP = 77

MEASURE = """<script>
const box = document.getElementById('verdict').getBoundingClientRect();
const size = parseFloat(getComputedStyle(document.getElementById('verdict')).fontSize);
document.body.setAttribute('data-verdict-box',
  [box.top, box.bottom, box.left, box.right, size, window.innerWidth, window.innerHeight].join(','));
</script>"""


class text_collector(html.parser.HTMLParser):
    """The text a reader sees: everything outside <style>, <title> and <script>."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title", "head"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title", "head"):
            self.hidden -= 1

    def handle_data(self, data):
        if self.hidden == 0:
            self.parts.append(data)


def find_chromium():
    for name in ("chromium", "/usr/bin/chromium"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(binary, profile, *args):
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", "--user-data-dir=" + profile, *args]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT_SECONDS,
                          check=False, text=True)
    if done.returncode != 0:
        raise RuntimeError("chromium exited %d: %s" % (done.returncode, done.stderr[-2000:]))
    return done.stdout


def counted(n, one, many):
    return "%d %s" % (n, one if n == 1 else many)


def verdict_of(summary):
    if summary["errors"]:
        return counted(summary["errors"], "error", "errors") + " must be fixed before submission"
    if summary["queries"]:
        return counted(summary["queries"], "query", "queries") + " to fix or explain"
    return "No problems found"


def location(sheet, cell):
    if re.fullmatch(r"[A-Za-z0-9_.\x80-\uffff]+", sheet):
        return sheet + "!" + cell
    return "'" + sheet.replace("'", "''") + "'!" + cell


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--returncheck", required=True, help="the returncheck executable")
    parser.add_argument("--artifacts", required=True, help="folder for the reports and the screenshot")
    args = parser.parse_args()

    binary = find_chromium()
    if not binary:
        print("check_html: SKIPPED: chromium is not installed (Debian package 'chromium'; scripts/test installs it)")
        return SKIP

    out_dir = os.path.join(args.artifacts, "out")
    shutil.rmtree(args.artifacts, ignore_errors=True)
    os.makedirs(out_dir)
    run = subprocess.run([args.returncheck, "validate", WORKBOOK, "--schema", SCHEMA, "--out-dir", out_dir,
                          "--report", "html", "json"], cwd=SOURCE_DIR, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, timeout=TIMEOUT_SECONDS, check=False)
    if run.returncode not in (0, 1):
        print("check_html: validate exited %d: %s" % (run.returncode, run.stderr))
        return 1
    page = os.path.join(out_dir, "report.html")
    with open(page, encoding="utf-8") as f:
        source = f.read()
    with open(os.path.join(out_dir, "report.json"), encoding="utf-8") as f:
        report = json.load(f)

    failures = []
    for outside in ("<script", "<link", "<img", "<iframe", "http:", "https:", "url("):
        if outside in source:
            failures.append("report.html holds %r: the page must be self-contained" % outside)

    with tempfile.TemporaryDirectory(prefix="returncheck-chromium-") as profile:
        dom = chromium(binary, profile, "--window-size=%d,%d" % WINDOW, "--dump-dom", "file://" + page)
        measure_page = os.path.join(args.artifacts, "measure.html")
        copy = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", source, count=1)
        with open(measure_page, "w", encoding="utf-8") as f:
            f.write(copy.replace("</body>", MEASURE + "</body>", 1))
        measured = chromium(binary, profile, "--window-size=%d,%d" % WINDOW, "--dump-dom", "file://" + measure_page)
        screenshot = os.path.join(args.artifacts, "report-first-screen.png")
        chromium(binary, profile, "--window-size=%d,%d" % WINDOW, "--screenshot=" + screenshot, "file://" + page)
        pdf = os.path.join(args.artifacts, "report.pdf")
        chromium(binary, profile, "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + page)

    collector = text_collector()
    collector.feed(dom)
    text = re.sub(r"\s+", " ", "".join(collector.parts))
    if "<main>" not in dom or "Findings" not in text:
        failures.append("the rendered DOM has no <main> or no Findings section")

    verdict = verdict_of(report["summary"])
    if not re.search(r'<h1 id="verdict">' + re.escape(verdict) + "</h1>", dom):
        failures.append("the verdict %r is not the page's <h1 id=\"verdict\">" % verdict)

    box = re.search(r'data-verdict-box="([^"]+)"', measured)
    if not box:
        failures.append("the measuring copy of the page did not report the verdict's box")
    else:
        top, bottom, left, right, font_size, width, height = (float(v) for v in box.group(1).split(","))
        if not (0 <= top < bottom <= height and 0 <= left < right <= width):
            failures.append("the verdict (top %g, bottom %g, left %g, right %g) is not within the first screen "
                            "(%gx%g)" % (top, bottom, left, right, width, height))
        if font_size < 28:
            failures.append("the verdict is set at %gpx: it should be large (28px or more)" % font_size)

    for finding in report["findings"]:
        if finding["cell"] is None:
            continue
        where = location(finding["sheet"], finding["cell"])
        if where not in text:
            failures.append("the flagged cell %s (%s) is not in the rendered page" % (where, finding["rule"]))

    size = png_size(screenshot) if os.path.exists(screenshot) else None
    if size != WINDOW:
        failures.append("the screenshot %s is not a %dx%d PNG (%r)" % (screenshot, WINDOW[0], WINDOW[1], size))
    if not os.path.exists(pdf) or os.path.getsize(pdf) < 1000:
        failures.append("the page did not print to PDF (%s)" % pdf)

    for failure in failures:
        print("check_html: FAILED: " + failure)
    if failures:
        return 1
    print("check_html: passed: verdict %r on the first screen, %d flagged cells on the page; screenshot %s"
          % (verdict, sum(1 for f in report["findings"] if f["cell"]), screenshot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
