#!/usr/bin/env bash
# What the compose stack's CI does: builds composeapp/{api,web,worker} for VERSION... on this engine
# (no registry is reachable). relman releases them as images built elsewhere: its plan has no build.
set -euo pipefail
export PATH="/usr/bin:$PATH"
here="$(cd "$(dirname "$0")" && pwd)"
for version in "$@"; do
  for role in api web worker; do
    docker build -q --build-arg ROLE="$role" --build-arg VERSION="$version" -t "composeapp/$role:$version" \
      "$here/app" >/dev/null
  done
done
