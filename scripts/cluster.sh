#!/usr/bin/env bash
# A production-shaped Temporal next to the embedded dev server, all on 127.0.0.1: the Temporal server
# built from its Go module (pinned), its history and visibility in PostgreSQL (schemas set up by the
# server's own temporal-sql-tool), two relman workers (two processes) and, when it builds, the Web UI's
# server. The CLI and the tests reach it with RELMAN_TEMPORAL_ADDRESS=127.0.0.1:17233.
#
#   scripts/cluster.sh build  build what is missing (first time: about 3 minutes), start nothing
#   scripts/cluster.sh up     build what is missing, start everything
#   scripts/cluster.sh test   up, then the sample released under load through a worker's and the server's death
#   scripts/cluster.sh down   stop the workers, the server and the UI; the database container stays
#   scripts/cluster.sh purge  down, and remove the database container and its volume
#
# Needs Go (1.23 or newer) on the PATH, for `go install` through the Go module proxy.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

TEMPORAL_SERVER_VERSION="v1.29.1"
UI_SERVER_VERSION="v2.54.1"     # the Web UI of the temporal CLI pinned in lib.sh (UI 2.54.1)
CLUSTER="$STATE/cluster"
SERVER_TOOLS="$TOOLS/temporal-server-$TEMPORAL_SERVER_VERSION"
UI_TOOLS="$TOOLS/temporal-ui-server-$UI_SERVER_VERSION"
CLUSTER_DB_CONTAINER="relman-temporal-postgres"
CLUSTER_DB_PORT=55433
CLUSTER_ADDRESS="127.0.0.1:17233"
CLUSTER_UI_PORT=18233
CLUSTER_WORKER_PORTS=(18086 18087)
TEST_PORT=18380                 # the test's stack (the sample plan's environment `cluster`) behind nginx

build_server() {
  [ -x "$SERVER_TOOLS/server" ] && [ -x "$SERVER_TOOLS/sql" ] && return 0
  command -v go >/dev/null || { log "Go is not on the PATH: install Go 1.23 or newer"; return 1; }
  log "building the Temporal server $TEMPORAL_SERVER_VERSION and temporal-sql-tool (go install, about 3 minutes)"
  # Built aside and moved in whole: a build stopped half-way (a failed CI run stops its prebuild) leaves
  # nothing that the check above would take for a finished binary.
  rm -rf "$SERVER_TOOLS.partial" && mkdir -p "$SERVER_TOOLS.partial"
  GOBIN="$SERVER_TOOLS.partial" go install "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" >"$STATE/logs/cluster-build.log" 2>&1 &&
    rm -rf "$SERVER_TOOLS" && mv "$SERVER_TOOLS.partial" "$SERVER_TOOLS"
}

# The Web UI is a Go module too (its built pages embedded); the cluster works without it.
build_ui() {
  [ -x "$UI_TOOLS/server" ] && return 0
  log "building the Temporal Web UI server $UI_SERVER_VERSION (go install)"
  rm -rf "$UI_TOOLS.partial" && mkdir -p "$UI_TOOLS.partial"
  { GOBIN="$UI_TOOLS.partial" go install "github.com/temporalio/ui-server/v2/cmd/server@$UI_SERVER_VERSION" \
    >"$STATE/logs/cluster-ui-build.log" 2>&1 && rm -rf "$UI_TOOLS" && mv "$UI_TOOLS.partial" "$UI_TOOLS"; } ||
    log "the Web UI did not build (see $STATE/logs/cluster-ui-build.log): use the temporal CLI with --address $CLUSTER_ADDRESS"
}

start_cluster_db() {
  local password
  if [ "$(docker inspect -f '{{.State.Running}}' "$CLUSTER_DB_CONTAINER" 2>/dev/null)" != true ]; then
    log "starting the cluster's PostgreSQL ($CLUSTER_DB_CONTAINER on 127.0.0.1:$CLUSTER_DB_PORT)"
    docker rm -f "$CLUSTER_DB_CONTAINER" >/dev/null 2>&1 || true
    docker volume create relman-temporal-postgres-data >/dev/null
    password="$(cluster_db_password)"
    POSTGRES_PASSWORD="$password" docker run -d --name "$CLUSTER_DB_CONTAINER" --restart unless-stopped \
      -p "127.0.0.1:$CLUSTER_DB_PORT:5432" -v relman-temporal-postgres-data:/var/lib/postgresql/data \
      -e POSTGRES_USER=temporal -e POSTGRES_DB=temporal -e POSTGRES_PASSWORD \
      relman/postgres:15 >/dev/null
  fi
  wait_for 60 "the cluster's PostgreSQL" docker exec "$CLUSTER_DB_CONTAINER" pg_isready -q -U temporal -d temporal || {
    docker logs --tail 40 "$CLUSTER_DB_CONTAINER" >&2
    exit 1
  }
  # A container left by another checkout (it restarts with the engine) has that checkout's password.
  password="$(cluster_db_password)"
  db_login "$CLUSTER_DB_CONTAINER" temporal temporal "$password" ||
    give_db_this_password "$CLUSTER_DB_CONTAINER" relman-temporal-postgres-data temporal temporal "$password" ||
    exit 1
}

cluster_db_password() {
  (umask 077; mkdir -p "$CLUSTER"; touch "$CLUSTER/secrets.env")
  grep -q '^CLUSTER_DB_PASSWORD=' "$CLUSTER/secrets.env" ||
    echo "CLUSTER_DB_PASSWORD=$(tr -dc 'a-z0-9' </dev/urandom | head -c 24)" >>"$CLUSTER/secrets.env"
  sed -n 's/^CLUSTER_DB_PASSWORD=//p' "$CLUSTER/secrets.env"
}

# temporal-sql-tool creates each database, then brings its schema to the newest version of this server's
# module (versioned directories, applied in order; a database already there is only updated).
setup_schemas() {
  local schemas password db
  schemas="$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION/schema/postgresql/v12"
  password="$(cluster_db_password)"
  for db in temporal temporal_visibility; do
    local dir=temporal
    [ "$db" = temporal_visibility ] && dir=visibility
    SQL_PASSWORD="$password" "$SERVER_TOOLS/sql" --plugin postgres12 --ep 127.0.0.1 -p "$CLUSTER_DB_PORT" \
      -u temporal --db "$db" create-database >>"$STATE/logs/cluster-schema.log" 2>&1 || true
    SQL_PASSWORD="$password" "$SERVER_TOOLS/sql" --plugin postgres12 --ep 127.0.0.1 -p "$CLUSTER_DB_PORT" \
      -u temporal --db "$db" setup-schema -v 0.0 >>"$STATE/logs/cluster-schema.log" 2>&1 || true
    SQL_PASSWORD="$password" "$SERVER_TOOLS/sql" --plugin postgres12 --ep 127.0.0.1 -p "$CLUSTER_DB_PORT" \
      -u temporal --db "$db" update-schema -d "$schemas/$dir/versioned" >>"$STATE/logs/cluster-schema.log" 2>&1 ||
      fail_with_log cluster-schema
  done
}

# The server's configuration: its four services in one process, each on a port of its own, PostgreSQL for
# history (4 shards, as a small cluster has) and for visibility. Written with the password: private.
write_server_config() {
  local password
  password="$(cluster_db_password)"
  (umask 077; mkdir -p "$CLUSTER/config"
   : >"$CLUSTER/config/dynamicconfig.yaml"
   cat >"$CLUSTER/config/development.yaml" <<EOF
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: 4
  datastores:
    default:
      sql:
        pluginName: postgres12
        databaseName: temporal
        connectAddr: "127.0.0.1:$CLUSTER_DB_PORT"
        connectProtocol: tcp
        user: temporal
        password: "$password"
        maxConns: 20
        maxIdleConns: 20
        maxConnLifetime: 1h
    visibility:
      sql:
        pluginName: postgres12
        databaseName: temporal_visibility
        connectAddr: "127.0.0.1:$CLUSTER_DB_PORT"
        connectProtocol: tcp
        user: temporal
        password: "$password"
        maxConns: 4
        maxIdleConns: 4
        maxConnLifetime: 1h
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
services:
  frontend:
    rpc: {grpcPort: 17233, membershipPort: 16933, bindOnLocalHost: true, httpPort: 17243}
  matching:
    rpc: {grpcPort: 17235, membershipPort: 16935, bindOnLocalHost: true}
  history:
    rpc: {grpcPort: 17234, membershipPort: 16934, bindOnLocalHost: true}
  worker:
    rpc: {grpcPort: 17239, membershipPort: 16939, bindOnLocalHost: true}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "$CLUSTER_ADDRESS"
dcRedirectionPolicy:
  policy: noop
dynamicConfigClient:
  filepath: "$CLUSTER/config/dynamicconfig.yaml"
  pollInterval: 10s
EOF
  )
}

# A part that did not come up stops the script, with the end of its log: CI shows only this output.
fail_with_log() { # fail_with_log NAME: the end of $STATE/logs/NAME.log, then exit 1
  log "the end of $STATE/logs/$1.log:"
  tail -n 40 "$STATE/logs/$1.log" >&2 || true
  exit 1
}

cluster_answers() { "$TEMPORAL" operator cluster health --address "$CLUSTER_ADDRESS" >/dev/null 2>&1; }

start_server() {
  if ! pid_file_alive "$STATE/cluster-server.pid"; then
    log "starting the Temporal server $TEMPORAL_SERVER_VERSION on $CLUSTER_ADDRESS (log: $STATE/logs/cluster-server.log)"
    (cd "$CLUSTER" && exec setsid "$SERVER_TOOLS/server" --root "$CLUSTER" --config config --env development \
      --allow-no-auth start >"$STATE/logs/cluster-server.log" 2>&1 < /dev/null) &
    echo $! >"$STATE/cluster-server.pid"
  fi
  wait_for 90 "the Temporal server" cluster_answers || fail_with_log cluster-server
  wait_for 60 "the default namespace" ensure_namespace
  # A new namespace reaches every service's cache within about 10 s.
  wait_for 60 "relman's search attributes" register_search_attributes
}

register_search_attributes() {
  local registered attribute
  registered="$("$TEMPORAL" operator search-attribute list --address "$CLUSTER_ADDRESS" -n default)" || return 1
  for attribute in Environment=Keyword Service=KeywordList ReleaseVersion=Keyword BackupState=Keyword; do
    grep -qw "${attribute%%=*}" <<<"$registered" ||
      "$TEMPORAL" operator search-attribute create --address "$CLUSTER_ADDRESS" -n default \
        --name "${attribute%%=*}" --type "${attribute#*=}" >/dev/null || return 1
  done
}

ensure_namespace() {
  "$TEMPORAL" operator namespace describe --address "$CLUSTER_ADDRESS" -n default >/dev/null 2>&1 ||
    "$TEMPORAL" operator namespace create --address "$CLUSTER_ADDRESS" -n default --retention 72h >/dev/null
}

start_ui() {
  [ -x "$UI_TOOLS/server" ] || return 0
  if pid_file_alive "$STATE/cluster-ui.pid"; then
    return 0
  fi
  log "starting the Web UI on http://127.0.0.1:$CLUSTER_UI_PORT (log: $STATE/logs/cluster-ui.log)"
  local endpoint
  endpoint=$(codec_ui_endpoint "${CLUSTER_WORKER_PORTS[0]}") || return 1
  (umask 077; cat >"$CLUSTER/config/ui.yaml" <<EOF
temporalGrpcAddress: $CLUSTER_ADDRESS
host: 127.0.0.1
port: $CLUSTER_UI_PORT
enableUi: true
codec:
  endpoint: $endpoint
EOF
  )
  (cd "$CLUSTER" && exec setsid "$UI_TOOLS/server" --root "$CLUSTER" --config config --env ui start \
    >"$STATE/logs/cluster-ui.log" 2>&1 < /dev/null) &
  echo $! >"$STATE/cluster-ui.pid"
  wait_for 30 "the Web UI" curl -fsS "http://127.0.0.1:$CLUSTER_UI_PORT/" ||
    log "the Web UI did not answer (see $STATE/logs/cluster-ui.log)"
}

# relman's worker, twice: two processes on the shared task queue, each with its own port for health and
# the codec endpoint. Both are the jar setup.sh builds, with the dev server's worker settings and local.env.
start_cluster_workers() {
  local index port
  for index in 0 1; do
    port="${CLUSTER_WORKER_PORTS[$index]}"
    if pid_file_alive "$STATE/cluster-worker-$index.pid"; then
      continue
    fi
    log "starting relman worker $((index + 1)) of 2 on the cluster (log: $STATE/logs/cluster-worker-$index.log)"
    spawn_worker "$STATE/logs/cluster-worker-$index.log" \
      RELMAN_TEMPORAL_ADDRESS="$CLUSTER_ADDRESS" RELMAN_WORKER_PORT="$port" || exit 1
    echo $! >"$STATE/cluster-worker-$index.pid"
  done
  for index in 0 1; do
    wait_for 120 "relman worker on port ${CLUSTER_WORKER_PORTS[$index]}" \
      curl -fsS "http://127.0.0.1:${CLUSTER_WORKER_PORTS[$index]}/actuator/health" || fail_with_log "cluster-worker-$index"
  done
}

up() {
  start_runtime
  apt_install jq   # the test reads the CLI's JSON with it
  [ -f "$WORKER_JAR" ] || build_jars
  build_server
  build_ui
  start_cluster_db
  setup_schemas
  write_server_config
  start_server
  start_ui
  start_cluster_workers
  log "cluster ready: Temporal $CLUSTER_ADDRESS (PostgreSQL 127.0.0.1:$CLUSTER_DB_PORT), two relman workers;"
  log "  the CLI: RELMAN_TEMPORAL_ADDRESS=$CLUSTER_ADDRESS bin/relman ...; stop: scripts/cluster.sh down"
}

down() {
  stop_pid cluster-worker-0
  stop_pid cluster-worker-1
  stop_pid cluster-ui
  stop_pid cluster-server
}

# The end-to-end check on the cluster: the sample stack released under load through nginx while one of the
# two workers is killed (SIGKILL) during the rollout and the Temporal server is killed and started again
# later in it. Measured, not assumed: the load's failures, the engine's replicas, and the run's history
# (each replica created exactly once). Exits 1 when any of it is wrong.
release_through_failures() {
  local plan="$RELMAN_HOME/examples/shop/relman.yml" stop="$STATE/cluster-load.stop" from=v1 to=v2 load_out
  export RELMAN_TEMPORAL_ADDRESS="$CLUSTER_ADDRESS"
  # A fresh stack of its own, so that nothing another run or checkout left behind takes part.
  "$RELMAN_HOME/examples/shop/stack.sh" down cluster
  "$RELMAN_HOME/examples/shop/stack.sh" up cluster "$TEST_PORT"
  "$RELMAN_HOME/bin/relman" deploy --env cluster --version "$from" --plan "$plan" >/dev/null
  load_out="$STATE/logs/cluster-load.log"
  python3 "$RELMAN_HOME/scripts/load.py" http://127.0.0.1:$TEST_PORT/version "$stop" >"$load_out" &
  local load_pid=$! started=$SECONDS
  sleep 1
  "$RELMAN_HOME/bin/relman" deploy --env cluster --version "$to" --plan "$plan" --detach >/dev/null
  wait_for 120 "the first replica on $to" replicas_on "$to" 1
  # The worker to kill is the one running the release's current step, so that the other must take it over.
  local victim="" step index
  for _ in $(seq 300); do freeze_worker_in_a_step && break; sleep 0.2; done
  [ -n "$victim" ] || { log "no step of the release ran on a worker within 60s"; exit 1; }
  for index in 0 1; do [ "$(cat "$STATE/cluster-worker-$index.pid")" = "$victim" ] && break; done
  log "killing worker $((index + 1)) (SIGKILL, pid $victim) while it runs step $step, with one replica on $to"
  kill -9 "$victim"
  wait_for 180 "the second replica on $to" replicas_on "$to" 2
  log "killing the Temporal server (SIGKILL) with two replicas on $to, and starting it again"
  kill -9 "$(cat "$STATE/cluster-server.pid")"
  sleep 2
  start_server
  local exit_code=0
  "$RELMAN_HOME/bin/relman" status cluster --watch --plan "$plan" >"$STATE/logs/cluster-release.log" 2>&1 || exit_code=$?
  local wall=$((SECONDS - started))
  sleep 1
  touch "$stop"
  wait "$load_pid"
  start_cluster_workers
  local history created completed_by
  history="$("$TEMPORAL" workflow show --address "$CLUSTER_ADDRESS" -w release-shop-cluster -o json)"
  created="$(jq '[.events[] | select(.activityTaskScheduledEventAttributes.activityType.name == "DockerCreateReplica")]
    | length' <<<"$history")"
  completed_by="$(step_completed_by "${step#*:}" <<<"$history")"
  log "release $from -> $to on the cluster: exit $exit_code in ${wall}s; $(cat "$load_out");" \
    "replicas: $(replica_versions | tr '\n' ' '); DockerCreateReplica scheduled $created time(s);" \
    "step $step, killed on pid $victim, completed by ${completed_by:-nobody}"
  [ "$exit_code" = 0 ] && grep -q ', 0 failed' "$load_out" && [ "$(replica_versions | sort -u)" = "$to" ] &&
    [ "$(replica_versions | wc -l)" = 3 ] && [ "$created" = 3 ] &&
    [ -n "$completed_by" ] && [ "${completed_by%%@*}" != "$victim" ]
}

# Sets victim and step to a worker that runs a step of the release and that step, the worker frozen
# (SIGSTOP) while the step is still pending, so that it cannot finish the step before it is killed.
freeze_worker_in_a_step() {
  local running
  running="$(running_activity)" || return 1
  read -r victim step <<<"$running"
  kill -STOP "$victim"
  if [ "$(running_activity || true)" = "$running" ]; then return 0; fi
  kill -CONT "$victim"
  victim="" step=""
  return 1
}

# "PID NAME:ACTIVITY_ID" of a step of the release that a worker has started and not finished (a worker's
# identity is PID@HOST); fails while none is. A hook in a replica (HookExecIn) is left out: it is tried once
# (docs/hooks.md), so no other worker would ever complete the killed one; the plan's retry runs a new step.
running_activity() {
  "$TEMPORAL" workflow describe --address "$CLUSTER_ADDRESS" -w release-shop-cluster -o json |
    jq -r '.pendingActivities[]? | select((.lastWorkerIdentity // "") != "" and .lastStartedTime != null)
      | select(.activityType.name != "HookExecIn")
      | "\(.lastWorkerIdentity | split("@")[0]) \(.activityType.name):\(.activityId)"' | head -n 1 | grep .
}

# The identity of the worker that completed activity ACTIVITY_ID, from a run's history on stdin.
step_completed_by() {
  jq -r --arg id "$1" '.events as $events
    | ($events[] | select(.activityTaskScheduledEventAttributes.activityId == $id) | .eventId) as $scheduled
    | $events[] | select(.activityTaskCompletedEventAttributes.scheduledEventId == $scheduled)
    | .activityTaskCompletedEventAttributes.identity'
}

replica_versions() {
  local name
  for name in shop-cluster-app-1 shop-cluster-app-2 shop-cluster-app-3; do
    docker inspect -f '{{index .Config.Labels "relman.version"}}' "$name" 2>/dev/null || echo absent
  done
}

replicas_on() { [ "$(replica_versions | grep -cx "$1")" -ge "$2" ]; }

case "${1:-}" in
  build) mkdir -p "$STATE/logs"; build_server; build_ui ;;
  up) up ;;
  test) up; release_through_failures ;;
  down) down ;;
  purge)
    down
    docker rm -f "$CLUSTER_DB_CONTAINER" >/dev/null 2>&1 || true
    docker volume rm relman-temporal-postgres-data >/dev/null 2>&1 || true
    rm -rf "$CLUSTER"
    ;;
  *) echo "usage: scripts/cluster.sh build|up|test|down|purge" >&2; exit 2 ;;
esac
