#!/bin/sh
# The page and its Retry-After come from the container's environment (RELMAN_PAGE, RELMAN_RETRY_AFTER_SECONDS),
# set by relman when it creates the container.
set -eu
case "$RELMAN_RETRY_AFTER_SECONDS" in ''|*[!0-9]*) echo "RELMAN_RETRY_AFTER_SECONDS must be a number" >&2; exit 2 ;; esac
mkdir -p /srv/maintenance
printf '%s' "$RELMAN_PAGE" > /srv/maintenance/page.html
sed "s/RETRY_AFTER_SECONDS/$RELMAN_RETRY_AFTER_SECONDS/" /etc/nginx/maintenance.conf.in > /etc/nginx/maintenance.conf
exec nginx -c /etc/nginx/maintenance.conf -g 'daemon off;'
