#!/usr/bin/env bash
# The full test suite from a fresh clone: system packages, the pinned Node.js LTS, npm packages, build (type-check),
# lint (incl. the layer rule), then every test on SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
source scripts/ensure-node.sh
bash scripts/ensure-node-deps.sh
rm -rf dist
echo "== type-check + build (tsc)"
npx tsc -p tsconfig.json
echo "== lint + layer rule (eslint)"
npx eslint .
echo "== tests (node --test)"
mapfile -t files < <(find dist/test -name '*.test.js' | sort)
exec node --enable-source-maps --test --test-concurrency=2 --test-timeout=300000 "${files[@]}"
