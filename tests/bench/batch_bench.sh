#!/usr/bin/env bash
# Batch throughput: `returncheck batch` over the 200 returns of the batch test (tests/batch:
# table 6.2 clean and wrong, one typed as text, three corrupt, one encrypted), one return at a
# time (-j 1) against two at once (-j 2), run alternately in one run. Every run starts
# from an empty output folder on a settled disk (a first night: every output written, every
# finding new in the history). Prints medians and the speed-up; docs/performance.md keeps the results.
#
# usage: tests/bench/batch_bench.sh [BUILD_DIR (default build/release)] [PAIRS (default 9)] [RETURNS (default 200)]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build/release}
RUNS=${2:-9}
RETURNS=${3:-200}
PY=/usr/bin/python3

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRETURNCHECK_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j2 --target returncheck >/dev/null
RC=$BUILD/returncheck
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The returns are made from the golden inputs, by the golden tests' generator built here.
cc -O2 -o "$WORK/make_golden_inputs" "$ROOT/tests/golden/make_golden_inputs.c" $(pkg-config --cflags --libs xlsxwriter) -lm
mkdir -p "$WORK/generated"
"$WORK/make_golden_inputs" "$WORK/generated" >/dev/null
$PY - "$WORK/returns" "$WORK/generated" "$RETURNS" <<PY
import sys
sys.path.insert(0, "$ROOT/tests/batch")
import check_batch
check_batch.make_returns(sys.argv[1], sys.argv[2], int(sys.argv[3]))
PY

echo "== machine: $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "== batch over $RETURNS returns: -j 1 and -j 2 alternately, $RUNS pairs after one warm-up pair"
# Alternating, not hyperfine's one command then the other: on a shared machine the speed drifts
# over a minute, and a ratio of two runs side by side moves far less than either time.
$PY - "$RC" "$WORK" "$ROOT/schemas/table-6.2.yaml" "$RUNS" "$RETURNS" <<'PY'
import os, shutil, statistics, subprocess, sys, time
rc, work, schema, runs, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])

def once(jobs):
    shutil.rmtree(f"{work}/out", ignore_errors=True)
    # The last run's outputs, deleted, are flushed before the clock starts: otherwise the disk
    # work of one run's clean-up lands in the next, and on a spare core only when that is -j 1.
    os.sync()
    time.sleep(0.2)
    start = time.perf_counter()
    done = subprocess.run([rc, "batch", f"{work}/returns", "--out-dir", f"{work}/out", "--schema", schema,
                           "--fail-on", "never", "-j", str(jobs)], capture_output=True, text=True)
    took = time.perf_counter() - start
    # The four bad returns make batch exit 3 (unreadable inputs): that, and only that, is success.
    if done.returncode != 3:
        sys.exit(f"batch -j {jobs} exited {done.returncode}: {done.stderr.strip()[-300:]}")
    return took

once(1), once(2)
pairs = []
for i in range(runs):
    j1, j2 = once(1), once(2)
    pairs.append((j1, j2))
    print(f"pair {i + 1}: j1 {j1:.3f} s, j2 {j2:.3f} s, speed-up {j1 / j2:.2f}")
m1 = statistics.median(p[0] for p in pairs)
m2 = statistics.median(p[1] for p in pairs)
print(f"j1: {m1:.3f} s median ({n / m1:.1f} returns a second)")
print(f"j2: {m2:.3f} s median ({n / m2:.1f} returns a second)")
print(f"speed-up j2 / j1 = {m1 / m2:.2f} of the medians, {statistics.median(a / b for a, b in pairs):.2f} median of the pairs "
      f"(target >= 1.8)")
PY
