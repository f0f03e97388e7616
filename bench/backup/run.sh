#!/usr/bin/env bash
# Backup and restore benchmark: relman's backup and restore against plain pg_dump/pg_restore on one
# PostgreSQL of at least 1 GB (pgbench -i), interleaved, in one run. Prints a table and writes
# bench/results/backup-DATA.json. Usage: bench/backup/run.sh [--data pgbench|ledger] [--scale 70]
# [--rows 7000000] [--rounds 3]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../../scripts/setup.sh"
exec python3 "$here/run.py" "$@"
