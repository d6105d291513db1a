#!/usr/bin/env bash
# Load test of `phuluc serve` on this computer (docs/PERFORMANCE.md,
# "phuluc serve under load"): UPLOADS workbook uploads (default 500) to
# /api/check by CLIENTS concurrent clients (default 16), the example
# workbooks in turn, against a server started here on a free port of
# 127.0.0.1 under /usr/bin/time -v. Bounded: every request has a time limit
# (curl --max-time 120) and the whole run one too (timeout 900); it stops by
# itself and stops the server with Ctrl-C (SIGINT). Prints the requests that
# failed (any status but 200), the time, the latency quantiles and the
# server's peak resident memory; exits 1 when a request failed.
# PHULUC=path/to/phuluc picks the binary (default: a release build).
set -euo pipefail
cd "$(dirname "$0")/.."
UPLOADS=${UPLOADS:-500}
CLIENTS=${CLIENTS:-16}
PHULUC=${PHULUC:-target/release/phuluc}
if [ "$PHULUC" = target/release/phuluc ]; then
  cargo build --release --bin phuluc
fi
WORK=$(mktemp -d)
SERVER=""
PHULUC_PID=""
cleanup() {
  if [ -n "$PHULUC_PID" ]; then kill "$PHULUC_PID" 2>/dev/null || true; fi
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

/usr/bin/time -v -o "$WORK/time.txt" "$PHULUC" serve --port 0 >"$WORK/url" 2>"$WORK/server.err" &
SERVER=$!
for _ in $(seq 100); do
  [ -s "$WORK/url" ] && break
  sleep 0.1
done
URL=$(head -1 "$WORK/url")
# GNU time ignores Ctrl-C while it waits: the signal goes to phuluc itself.
PHULUC_PID=$(pgrep -P "$SERVER")
[ -n "$URL" ] || { echo "phuluc serve did not start" >&2; cat "$WORK/server.err" >&2; exit 1; }

mapfile -t FILES < <(ls workbooks/*.xlsx)
for i in $(seq 0 $((UPLOADS - 1))); do
  printf '%s\n' "${FILES[$((i % ${#FILES[@]}))]}"
done >"$WORK/uploads"

START=$(date +%s.%N)
# Each line: status code, seconds.
timeout 900 xargs -P "$CLIENTS" -I{} \
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 \
  --data-binary @{} "${URL}api/check?name=load.xlsx" <"$WORK/uploads" >"$WORK/results" || true
END=$(date +%s.%N)

kill -INT "$PHULUC_PID"
for _ in $(seq 200); do
  kill -0 "$SERVER" 2>/dev/null || break
  sleep 0.1
done
kill "$PHULUC_PID" 2>/dev/null || true
wait "$SERVER" || true
SERVER=""
PHULUC_PID=""

DONE=$(wc -l <"$WORK/results")
FAILED=$(awk '$1 != 200' "$WORK/results" | wc -l)
MISSING=$((UPLOADS - DONE))
PEAK_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
SECONDS_TAKEN=$(awk -v a="$START" -v b="$END" 'BEGIN {print b - a}')
QUANTILES=$(awk '{print $2}' "$WORK/results" | sort -n | awk '{a[NR]=$1} END {
  printf "median %.3f s, p95 %.3f s, max %.3f s", a[int((NR+1)/2)], a[int(NR*0.95+0.5)], a[NR] }')
printf 'uploads %s by %s clients: %s answered, %s failed, %s unanswered\n' \
  "$UPLOADS" "$CLIENTS" "$DONE" "$FAILED" "$MISSING"
printf 'time %.1f s (%.0f uploads/s); latency %s\n' "$SECONDS_TAKEN" \
  "$(awk -v n="$DONE" -v s="$SECONDS_TAKEN" 'BEGIN {print n / s}')" "$QUANTILES"
printf 'server peak resident memory: %s KiB (%s MiB)\n' "$PEAK_KB" "$((PEAK_KB / 1024))"
if [ "$FAILED" -ne 0 ] || [ "$MISSING" -ne 0 ]; then
  awk '$1 != 200' "$WORK/results" | sort | uniq -c | head >&2
  exit 1
fi
