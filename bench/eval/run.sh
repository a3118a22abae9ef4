#!/usr/bin/env bash
# The evaluator benchmark: writes a snapshot of N configuration items (default
# 100,000) and a 20-rule application with gen.py, then times
# `rulecc eval --snapshot` with measure.py. Inputs go to $BENCH_DIR/eval
# (default bench/out/eval, ignored by git).
# Usage: bench/eval/run.sh RULECC [N_ITEMS] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rulecc=${1:?usage: run.sh RULECC [N_ITEMS] [RUNS]}
n=${2:-100000}
runs=${3:-5}
dir=${BENCH_DIR:-$here/../out}/eval
python3 "$here/gen.py" "$dir" "$n"
echo "snapshot: $n items, $(du -h "$dir/snapshot.json" | cut -f1)"
python3 "$here/measure.py" "$rulecc" "$dir" "$runs"
# The same workload through the generated Python handlers (once bodies
# compile to Python): their check functions in-process, and the ratio.
status=0
python3 "$here/python_bench.py" "$rulecc" "$dir" || status=$?
if [ "$status" = 77 ]; then
  echo "(generated Python: skipped, the bodies do not compile to Python)"
elif [ "$status" != 0 ]; then
  exit "$status"
fi
