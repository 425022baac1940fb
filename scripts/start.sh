#!/usr/bin/env bash
# Starts Jaga on a fresh machine: the pinned Node.js LTS (scripts/ensure-node.sh), npm packages, build, database migration in the data
# directory (JAGA_DATA_DIR, default ./data; embedded SQLite unless JAGA_DATABASE_URL is set),
# then `jaga serve` (HTTP API on JAGA_HTTP_ADDR, default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
bash scripts/ensure-node-deps.sh
npx tsc -p tsconfig.json
./bin/jaga.js migrate
# `jaga serve` itself says how to create the first user, and only while there is none.
exec ./bin/jaga.js serve
