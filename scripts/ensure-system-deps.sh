#!/usr/bin/env bash
# Installs, only when missing, the Debian packages the test suite needs:
#   - sqlite3     (the `sqlite3` CLI)
#   - postgresql  (server binaries under /usr/lib/postgresql/<ver>/bin, used by test/support/postgres-cluster.ts)
#   - openssh-client (`ssh`, `scp`, `sftp`, `ssh-keygen`, `ssh-keyscan`, used by test/support/sshd.ts and its tests)
#   - openssh-server (/usr/sbin/sshd, started per test on a loopback port by test/support/sshd.ts;
#                     the system ssh.service is never started)
#   - rsync       (`rsync -e ssh` through the gateway: an unrecognised transfer, recorded and hashed)
#   - chromium    (/usr/bin/chromium, driven headless by playwright-core in the web UI's browser tests,
#                  test/support/browser.ts; playwright's own browser download is never used)
#   - fonts-liberation2 (the Liberation fonts jaga.css falls back to, so screenshots render real text)
#   - poppler-utils (`pdftotext`, `pdffonts`, `pdfinfo`, `pdftoppm`: the PDF documents read back as a person's tools read them)
#   - zbar-tools  (`zbarimg`: the QR code printed on a Form Laporan, decoded from its page)
#   - postgresql-client (`pg_dump`, `pg_restore`, `psql`: jaga backup/restore on PostgreSQL, the upgrade test's fixture)
#   - prometheus-alertmanager (/usr/bin/prometheus-alertmanager, started per test on a loopback port by
#                  test/support/alertmanager.ts to post to the intake webhook; the system service is never used)
#   - openssl     (a self-signed certificate for the https webhook receiver, test/support/webhook-receiver.ts)
# Silent when everything is present; one line per package installed otherwise.
set -euo pipefail

missing=()
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
for cmd in ssh scp sftp ssh-keygen ssh-keyscan; do
  if ! command -v "$cmd" >/dev/null 2>&1; then missing+=(openssh-client); break; fi
done
[[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
command -v rsync >/dev/null 2>&1 || missing+=(rsync)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
compgen -G '/usr/share/fonts/truetype/liberation2/*.ttf' >/dev/null || missing+=(fonts-liberation2)
for cmd in pdftotext pdffonts pdfinfo pdftoppm; do
  if ! command -v "$cmd" >/dev/null 2>&1; then missing+=(poppler-utils); break; fi
done
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
for cmd in pg_dump pg_restore psql; do
  if ! command -v "$cmd" >/dev/null 2>&1 && ! compgen -G "/usr/lib/postgresql/*/bin/$cmd" >/dev/null; then missing+=(postgresql-client); break; fi
done
[[ -x /usr/bin/prometheus-alertmanager ]] || missing+=(prometheus-alertmanager)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

((${#missing[@]} == 0)) && exit 0

if ((EUID != 0)); then
  echo "ensure-system-deps: missing ${missing[*]}; run this script as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# Keep the packages' maintainer scripts from starting system services (postgresql would start a
# cluster on port 5432, openssh-server would start ssh.service on port 22): invoke-rc.d and
# deb-systemd-invoke consult /usr/sbin/policy-rc.d, and exit code 101 means "action forbidden".
# An existing policy (e.g. Docker's, which also forbids everything) is set aside for the install
# and put back afterwards, so whatever it says, nothing gets started.
policy=/usr/sbin/policy-rc.d
saved_policy=$policy.ensure-system-deps
cleanup() {
  rm -f "$policy"
  if [[ -e $saved_policy ]]; then mv -f "$saved_policy" "$policy"; fi
}
trap cleanup EXIT
# (A saved policy left by an interrupted earlier run is the original one: keep it, not ours.)
if [[ -e $policy && ! -e $saved_policy ]]; then mv "$policy" "$saved_policy"; fi
printf '#!/bin/sh\nexit 101\n' >"$policy"
chmod 755 "$policy"

# apt's chatter (including stderr notes such as "debconf: delaying package configuration") is
# shown only when a step fails.
quiet() {
  local out
  if ! out=$("$@" 2>&1); then
    printf '%s\n' "$out" >&2
    echo "ensure-system-deps: failed: $*" >&2
    exit 1
  fi
}
quiet apt-get update -qq
for pkg in "${missing[@]}"; do
  quiet apt-get install -y -qq --no-install-recommends "$pkg"
  echo "ensure-system-deps: installed $pkg"
done
