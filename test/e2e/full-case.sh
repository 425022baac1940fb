#!/usr/bin/env bash
# One repair case from fault report to approval, using only `jaga` commands.
# Works on SQLite (default) and PostgreSQL (JAGA_DATABASE_URL=postgres://…).
# Usage: JAGA_DATA_DIR=/tmp/x test/e2e/full-case.sh [path-to-jaga]
set -euo pipefail
jaga=${1:-jaga}

$jaga migrate
printf 'super-secret-pass-1\n' | $jaga admin create --username op --role superadmin --password-stdin >/dev/null
export JAGA_ACTOR=op
$jaga unit add --code gorontalo --name "LPSE Provinsi Gorontalo" --time-zone Asia/Makassar >/dev/null
for u in "koor koordinator" "andi admin_lpse" "pelapor pelapor"; do
  set -- $u
  printf 'password-of-%s-1\n' "$1" | $jaga admin create --as op --username "$1" --role "$2" --unit gorontalo --password-stdin >/dev/null
done
$jaga network add --name kantor-lpse --kind office_lpse --cidr 10.10.0.0/16 --cidr 127.0.0.0/8 --intranet --unit gorontalo >/dev/null
$jaga workstation add --asset-tag LPSE-NB-001 --serial SN-001 --owner-unit gorontalo --assigned-user andi --organisation-owned \
  --ssh-key "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl andi@nb-001" >/dev/null
$jaga target add --name spse-gorontalo --unit gorontalo --host 10.10.1.5 --login spseadm \
  --host-key-fingerprint SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA >/dev/null

case_id=$($jaga case report --as pelapor --unit gorontalo --target spse-gorontalo --system "SPSE produksi" \
  --description "Halaman login SPSE error 502" --urgency critical --channel phone)
$jaga case acknowledge "$case_id" --as koor --classification aplikasi --impact "Penyedia tidak dapat login" --executor andi
$jaga case prepare "$case_id" --as andi --workstation LPSE-NB-001 --location "Kantor LPSE, ruang server" --network kantor-lpse --source-ip 10.10.2.20
$jaga case access-start "$case_id" --as andi --source-ip 10.10.2.20
$jaga case restore "$case_id" --as andi --initial-fix "Restart layanan tomcat; login pulih"
$jaga case root-cause "$case_id" --as andi --root-cause "Disk /var penuh oleh log" --permanent-fix "Rotasi log harian dan alarm disk 80%"
$jaga case access-end "$case_id" --as andi
$jaga case close "$case_id" --as andi --notes "Selesai"
$jaga case approve "$case_id" --as koor
$jaga case show "$case_id" --as koor
$jaga logbook verify
echo "CASE_APPROVED $case_id"
