#!/bin/sh
# A fresh cluster on first start (password auth over TCP, as the official image sets it up),
# then the server in the foreground with the command's flags: `postgres -c name=value ...`.
set -eu
case "${1-}" in
  postgres) shift ;;
  -* | '') ;;
  *) exec "$@" ;; # another program (psql, sh), as the official image allows
esac
user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
  pwfile=$(mktemp)
  printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C \
    --no-sync >/dev/null
  rm -f "$pwfile"
  echo 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
  if [ "$database" != postgres ]; then
    # Single-user mode runs as the bootstrap superuser, whatever POSTGRES_USER names it.
    echo "CREATE DATABASE \"$database\"" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
