#!/usr/bin/env bash
# Reruns the measurements of docs/PERFORMANCE.md ("Side by side"), on
# data it generates, with every tool on the same files in one run:
#   phuluc check (JSON to a file) / export / rollup   — the release binary
#   calamine alone, one thread                        — bench/calamine_read.rs
#   openpyxl (and pandas, if installed) computing the section and total
#     sums an analyst would                            — bench/openpyxl_sums.py
#   LibreOffice converting to CSV                     — soffice --headless
# Each is timed with /usr/bin/time (wall seconds, peak resident KB), the
# median of BENCH_RUNS runs; results go to $BENCH_DIR/results.tsv and, when
# matplotlib is importable, a log-log plot of time against rows to
# docs/images/bench-rows.png.
#
# Environment: BENCH_DIR (default /tmp/phuluc-bench), BENCH_ROWS (default
# "1000 10000 100000"; add 1000000 for the million-row case), BENCH_COUNTRY
# (default "34 98 5": provinces, communes, appendices; "" to skip),
# BENCH_RUNS (default 3), BENCH_LO_SAMPLE (files of the country converted by
# LibreOffice, default 100: it takes about a second a file).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-/tmp/phuluc-bench}
ROWS=${BENCH_ROWS:-"1000 10000 100000"}
COUNTRY=${BENCH_COUNTRY-"34 98 5"}
RUNS=${BENCH_RUNS:-3}
LO_SAMPLE=${BENCH_LO_SAMPLE:-100}
mkdir -p "$DIR"
cargo build --release --bin phuluc --example bench-data --example bench-calamine
PHULUC=target/release/phuluc
if [ -n "$COUNTRY" ]; then
  # shellcheck disable=SC2086
  target/release/examples/bench-data "$DIR" $ROWS --country $COUNTRY >/dev/null
else
  # shellcheck disable=SC2086
  target/release/examples/bench-data "$DIR" $ROWS >/dev/null
fi
RESULTS="$DIR/results.tsv"
printf 'tool\tinput\trows\tseconds\tpeak_kb\n' > "$RESULTS"
TIMING=$(mktemp)
trap 'rm -f "$TIMING"' EXIT

# measure TOOL INPUT ROWS RUNS COMMAND...: the median wall time and the
# peak memory of RUNS runs.
measure() {
  local tool=$1 input=$2 rows=$3 runs=$4
  shift 4
  local lines=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$TIMING" "$@" >/dev/null 2>&1 || true
    lines+="$(tail -1 "$TIMING")"$'\n'
  done
  local median peak
  median=$(printf '%s' "$lines" | awk '{print $1}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  peak=$(printf '%s' "$lines" | awk '{print $2}' | sort -n | tail -1)
  printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$input" "$rows" "$median" "$peak" | tee -a "$RESULTS"
}

PANDAS=0
python3 -c 'import pandas' 2>/dev/null && PANDAS=1
for rows in $ROWS; do
  f="$DIR/appendix-$rows.xlsx"
  measure phuluc-check "$f" "$rows" "$RUNS" "$PHULUC" check --format json -q "$f"
  measure phuluc-export "$f" "$rows" "$RUNS" "$PHULUC" export "$f" -o "$DIR/out.csv" --force
  measure phuluc-rollup "$f" "$rows" "$RUNS" "$PHULUC" rollup "$f" --by chu-tri --format csv
  measure calamine "$f" "$rows" "$RUNS" target/release/examples/bench-calamine "$f"
  measure openpyxl "$f" "$rows" "$RUNS" python3 bench/openpyxl_sums.py "$f"
  if [ "$PANDAS" = 1 ]; then
    measure pandas "$f" "$rows" "$RUNS" python3 bench/openpyxl_sums.py --pandas "$f"
  fi
  if command -v soffice >/dev/null; then
    measure libreoffice-csv "$f" "$rows" 1 soffice --headless "-env:UserInstallation=file://$DIR/lo-profile" --convert-to csv --outdir "$DIR/lo-out" "$f"
  fi
done

if [ -n "$COUNTRY" ]; then
  c="$DIR/country"
  n=$(find "$c" -name '*.xlsx' | wc -l)
  measure phuluc-check "$c" "$n files" 1 sh -c "$PHULUC check --format json -q '$c' > '$DIR/country.json'"
  measure phuluc-check-1-thread "$c" "$n files" 1 env RAYON_NUM_THREADS=1 sh -c "$PHULUC check --format json -q '$c' > '$DIR/country.json'"
  measure phuluc-rollup "$c" "$n files" 1 "$PHULUC" rollup "$c" --by xa --format csv
  measure phuluc-export "$c" "$n files" 1 "$PHULUC" export "$c" -o "$DIR/country.csv" --force
  measure calamine "$c" "$n files" 1 target/release/examples/bench-calamine "$c"
  measure openpyxl "$c" "$n files" 1 python3 bench/openpyxl_sums.py "$c"
  if command -v soffice >/dev/null && [ "$LO_SAMPLE" -gt 0 ]; then
    sample="$DIR/lo-sample"
    rm -rf "$sample" && mkdir -p "$sample"
    # sed, not head: head closing the pipe early fails it under pipefail.
    find "$c" -name '*.xlsx' | sort | sed -n "1,${LO_SAMPLE}p" | while read -r f; do
      cp "$f" "$sample/$(echo "$f" | tr '/' '_')"
    done
    measure libreoffice-csv "$sample" "$LO_SAMPLE files" 1 sh -c "soffice --headless '-env:UserInstallation=file://$DIR/lo-profile' --convert-to csv --outdir '$DIR/lo-out' '$sample'/*.xlsx"
  fi
fi

if python3 -c 'import matplotlib' 2>/dev/null; then
  python3 bench/plot.py "$RESULTS" docs/images/bench-rows.png
else
  echo "matplotlib is not installed: no plot (pip install matplotlib, then python3 bench/plot.py $RESULTS docs/images/bench-rows.png)"
fi
