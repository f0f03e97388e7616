#!/usr/bin/env bash
# The README's second command: starts the real runtime the end-to-end tests use (Docker engine,
# Temporal dev server, relman's database), installs Chromium for the Web UI test and docker-compose for
# the stack relman did not make, and runs every test: shellcheck on the scripts (first), the formatting
# check (Spotless), unit and workflow tests (surefire), then end-to-end tests (failsafe, worker module).
# Without arguments (as CI runs it) it ends with scripts/cluster.sh test: a release on a production-shaped
# Temporal cluster through a worker's and the server's death. With arguments, they go to Maven and the
# cluster test is left out.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
# The shell scripts pass shellcheck (settings: .shellcheckrc) before anything starts or builds.
apt_install shellcheck
log "shellcheck: scripts/, bin/, the examples' scripts, the maintenance page's and MariaDB's entrypoint, cosmic's serve"
(cd "$RELMAN_HOME" && shellcheck -x scripts/*.sh bin/relman examples/*/*.sh examples/cosmic/app/serve docker/maintenance/start.sh docker/mariadb/entrypoint.sh)
start_runtime
apt_install chromium chromium-driver docker-compose
cd "$RELMAN_HOME"
if [ $# -gt 0 ]; then
  exec ./mvnw -B -ntp spotless:check verify "$@"
fi
# The cluster check's Temporal server is built from source (minutes of CPU on a new machine): it builds at the
# lowest priority while Maven runs, in the time the end-to-end tests spend waiting for containers and timers.
setsid nice -n 19 "$RELMAN_HOME/scripts/cluster.sh" build >"$STATE/logs/cluster-prebuild.log" 2>&1 &
prebuild=$!   # setsid made it the leader of a process group of its own: a failed Maven run stops all of it
# Whatever the outcome, the run leaves no test host, cluster or cluster stack running: a test host's sshd
# network routes a fixed subnet, and a bridge left holding it makes the next run's test hosts refuse it.
leave_nothing_running() {
  [ -z "$prebuild" ] || kill -- -"$prebuild" 2>/dev/null || true
  "$RELMAN_HOME/scripts/cluster.sh" down || true
  "$RELMAN_HOME/examples/shop/stack.sh" down cluster || true
  "$RELMAN_HOME/scripts/testhosts.sh" down || true
}
trap leave_nothing_running EXIT
./mvnw -B -ntp spotless:check verify
wait "$prebuild" || log "building the cluster's server while the tests ran failed (see $STATE/logs/cluster-prebuild.log): cluster.sh builds it now"
prebuild=""   # reaped: its group id may be another's by the end
"$RELMAN_HOME/scripts/cluster.sh" test
