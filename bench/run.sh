#!/usr/bin/env bash
# Compile-time benchmark of rulecc: bench/run.sh PATH-TO-RULECC [N...]
# Generates applications of N rules (default 10 100 280 1000 10000) under
# bench/out/ (or $BENCH_DIR), compiles each to a CloudFormation directory
# and with --check, and prints median wall time and peak RSS per size.
# BENCH_RUNS (default 5) sets the timed runs per measurement.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 PATH-TO-RULECC [N...]" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
rulecc="$1"
shift
exec python3 "$here/measure.py" --rulecc "$rulecc" \
  --work "${BENCH_DIR:-$here/out}" --runs "${BENCH_RUNS:-5}" "$@"
