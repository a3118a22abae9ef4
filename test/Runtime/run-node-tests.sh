#!/usr/bin/env sh
# Runs the Node.js runtime helpers' tests with Node's built-in test runner.
# Exits 77 (skipped, for ctest) where node is missing or too old to have
# `node --test` (before Node 18).
here=${0%/*}
command -v node >/dev/null 2>&1 || { echo "node not found; skipping"; exit 77; }
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || major=0
if [ "$major" -lt 18 ]; then
  echo "node $major has no built-in test runner; skipping"
  exit 77
fi
exec node --test "$here/rulecc_runtime.test.js" "$here/body_support.test.js"
