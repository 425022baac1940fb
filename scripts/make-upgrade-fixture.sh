#!/usr/bin/env bash
# Rebuilds test/fixtures/upgrade-<release>/ (default: b473842, the release with migrations
# 0001–0010) for test/e2e/upgrade.test.ts: that release's own code, unpacked with `git archive`
# (no worktree, no checkout) and built, writes an installation on SQLite and on PostgreSQL
# through its real use cases and gateway (scripts/upgrade-fixture-writer.mjs), kept as SQL text
# (sqlite3 .dump, pg_dump --format=plain) with the keys and recordings beside it.
# Needs what the test suite needs (scripts/ensure-system-deps.sh): sqlite3, PostgreSQL, OpenSSH.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
release=${1:-b473842}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git -C "$root" archive "$release" | tar -x -C "$work"
ln -s "$root/node_modules" "$work/node_modules"
(cd "$work" && npx tsc -p tsconfig.json)
out="$root/test/fixtures/upgrade-$release"
rm -rf "$out"
mkdir -p "$out"
JAGA_TEST_GATEWAY_LOG=0 node "$root/scripts/upgrade-fixture-writer.mjs" "$work" "$out" "$release"
echo "make-upgrade-fixture: wrote $out"
