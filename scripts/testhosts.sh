#!/usr/bin/env bash
# Test "remote hosts" for the SSH end-to-end tests, all on this machine: host N is a docker engine of
# its own (socket /run/relman-hN/docker.sock, data under .relman/hosts/hN) with an sshd container in
# front of it on 127.0.0.1:220N. relman reaches it only over SSH, as it would a real server; the tests
# use the engine's socket directly to set the stack up and to compare it before and after. The sshd
# container sees the engine's data root at the same path, as sshd on a real host would (free disk).
# Its private address, 10.213.(16N).22 port 22, is where a bastion (another test host) reaches it.
#
#   testhosts.sh up [COUNT]     start hosts 1..COUNT (default 1), their images, keys and known_hosts
#   testhosts.sh down           stop every test host's sshd and engine (their data stays)
#   testhosts.sh rekey N        give host N new host keys: a host whose key changed
#   testhosts.sh sshd-stop N    stop host N's sshd (unreachable), sshd-start N to bring it back
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

HOSTS="$STATE/hosts"
CLIENT_KEY="$HOSTS/id_ed25519"          # the worker's key for the deployer user of every test host
KNOWN_HOSTS="$HOSTS/known_hosts"        # hashed entries, as ssh-keyscan -H writes them
SSHD_IMAGE="relman/testhost:1"
HOST_IMAGES=(relman/postgres:15 relman/nginx:bookworm relman/probe:1 "$SSHD_IMAGE")

host_socket() { echo "/run/relman-h$1/docker.sock"; }
host_docker() { local n=$1; shift; docker -H "unix://$(host_socket "$n")" "$@"; }
sshd_port() { echo $((2200 + $1)); }
sshd_private_subnet() { echo "10.213.$((16 * $1)).0/24"; }
sshd_private_address() { echo "10.213.$((16 * $1)).22"; }

start_host_engine() {
  local n=$1 run="/run/relman-h$1"
  host_docker "$n" info >/dev/null 2>&1 && return 0
  mkdir -p "$run" "$HOSTS/h$n"
  rm -f "$run/docker.pid"
  # A bridge of its own: with --bridge none, dockerd deletes the main engine's docker0 (both share this
  # network namespace). So does a restart with --default-address-pool, unless --live-restore is on
  # (moby's configureNetworking); hence --live-restore, and `down` stops the containers itself.
  if ! ip link show "relman-h$n" >/dev/null 2>&1; then
    ip link add "relman-h$n" type bridge
    ip addr add "10.213.$n.1/24" dev "relman-h$n"
    ip link set "relman-h$n" up
  fi
  log "starting test host $n's docker engine (log: $STATE/logs/host$n-dockerd.log)"
  # Its own bridges come from a pool of their own, so that they never take a subnet of the main engine.
  setsid nohup dockerd -H "unix://$run/docker.sock" --data-root "$HOSTS/h$n/data" --exec-root "$run/exec" \
    -p "$run/docker.pid" --bridge "relman-h$n" --iptables=false --live-restore \
    --default-address-pool "base=10.213.$((16 * n)).0/20,size=24" \
    >"$STATE/logs/host$n-dockerd.log" 2>&1 </dev/null &
  wait_for 120 "test host $n's docker engine" host_docker "$n" info
  require_main_bridge
}

# The main engine's containers are reached through docker0: without it, their addresses would be routed
# out of the machine. Stop rather than go on.
require_main_bridge() {
  if docker info >/dev/null 2>&1 && ! ip link show docker0 >/dev/null 2>&1; then
    log "docker0 is gone: a test host's engine removed it. Restart dockerd (scripts/stop.sh --docker, then scripts/setup.sh)."
    exit 1
  fi
}

# With --iptables=false the engine writes no rule, and the main engine's FORWARD policy drops
# traffic between containers on these bridges; this lets it pass between test hosts' containers only.
allow_bridged_traffic() {
  iptables -C DOCKER-USER -s 10.213.0.0/16 -d 10.213.0.0/16 -j ACCEPT 2>/dev/null \
    || iptables -I DOCKER-USER -s 10.213.0.0/16 -d 10.213.0.0/16 -j ACCEPT
}

# No registry: the images a host needs are copied from the main engine, once.
load_images() {
  local n=$1 missing=()
  for image in "${HOST_IMAGES[@]}"; do
    host_docker "$n" image inspect "$image" >/dev/null 2>&1 || missing+=("$image")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "copying ${missing[*]} to test host $n"
  docker save "${missing[@]}" | host_docker "$n" load -q >/dev/null
}

ensure_client_key() {
  mkdir -p "$HOSTS"
  [ -f "$CLIENT_KEY" ] || ssh-keygen -q -t ed25519 -N '' -C relman-test-worker -f "$CLIENT_KEY"
}

# Whether a docker engine running here (the main one, or a test host's) has the network of id prefix $1.
engine_has_network() {
  local id=$1 socket
  docker network inspect "$id" >/dev/null 2>&1 && return 0
  for socket in /run/relman-h*/docker.sock; do
    [ -S "$socket" ] && docker -H "unix://$socket" network inspect "$id" >/dev/null 2>&1 && return 0
  done
  return 1
}

# A docker bridge (br-ID) that routes $1 but whose network no engine running here has: a dockerd that is gone
# left it (a bridge outlives its killed engine, and so do the ports of containers it kept running with
# --live-restore), or one that this machine's processes cannot see shares the network namespace. No engine
# can use it again; it goes, with its ports. A bridge of a running engine stays.
release_orphan_bridge() {
  local subnet=$1 bridge
  bridge=$(ip route show "$subnet" | grep -o 'dev br-[0-9a-f]*' | head -n 1 | cut -d' ' -f2 || true)
  [ -n "$bridge" ] || return 0
  engine_has_network "${bridge#br-}" && return 0
  log "deleting $bridge: it routes $subnet, and no docker engine running here has its network" \
    "(ports: $(ip -br link show master "$bridge" 2>/dev/null | cut -d' ' -f1 | tr '\n' ' '))"
  ip link delete "$bridge"
}

start_sshd() {
  local n=$1
  # Hosts made before sshd had a fixed private address get their network and sshd made again.
  local subnet; subnet=$(sshd_private_subnet "$n")
  if ! host_docker "$n" network inspect relman-sshd >/dev/null 2>&1 && ip route show "$subnet" | grep -q .; then
    release_orphan_bridge "$subnet"
    if ip route show "$subnet" | grep -q .; then
      log "$subnet, test host $n's sshd network, is already routed ($(ip route show "$subnet")): another checkout's"
      log "test hosts hold it. Run scripts/testhosts.sh down there (or scripts/stop.sh --docker), then again here."
      exit 1
    fi
  fi
  if [ "$(host_docker "$n" network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' relman-sshd 2>/dev/null)" \
      != "$(sshd_private_subnet "$n")" ] || { host_docker "$n" container inspect relman-sshd >/dev/null 2>&1 \
      && [ "$(host_docker "$n" container inspect relman-sshd \
        -f '{{range .NetworkSettings.Networks}}{{if .IPAMConfig}}{{.IPAMConfig.IPv4Address}}{{end}}{{end}}')" \
        != "$(sshd_private_address "$n")" ]; }; then
    host_docker "$n" rm -f relman-sshd >/dev/null 2>&1 || true
    host_docker "$n" network rm relman-sshd >/dev/null 2>&1 || true
    host_docker "$n" network create --subnet "$(sshd_private_subnet "$n")" relman-sshd >/dev/null
  fi
  if ! host_docker "$n" container inspect relman-sshd >/dev/null 2>&1; then
    host_docker "$n" run -d --name relman-sshd --network relman-sshd --ip "$(sshd_private_address "$n")" \
      -p "127.0.0.1:$(sshd_port "$n"):22" \
      -v "$(host_socket "$n"):/var/run/docker.sock" -v "$CLIENT_KEY.pub:/etc/relman/authorized_keys:ro" \
      -v "$HOSTS/h$n/data:$HOSTS/h$n/data:ro" \
      "$SSHD_IMAGE" >/dev/null
  else
    host_docker "$n" start relman-sshd >/dev/null
  fi
  wait_for 90 "test host $n's sshd" sh -c "ssh-keyscan -p $(sshd_port "$n") 127.0.0.1 2>/dev/null | grep -q ssh-ed25519"
}

# The test hosts' keys, hashed, under both names: a real user checks each fingerprint out of band
# (relman hosts trust), and for a host behind a bastion runs ssh-keyscan on the bastion.
write_known_hosts() {
  local count=$1 lines=""
  for n in $(seq "$count"); do
    lines+=$(ssh-keyscan -H -p "$(sshd_port "$n")" 127.0.0.1 2>/dev/null)$'\n'
    lines+=$(ssh-keyscan -H "$(sshd_private_address "$n")" 2>/dev/null)$'\n'
  done
  printf '%s' "$lines" >"$KNOWN_HOSTS"
}

up() {
  local count=${1:-1}
  apt_install openssh-client iproute2 iptables
  start_docker
  build_runtime_images
  build_image "$SSHD_IMAGE" "$RELMAN_HOME/docker/testhost"
  ensure_client_key
  allow_bridged_traffic
  for n in $(seq "$count"); do
    start_host_engine "$n"
    load_images "$n"
    start_sshd "$n"
  done
  write_known_hosts "$count"
  log "test hosts 1..$count up: ssh deployer@127.0.0.1:$(sshd_port 1) (key $CLIENT_KEY, known hosts $KNOWN_HOSTS)"
}

down() {
  for socket in /run/relman-h*/docker.sock; do
    [ -S "$socket" ] || continue
    local run; run=$(dirname "$socket")
    # --live-restore keeps containers running without their engine: stop them first.
    local ids; ids=$(docker -H "unix://$socket" ps -q 2>/dev/null || true)
    [ -z "$ids" ] || xargs docker -H "unix://$socket" stop <<<"$ids" >/dev/null 2>&1 || true
    # sshd's network has a fixed subnet, which no other engine on this machine may route: it goes too.
    docker -H "unix://$socket" rm -f relman-sshd >/dev/null 2>&1 || true
    docker -H "unix://$socket" network rm relman-sshd >/dev/null 2>&1 || true
    if [ -f "$run/docker.pid" ]; then kill "$(cat "$run/docker.pid")" 2>/dev/null || true; fi
  done
}

case "${1:-}" in
  up) up "${2:-1}" ;;
  down) down ;;
  rekey) host_docker "$2" exec relman-sshd sh -c 'rm -f /etc/ssh/ssh_host_*' && host_docker "$2" stop relman-sshd >/dev/null \
      && start_sshd "$2" ;;
  sshd-stop) host_docker "$2" stop relman-sshd >/dev/null ;;
  sshd-start) start_sshd "$2" ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
