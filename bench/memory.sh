#!/usr/bin/env bash
# Peak memory of `phuluc check` on a sheet as long as Excel allows, side by
# side with calamine's bare read of the same file (docs/PERFORMANCE.md,
# "A million rows in 400 MiB"). Two inputs, generated once into BENCH_DIR:
#   appendix-full-sheet.xlsx  1,048,019 rows × 8 columns (STT, content,
#                             lead unit, five years): issue 14's sheet
#   appendix-1040000.xlsx     1,040,011 rows × 10 (a partner unit and a
#                             note column as well)
# Each command runs BENCH_RUNS times (default 3) under /usr/bin/time; the
# largest peak resident size and the median wall time are printed. Exits 1
# when phuluc's peak on one of the first two passes 400 MiB (409,600 KiB).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-/tmp/phuluc-bench}
RUNS=${BENCH_RUNS:-3}
LIMIT_KB=409600
mkdir -p "$DIR"
cargo build --release --bin phuluc --example bench-data --example bench-calamine
target/release/examples/bench-data "$DIR" 1040000 --full-sheet >/dev/null
TIMING=$(mktemp)
trap 'rm -f "$TIMING"' EXIT

# measure NAME COMMAND...: prints NAME, median seconds, largest peak KiB;
# the peak is left in $PEAK.
measure() {
  local name=$1
  shift
  local lines=""
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$TIMING" "$@" >/dev/null 2>&1 || true
    lines+="$(tail -1 "$TIMING")"$'\n'
  done
  local median
  median=$(printf '%s' "$lines" | awk '{print $1}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  PEAK=$(printf '%s' "$lines" | awk '{print $2}' | sort -n | tail -1)
  printf '%-44s %7s s %9s KiB (%s MiB)\n' "$name" "$median" "$PEAK" "$((PEAK / 1024))"
}

status=0
for input in appendix-full-sheet appendix-full-sheet-sums appendix-1040000; do
  f="$DIR/$input.xlsx"
  measure "phuluc check $input" target/release/phuluc check --format json -q "$f"
  if [ "$input" != appendix-1040000 ] && [ "$PEAK" -ge "$LIMIT_KB" ]; then
    echo "  over 400 MiB ($LIMIT_KB KiB)"
    status=1
  fi
  measure "calamine bare read $input" target/release/examples/bench-calamine "$f"
done
exit $status
