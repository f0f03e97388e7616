#!/bin/sh
# Initialises the data directory on first start from MARIADB_DATABASE / MARIADB_USER / MARIADB_PASSWORD /
# MARIADB_ROOT_PASSWORD (the official image's settings; MYSQL_* are read too), then runs mariadbd in the
# foreground (SIGTERM from `docker stop` = a clean shutdown).
set -eu
: "${MARIADB_DATABASE:=${MYSQL_DATABASE:-}}" "${MARIADB_USER:=${MYSQL_USER:-}}"
: "${MARIADB_PASSWORD:=${MYSQL_PASSWORD:-}}" "${MARIADB_ROOT_PASSWORD:=${MYSQL_ROOT_PASSWORD:-}}"
: "${MARIADB_ROOT_PASSWORD:?MARIADB_ROOT_PASSWORD must be set}"
mkdir -p /run/mysqld
chown mysql:mysql /var/lib/mysql /run/mysqld
if [ ! -d /var/lib/mysql/mysql ]; then
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db --auth-root-authentication-method=normal >/dev/null
  # The set-up server listens on a private socket only, so that nobody mistakes it for the real one.
  mariadbd --user=mysql --skip-networking --socket=/run/mysqld/init.sock &
  pid=$!
  i=0
  until mariadb --socket=/run/mysqld/init.sock -uroot -e 'SELECT 1' >/dev/null 2>&1; do
    i=$((i + 1)); [ "$i" -lt 60 ] || { echo "mariadbd did not start" >&2; exit 1; }
    sleep 0.5
  done
  # Names and passwords go to the server as SQL string literals, quotes doubled: none breaks out.
  quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/\\\\/\\\\\\\\/g; s/'/''/g")"; }
  # shellcheck disable=SC2016 # the backticks are SQL quotes, not a command
  ident() { printf '`%s`' "$(printf '%s' "$1" | sed 's/`/``/g')"; }
  {
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(quote "$MARIADB_ROOT_PASSWORD");"
    echo "CREATE USER 'root'@'%' IDENTIFIED BY $(quote "$MARIADB_ROOT_PASSWORD");"
    echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [ -n "$MARIADB_DATABASE" ]; then
      echo "CREATE DATABASE IF NOT EXISTS $(ident "$MARIADB_DATABASE");"
    fi
    if [ -n "$MARIADB_USER" ]; then
      # One account, USER@'%', as the official image makes it: over the socket and over TCP alike the server
      # matches it, so what the app creates and what relman restores have the same DEFINER.
      echo "CREATE USER $(quote "$MARIADB_USER")@'%' IDENTIFIED BY $(quote "$MARIADB_PASSWORD");"
      if [ -n "$MARIADB_DATABASE" ]; then
        echo "GRANT ALL ON $(ident "$MARIADB_DATABASE").* TO $(quote "$MARIADB_USER")@'%';"
      fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket=/run/mysqld/init.sock -uroot
  kill "$pid"; wait "$pid" || true
fi
exec mariadbd --user=mysql --bind-address=0.0.0.0 --socket=/run/mysqld/mysqld.sock
