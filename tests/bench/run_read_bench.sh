#!/usr/bin/env bash
# Reading benchmark: returncheck `inspect` (every cell of every sheet) against openpyxl,
# pandas, SheetJS and exceljs on the same generated workbooks, side by side in one run, with
# the shared peer scripts in ../shared/bench; then peak memory on the 1M-row workbook and the
# reader's phases (inflate, expat, scanner). Results go to stdout; docs/performance.md keeps them.
#
# usage: tests/bench/run_read_bench.sh [BUILD_DIR (default build/release)] [RUNS (default 3)]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build/release}
RUNS=${2:-3}
SHARED=$ROOT/../shared/bench
[ -d "$SHARED" ] || { echo "bench: $SHARED not found" >&2; exit 2; }

# Release build of the binary and the phase timer.
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRETURNCHECK_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j2 --target returncheck reader_phases >/dev/null
RC=$BUILD/returncheck

# The shared folder is read-only: work in a copy beside the build (its data/ holds the workbooks).
WORK=$BUILD/peer-bench
if [ ! -d "$WORK" ]; then
  cp -r "$SHARED" "$WORK"
  chmod -R u+w "$WORK"
fi

echo "== machine: $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "== 100k rows: returncheck inspect vs peers (hyperfine, $RUNS runs, medians)"
"$WORK/compare.sh" 100000 "$RC inspect {}" "$RUNS"

F1M=$WORK/data/rows_1000000.xlsx
[ -f "$F1M" ] || "$WORK/gen/gen_xlsx" 1000000 "$F1M" --constant-memory >/dev/null
echo "== 1M rows: peak memory and time of returncheck inspect"
/usr/bin/time -f "returncheck inspect 1M rows: %e s elapsed, %M KB peak RSS" "$RC" inspect "$F1M" >/dev/null
/usr/bin/time -f "returncheck dump 1M rows (to /dev/null): %e s elapsed, %M KB peak RSS" "$RC" dump "$F1M" >/dev/null

echo "== reader phases, 100k rows (why the worksheet scanner is our own)"
"$BUILD/tests/bench/reader_phases" "$WORK/data/rows_100000.xlsx"
