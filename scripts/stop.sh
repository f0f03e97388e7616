#!/usr/bin/env bash
# Stops what setup.sh and demo.sh started: the resident CLI, the worker, the Temporal dev server, the demo's
# webhook receiver, the demo stack and relman's database. Data stays (.relman/temporal.db, docker volumes);
# dockerd keeps running unless --docker is given. `stop.sh --purge` also removes the demo stack's data.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
stop_pid resident-cli
rm -f "$CLI_SOCKET"
stop_pid worker
stop_pid temporal
stop_pid demo-receiver
if docker info >/dev/null 2>&1; then
  if [ "${1:-}" = --purge ]; then
    "$RELMAN_HOME/examples/shop/stack.sh" down demo
  else
    ids=$(docker ps -q --filter label=relman.project=shop; docker ps -q --filter name='^shop-demo-(db|lb)$'; docker ps -q --filter label=relman.probes)
    [ -z "$ids" ] || xargs docker stop <<<"$ids" >/dev/null
  fi
  docker stop "$RELMAN_DB_CONTAINER" >/dev/null 2>&1 || true
fi
if [ "${1:-}" = --docker ] || [ "${2:-}" = --docker ]; then
  "$RELMAN_HOME/scripts/testhosts.sh" down   # their engines keep containers running (--live-restore)
  log "stopping dockerd"
  pkill -x dockerd || true
  wait_for 60 "dockerd to exit" dockerd_gone
fi
log "stopped"
