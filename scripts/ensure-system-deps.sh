#!/usr/bin/env bash
# Installs, only when missing, the Debian packages the test suite needs:
#   - sqlite3     (the `sqlite3` CLI)
#   - postgresql  (server binaries under /usr/lib/postgresql/<ver>/bin, used by test/support/postgres-cluster.ts)
# Silent when everything is present; one line per package installed otherwise.
set -euo pipefail

missing=()
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)

((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "ensure-system-deps: missing ${missing[*]}; run this script as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# Keep the package's maintainer scripts from starting a system cluster on port 5432:
# invoke-rc.d consults /usr/sbin/policy-rc.d, and exit code 101 means "action forbidden".
# Only install our own policy if none exists, and remove it afterwards.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  own_policy=1
fi
cleanup() { if ((own_policy)); then rm -f "$policy"; fi; }
trap cleanup EXIT

apt-get update -qq >/dev/null
for pkg in "${missing[@]}"; do
  apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
  echo "ensure-system-deps: installed $pkg"
done
