#!/usr/bin/env bash
# The README's first command: sets everything up, then releases the shop sample as a release
# manager would: v1 onto a fresh stack, then v2 (with its migration) under a little traffic; then shows
# what the team's channel (the plan's notify, scripts/demo-receiver.py) was told of the two.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
"$RELMAN_HOME/scripts/setup.sh"
plan="$RELMAN_HOME/examples/shop/relman.yml"
relman="$RELMAN_HOME/bin/relman"

log "creating a fresh demo stack: network, PostgreSQL and nginx on 127.0.0.1:8080"
"$RELMAN_HOME/examples/shop/stack.sh" down demo
"$RELMAN_HOME/examples/shop/stack.sh" up demo 8080

notified_before=0   # the channel's log keeps earlier demos' lines: this one's come after
[ ! -f "$DEMO_NOTIFICATIONS" ] || notified_before=$(wc -l <"$DEMO_NOTIFICATIONS")
this_demos_notifications() { tail -n "+$((notified_before + 1))" "$DEMO_NOTIFICATIONS"; }
v2_success_notified() { grep -q 'deploy of v2 to shop/demo succeeded' < <(this_demos_notifications); }

log "relman deploy --env demo --version v1"
"$relman" deploy --env demo --version v1 --plan "$plan"

log "traffic through nginx while v2 rolls out (a bounded loop on 127.0.0.1:8080)"
python3 "$RELMAN_HOME/scripts/load.py" http://127.0.0.1:8080/version "$STATE/demo-load.stop" &
load=$!
"$relman" deploy --env demo --version v2 --plan "$plan"
touch "$STATE/demo-load.stop"; wait "$load"

log "the stack now answers: $(curl -fsS http://127.0.0.1:8080/version)"
# The webhook is told on the side, a few milliseconds after each event: v2's success may be on its way.
if wait_for 10 "the team's channel's message of v2's success" v2_success_notified; then
  log "the team's channel got (the plan's notify; all of them: $DEMO_NOTIFICATIONS):"
  this_demos_notifications
else
  log "relman goes on trying: the Web UI's notify-release-shop-demo-... workflow shows why (docs/notifications.md)"
fi
log "open the releases in the Temporal Web UI: $TEMPORAL_UI/namespaces/default/workflows"
log "stop everything with: scripts/stop.sh"
