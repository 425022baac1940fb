#!/usr/bin/env bash
# Builds and runs every benchmark (dist/bench/*.bench.js), one after another.
# Usage: bash scripts/bench.sh [name...]   e.g. `bash scripts/bench.sh logbook` runs only
# dist/bench/logbook.bench.js. A failing benchmark does not stop the others; the script exits
# non-zero at the end if any failed. Knobs are read by the benchmarks themselves (bench/README.md);
# JAGA_BENCH_SCALE (default 1) scales the gateway benchmarks' counts, e.g. 0.25 for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
bash scripts/ensure-node-deps.sh
echo "== build (tsc)"
npx tsc -p .
shopt -s nullglob
if [ $# -gt 0 ]; then
  benches=()
  for name in "$@"; do benches+=("dist/bench/${name}.bench.js"); done
else
  benches=(dist/bench/*.bench.js)
fi
if [ ${#benches[@]} -eq 0 ]; then
  echo "no benchmarks found in dist/bench" >&2
  exit 1
fi
failed=()
for b in "${benches[@]}"; do
  echo "== ${b}"
  start=$SECONDS
  if ! node --enable-source-maps "$b"; then
    echo "!! ${b} failed" >&2
    failed+=("$b")
  fi
  echo "== ${b}: $((SECONDS - start)) s"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "== failed: ${failed[*]}" >&2
  exit 1
fi
