#!/usr/bin/env bash
# Builds and runs every benchmark (dist/bench/*.bench.js), one after another.
# Knobs are read by the benchmarks themselves, e.g. JAGA_BENCH_N, JAGA_BENCH_VERIFY_N,
# JAGA_BENCH_DIR (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi
echo "== build (tsc)"
npx tsc -p .
shopt -s nullglob
benches=(dist/bench/*.bench.js)
if [ ${#benches[@]} -eq 0 ]; then
  echo "no benchmarks found in dist/bench" >&2
  exit 1
fi
for b in "${benches[@]}"; do
  echo "== ${b}"
  node --enable-source-maps "$b"
done
