#!/bin/sh
# Initialises the cluster on first start from POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, then
# runs postgres in the foreground as the postgres user (SIGINT from `docker stop` = fast shutdown).
set -eu
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
# Names and the password reach the commands through the environment (su keeps it) and argv, never
# through a shell string: a quote in them cannot break out, and no command line shows the password.
export POSTGRES_USER POSTGRES_DB
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp); printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"; chown postgres "$pwfile"
  PWFILE=$pwfile su postgres -c 'initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$PWFILE" -A scram-sha-256 --encoding=UTF8 --locale=C.UTF-8' >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  # The set-up server listens on a private socket only, so nobody (pg_isready included) mistakes it
  # for the real one that starts below.
  INIT_SOCKET=$(mktemp -d); chown postgres "$INIT_SOCKET"; export INIT_SOCKET
  su postgres -c 'pg_ctl -D "$PGDATA" -o "-c listen_addresses= -c unix_socket_directories=$INIT_SOCKET" -w start' >/dev/null
  if [ "$POSTGRES_DB" != postgres ]; then
    PGPASSWORD=$POSTGRES_PASSWORD su postgres -c 'createdb -h "$INIT_SOCKET" -U "$POSTGRES_USER" -- "$POSTGRES_DB"'
  fi
  su postgres -c 'pg_ctl -D "$PGDATA" -m fast -w stop' >/dev/null
fi
exec su postgres -c 'exec postgres -D "$PGDATA" -c listen_addresses="*"'
