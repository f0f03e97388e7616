#!/usr/bin/env bash
# The README's first command: sets everything up, then releases the shop sample as a release
# manager would: v1 onto a fresh stack, then v2 (with its migration) under a little traffic.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
"$RELMAN_HOME/scripts/setup.sh"
plan="$RELMAN_HOME/examples/shop/relman.yml"
relman="$RELMAN_HOME/bin/relman"

log "creating a fresh demo stack: network, PostgreSQL and nginx on 127.0.0.1:8080"
"$RELMAN_HOME/examples/shop/stack.sh" down demo
"$RELMAN_HOME/examples/shop/stack.sh" up demo 8080

log "relman deploy --env demo --version v1"
"$relman" deploy --env demo --version v1 --plan "$plan"

log "traffic through nginx while v2 rolls out (a bounded loop on 127.0.0.1:8080)"
python3 "$RELMAN_HOME/scripts/load.py" http://127.0.0.1:8080/version "$STATE/demo-load.stop" &
load=$!
"$relman" deploy --env demo --version v2 --plan "$plan"
touch "$STATE/demo-load.stop"; wait "$load"

log "the stack now answers: $(curl -fsS http://127.0.0.1:8080/version)"
log "open the releases in the Temporal Web UI: $TEMPORAL_UI/namespaces/default/workflows"
log "stop everything with: scripts/stop.sh"
