#!/usr/bin/env bash
# Installs and starts everything relman's embedded default needs, on this machine, idempotently:
# the Docker engine, the base images, the Temporal dev server with its Web UI, relman's database,
# the relman worker, the resident CLI and the demo's webhook receiver. A second run only checks (a few
# seconds). The user's own settings, .relman/local.env (docs/own-stack.md), are read after relman's; the
# worker restarts when what it would start with changed since it started.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
local_env_lines >/dev/null || exit 2   # a bad local.env stops everything before anything changes
start_runtime
start_demo_receiver
if [ ! -f "$WORKER_JAR" ] || [ -n "$(find "$RELMAN_HOME" \( -path '*/src/*' -o -name pom.xml \) -newer "$WORKER_JAR" -print -quit)" ]; then
  build_jars
  stop_worker   # a worker still running the old jar would take the next release
fi
if worker_running && worker_settings_changed; then
  log "the worker's settings changed since it started ($(local_env_file)): restarting it"
  stop_worker
fi
start_worker
build_cli_archive
start_resident_cli
log "ready: Temporal $TEMPORAL_ADDRESS, Web UI $TEMPORAL_UI, worker on task queue relman, CLI bin/relman"
