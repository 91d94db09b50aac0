#!/usr/bin/env bash
# Batch throughput: `returncheck batch` over the 200 returns of the batch test (tests/batch:
# table 6.2 clean and wrong, one typed as text, three corrupt, one encrypted), one return at a
# time (-j 1) against two at once (-j 2), side by side in one hyperfine run. Every run starts
# from an empty output folder (a first night: every output written, every finding new in the
# history). Prints medians and the speed-up; docs/performance.md keeps the results.
#
# usage: tests/bench/batch_bench.sh [BUILD_DIR (default build/release)] [RUNS (default 5)] [RETURNS (default 200)]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build/release}
RUNS=${2:-5}
RETURNS=${3:-200}
PY=/usr/bin/python3
command -v hyperfine >/dev/null || { echo "bench: hyperfine not found (apt-get install hyperfine)" >&2; exit 2; }

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
echo "== batch over $RETURNS returns: hyperfine, $RUNS runs, medians"
J=$WORK/batch.json
batch="$RC batch $WORK/returns --out-dir $WORK/out --schema $ROOT/schemas/table-6.2.yaml --fail-on never"
# The four bad returns make batch exit 3 (unreadable inputs): that, and only that, is success.
hyperfine --style basic --runs "$RUNS" --warmup 1 --prepare "rm -rf $WORK/out" --export-json "$J" \
  -n j1 "$batch -j 1; test \$? -eq 3" -n j2 "$batch -j 2; test \$? -eq 3" >&2
$PY - "$J" "$RETURNS" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
n = int(sys.argv[2])
for k, t in r.items():
    print(f"{k}: {t:.3f} s  ({n / t:.1f} returns a second)")
print(f"speed-up j2 / j1 = {r['j1'] / r['j2']:.2f} (target >= 1.8)")
PY
