#!/usr/bin/env bash
# Installs npm packages from the lockfile when node_modules is missing, older than the lockfile,
# or built for another Node.js (native modules are compiled for one Node ABI). Run with the pinned
# Node on PATH (scripts/ensure-node.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.jaga-node-abi
abi="$(node -p 'process.versions.modules')-$(node -p 'process.arch')"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ "$(cat "$stamp" 2>/dev/null)" != "$abi" ]; then
  echo "== npm ci (Node $(node -v))"
  npm ci --no-audit --no-fund
  echo "$abi" >"$stamp"
fi
