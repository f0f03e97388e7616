#!/usr/bin/env bash
# cosmic as its guide starts it: ./stack.sh up (1.0 everywhere, its migrations run once with
# `docker-compose run`, as the guide does), ./stack.sh down (and its data). COSMIC_DB_PASSWORD and
# COSMIC_DB_ROOT_PASSWORD must be set; images come from build-images.sh.
set -euo pipefail
export PATH="/usr/bin:$PATH"
cd "$(dirname "$0")"
: "${COSMIC_DB_PASSWORD:?set COSMIC_DB_PASSWORD}" "${COSMIC_DB_ROOT_PASSWORD:?set COSMIC_DB_ROOT_PASSWORD}"
compose() { docker-compose -p cosmic "$@"; }
case "${1:-}" in
  up)
    compose up -d db
    for _ in $(seq 120); do
      compose exec -T -e MYSQL_PWD="$COSMIC_DB_PASSWORD" db mariadb -ucosmic cosmic -e 'SELECT 1' >/dev/null 2>&1 && break
      sleep 0.5
    done
    # The guide's first migration; the container stays, as `docker-compose run` without --rm leaves it.
    compose run app1 php artisan migrate
    compose up -d
    for _ in $(seq 120); do
      curl -fs http://127.0.0.1:18110/health >/dev/null && exit 0
      sleep 0.5
    done
    echo "cosmic does not answer on 127.0.0.1:18110" >&2; exit 1 ;;
  down) compose down -v --remove-orphans ;;
  *) sed -n '2,4p' "$0" >&2; exit 2 ;;
esac
