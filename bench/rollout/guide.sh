#!/usr/bin/env bash
# The deployment guides' release, by hand with the docker CLI, on a stack made by examples/shop/stack.sh:
# back up the database, build the image, run the migration, then for each replica: take it out of
# nginx's upstream and reload, wait a fixed time for its requests to drain, stop it with grace, start
# the new version in its place, probe its health until it answers, put it back and reload.
# Usage: guide.sh ENV VERSION. Prints "rollout start" and "rollout end" (epoch seconds) for bench/rollout.
set -euo pipefail
export PATH="/usr/bin:$PATH"
env=${1:?usage: guide.sh ENV VERSION} version=${2:?usage: guide.sh ENV VERSION}
here="$(cd "$(dirname "$0")" && pwd)"
drain=${GUIDE_DRAIN_SECONDS:-2}
lb="shop-$env-lb" db="shop-$env-db" network="shop-$env"
replicas=("shop-$env-app-1" "shop-$env-app-2" "shop-$env-app-3")
backups="$here/../../.relman/backups/bench-guide-script"
# shellcheck disable=SC1091
. "$here/../../.relman/secrets.env"
export PGPASSWORD="$SHOP_DB_PASSWORD"

upstream() { # upstream REPLICA...: nginx's upstream file with these replicas, checked and reloaded
  { echo "upstream app {"
    for replica in "$@"; do echo "  server $replica:8000 max_fails=1 fail_timeout=2s;"; done
    echo "}"; } | docker exec -i "$lb" sh -c 'cat > /etc/nginx/relman/app.conf'
  docker exec "$lb" nginx -c /etc/nginx/sample.conf -t -q
  docker exec "$lb" nginx -c /etc/nginx/sample.conf -s reload
}

app() { # app NAME -d|--rm [COMMAND...]: a container of the new version on the stack's network
  local name=$1 mode=$2; shift 2
  docker run "$mode" --name "$name" --network "$network" -e PGHOST="$db" -e PGDATABASE=shop -e PGUSER=shop \
    -e PGPASSWORD --label relman.project=shop --label "relman.environment=$env" \
    --label "relman.version=$version" "relman/shop-app:$version" "$@"
}

mkdir -p "$backups"
docker exec -e PGPASSWORD "$db" pg_dump -Fc -U shop shop >"$backups/$(date +%s).dump"
docker build -q -t "relman/shop-app:$version" --build-arg "APP_VERSION=$version" \
  "$here/../../examples/shop/app" >/dev/null
app "shop-$env-migrate" --rm /app/migrate up >/dev/null

echo "rollout start $(date +%s.%N)"
for replica in "${replicas[@]}"; do
  others=()
  for other in "${replicas[@]}"; do [ "$other" = "$replica" ] || others+=("$other"); done
  upstream "${others[@]}"
  sleep "$drain"
  docker stop -t 10 "$replica" >/dev/null
  docker rm "$replica" >/dev/null
  app "$replica" -d >/dev/null
  address="$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$replica")"
  healthy=no
  for _ in $(seq 150); do
    if curl -fsS --max-time 2 "http://$address:8000/health" >/dev/null 2>&1; then healthy=yes; break; fi
    sleep 0.1
  done
  [ "$healthy" = yes ] || { echo "$replica on $version is not healthy after 15 s" >&2; exit 1; }
  upstream "${replicas[@]}"
done
echo "rollout end $(date +%s.%N)"
