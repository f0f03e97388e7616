#!/usr/bin/env bash
# The parts of the shop stack that relman does not release: its docker network, its PostgreSQL and
# its nginx. `stack.sh up ENV PORT [DB_ADDRESS:DB_PORT]` creates them (idempotent), the database
# published there when given (for replicas on other hosts); `stack.sh down ENV` removes the whole
# environment, replicas and data included. DOCKER_HOST picks the engine, as for docker itself.
set -euo pipefail
export PATH="/usr/bin:$PATH"
here="$(cd "$(dirname "$0")" && pwd)"
secrets="$here/../../.relman/secrets.env"
action=${1:?usage: stack.sh up ENV PORT | down ENV}
env=${2:?usage: stack.sh up ENV PORT | down ENV}
network="shop-$env" db="shop-$env-db" lb="shop-$env-lb"

running() { [ "$(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }

case "$action" in
  up)
    port=${3:?usage: stack.sh up ENV PORT}
    # shellcheck disable=SC1090 # .relman/secrets.env is made by setup.sh, not kept in the repository
    . "$secrets"
    docker network inspect "$network" >/dev/null 2>&1 || docker network create "$network" >/dev/null
    if ! running "$db"; then
      docker rm -f "$db" >/dev/null 2>&1 || true
      # -e NAME without a value: docker takes it from this environment, so no command line shows it.
      publish=()
      [ -z "${4:-}" ] || publish=(-p "$4:5432")
      POSTGRES_PASSWORD="$SHOP_DB_PASSWORD" docker run -d --name "$db" --network "$network" --restart unless-stopped "${publish[@]}" \
        -v "shop-$env-db-data:/var/lib/postgresql/data" \
        -e POSTGRES_DB=shop -e POSTGRES_USER=shop -e POSTGRES_PASSWORD \
        relman/postgres:15 >/dev/null
    fi
    if ! running "$lb"; then
      docker rm -f "$lb" >/dev/null 2>&1 || true
      docker run -d --name "$lb" --network "$network" --restart unless-stopped \
        -p "127.0.0.1:$port:80" relman/nginx:bookworm >/dev/null
    fi
    for _ in $(seq 150); do docker exec "$db" pg_isready -q -U shop -d shop 2>/dev/null && break; sleep 0.2; done
    docker exec "$db" pg_isready -q -U shop -d shop
    ;;
  down)
    ids=$(docker ps -aq --filter label=relman.project=shop --filter "label=relman.environment=$env")
    [ -z "$ids" ] || xargs docker rm -f <<<"$ids" >/dev/null
    docker rm -f "$db" "$lb" "relman-probe-$lb" >/dev/null 2>&1 || true   # and relman's probe sidecar
    docker volume rm "shop-$env-db-data" >/dev/null 2>&1 || true
    docker network rm "$network" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: stack.sh up ENV PORT | down ENV" >&2; exit 2 ;;
esac
