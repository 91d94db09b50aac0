#!/usr/bin/env bash
# End-to-end benchmark: `returncheck validate` with the ten-rule records schema
# (records-10-rules.yaml) on the shared generator's 100k- and 1M-row workbooks, side by side in
# one hyperfine run per size with
#   - `returncheck inspect` on the same file (reading alone),
#   - the same ten checks written with pandas (validate_pandas.py: read_excel + vectorised checks),
# then the peak memory of a whole `validate` writing every default output, the cleaned and
# annotated workbooks included. Prints medians and ratios; docs/performance.md keeps the results.
#
# usage: tests/bench/validate_bench.sh [BUILD_DIR (default build/release)] [RUNS at 100k (default 3)]
# The 1M-row workbook gets one run of each command (pandas takes minutes on it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build/release}
RUNS=${2:-3}
SHARED=$ROOT/../shared/bench
SCHEMA=$ROOT/tests/bench/records-10-rules.yaml
PY=/usr/bin/python3  # Debian's interpreter, the one with python3-pandas
[ -d "$SHARED" ] || { echo "bench: $SHARED not found" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine not found (apt-get install hyperfine)" >&2; exit 2; }
$PY -c 'import pandas, openpyxl' 2>/dev/null ||
  { echo "bench: $PY has no pandas/openpyxl (apt-get install python3-pandas python3-openpyxl)" >&2; exit 2; }

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRETURNCHECK_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j2 --target returncheck >/dev/null
RC=$BUILD/returncheck

# The generator, built beside the build from the shared source (the shared folder is read-only).
GEN=$BUILD/peer-bench/gen_xlsx
DATA=$BUILD/peer-bench/data
mkdir -p "$DATA"
[ -x "$GEN" ] || cc -O2 -o "$GEN" "$SHARED/gen/gen_xlsx.c" $(pkg-config --cflags --libs xlsxwriter)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== machine: $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
for rows in 100000 1000000; do
  f=$DATA/rows_$rows.xlsx
  # As ../shared/bench/compare.sh makes them: inline strings from 500k rows on.
  [ -f "$f" ] || "$GEN" "$rows" "$f" $([ "$rows" -ge 500000 ] && echo --constant-memory) >/dev/null 2>&1
  runs=$RUNS warmup=1
  [ "$rows" -ge 1000000 ] && runs=1 warmup=0
  echo "== $rows rows ($(du -h "$f" | cut -f1)): hyperfine, $runs run(s), medians"
  echo "-- what each says:"
  "$RC" validate "$f" --schema "$SCHEMA" --out-dir "$OUT/v" --report json --fail-on never --colour never | tail -n 1
  [ "$rows" -le 100000 ] && $PY "$ROOT/tests/bench/validate_pandas.py" "$f"
  J=$OUT/$rows.json
  hyperfine --style basic --runs "$runs" --warmup "$warmup" --export-json "$J" \
    -n inspect "$RC inspect $f" \
    -n validate "$RC validate $f --schema $SCHEMA --out-dir $OUT/v --report json --fail-on never" \
    -n validate-all-outputs "$RC validate $f --schema $SCHEMA --out-dir $OUT/a --fail-on never" \
    -n pandas "$PY $ROOT/tests/bench/validate_pandas.py $f" >&2
  $PY - "$J" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
v = r["validate"]
for k, t in r.items():
    print(f"{k}: {t:.3f} s  ({t / r['inspect']:.2f}x inspect, {t / v:.2f}x validate)")
print(f"validate / inspect = {v / r['inspect']:.2f} (target <= 1.5); pandas / validate = {r['pandas'] / v:.1f} (target >= 20)")
PY
done

f=$DATA/rows_1000000.xlsx
echo "== 1M rows: peak memory (/usr/bin/time)"
/usr/bin/time -f "returncheck inspect: %e s elapsed, %M KB peak RSS" "$RC" inspect "$f" >/dev/null
/usr/bin/time -f "returncheck validate, report.json: %e s elapsed, %M KB peak RSS" \
  "$RC" validate "$f" --schema "$SCHEMA" --out-dir "$OUT/v" --report json --fail-on never >/dev/null
/usr/bin/time -f "returncheck validate, every default output (json csv html, cleaned and annotated workbooks): %e s elapsed, %M KB peak RSS" \
  "$RC" validate "$f" --schema "$SCHEMA" --out-dir "$OUT/a" --fail-on never >/dev/null
ls -l "$OUT/a"
