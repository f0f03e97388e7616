#!/usr/bin/env bash
# How the Miniflux stack's team starts and removes it, with Debian's docker-compose (v1), project
# "${COMPOSE_PROJECT:-miniflux}". `stack.sh up` needs POSTGRES_PASSWORD, MINIFLUX_DB_PASSWORD and
# MINIFLUX_ADMIN_PASSWORD in its environment and the images of build-images.sh; MINIFLUX_VERSION picks
# the version (2.2.15). `stack.sh down` removes the stack, its data, and what relman left beside it.
set -euo pipefail
export PATH="/usr/bin:$PATH"
here="$(cd "$(dirname "$0")" && pwd)"
project="${COMPOSE_PROJECT:-miniflux}"
compose() { docker-compose -p "$project" -f "$here/docker-compose.yml" "$@"; }

wait_until() { # wait_until WHAT COMMAND...: up to 60 s
  local what=$1; shift
  for _ in $(seq 300); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "stack.sh: $what did not happen within 60 s" >&2; return 1
}

case "${1:-}" in
  up)
    : "${POSTGRES_PASSWORD:?}" "${MINIFLUX_DB_PASSWORD:?}" "${MINIFLUX_ADMIN_PASSWORD:?}"
    compose up -d db
    db=$(compose ps -q db)
    wait_until "PostgreSQL to start" docker exec "$db" pg_isready -q -h localhost -U postgres -d miniflux
    # The DBA's part: the app's role owns its database and may not create databases. The password reaches
    # psql through the environment (-e NAME takes it from this one), never through a command line.
    docker exec -i -e MINIFLUX_DB_PASSWORD "$db" \
      sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h localhost -U postgres -d miniflux' <<'SQL'
\getenv pw MINIFLUX_DB_PASSWORD
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'miniflux') AS missing \gset
\if :missing
CREATE ROLE miniflux LOGIN NOCREATEDB NOCREATEROLE PASSWORD :'pw';
\endif
ALTER DATABASE miniflux OWNER TO miniflux;
SQL
    # Miniflux migrates its schema with its own command (miniflux -migrate), with the replicas' settings.
    compose run -T --rm --no-deps web /usr/bin/miniflux -migrate
    # One replica first, which creates the admin (CREATE_ADMIN), then the others and nginx, which resolves
    # web:8080 to all three when it starts.
    compose up -d --scale web=1 web
    wait_until "Miniflux to answer" docker exec "${project}_web_1" /usr/bin/miniflux -healthcheck auto
    compose up -d --scale web=3
    wait_until "nginx to answer" curl -fsS http://127.0.0.1:18100/healthcheck
    ;;
  down)
    compose down -v --remove-orphans
    # relman's probe sidecar and kept copies are not compose's: down leaves them.
    ids=$(docker ps -aq --filter "name=^relman-probe-${project}_lb_1\$" --filter "name=^${project}_web_[0-9]+-previous\$")
    [ -z "$ids" ] || xargs docker rm -f <<<"$ids" >/dev/null
    ;;
  *) echo "usage: stack.sh up | down" >&2; exit 2 ;;
esac
