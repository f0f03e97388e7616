#!/usr/bin/env bash
# What cosmic's CI does: builds cosmic/app:VERSION... on this engine (no registry is reachable), and
# relman/mariadb:10.11 (docker/mariadb) when missing. relman releases them as images built elsewhere.
set -euo pipefail
export PATH="/usr/bin:$PATH"
here="$(cd "$(dirname "$0")" && pwd)"
docker image inspect relman/mariadb:10.11 >/dev/null 2>&1 \
  || docker build -q -t relman/mariadb:10.11 "$here/../../docker/mariadb" >/dev/null
for version in "$@"; do
  docker build -q --build-arg APP_VERSION="$version" -t "cosmic/app:$version" "$here/app" >/dev/null
done
