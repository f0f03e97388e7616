#!/usr/bin/env bash
# MariaDB's backup and restore benchmark: relman's backup and restore against plain mariadb-dump | gzip and
# mariadb < dump on one MariaDB 10.11 of about 1 GB, interleaved, in one run. Prints a table and writes
# bench/results/backup-mariadb.json. Usage: bench/backup/mariadb.sh [--megabytes 1024] [--rounds 3]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../../scripts/setup.sh"
docker image inspect relman/mariadb:10.11 >/dev/null 2>&1 || docker build -q -t relman/mariadb:10.11 "$here/../../docker/mariadb"
exec python3 "$here/mariadb.py" "$@"
