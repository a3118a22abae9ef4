#!/usr/bin/env bash
# Fails when a C++ source file of the project is not clang-formatted (LLVM
# style, .clang-format). Exits 77 (skipped) where clang-format is missing.
set -u
cd "$(dirname "$0")/.." || exit 2
command -v clang-format >/dev/null 2>&1 || { echo "clang-format not found"; exit 77; }
status=0
while IFS= read -r f; do
  [ -f "$f" ] || continue
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "not clang-formatted: $f (run: clang-format -i $f)"
    status=1
  fi
done < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find frontend ir backends tools test -name '*.cpp' -o -name '*.h')
exit $status
