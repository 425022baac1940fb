#!/usr/bin/env bash
# Starts Jaga on a fresh machine: npm packages, build, database migration in the data
# directory (JAGA_DATA_DIR, default ./data; embedded SQLite unless JAGA_DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-deps.sh
npx tsc -p tsconfig.json
./bin/jaga.js migrate
cat >&2 <<'MSG'
Jaga siap / Jaga is ready. Next:
  printf '%s\n' 'a-long-password' | ./bin/jaga.js admin create --username admin --role superadmin --password-stdin
  ./bin/jaga.js --help
MSG
