#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for tests and benchmarks. Source it, then:
#   pg_throwaway_start <port>   starts a new cluster in a temp folder and sets PG_THROWAWAY_URL
#                               (an Npgsql connection string for the superuser, trust auth on 127.0.0.1)
#   pg_throwaway_stop           stops it and deletes its folder
# Needs Debian's postgresql package (the callers install it). As root the server runs as user postgres,
# which PostgreSQL insists on.

pg_throwaway_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] || { echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin)" >&2; return 1; }
  echo "$dir"
}

pg_throwaway_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_throwaway_start() {
  local port=$1 bin
  bin=$(pg_throwaway_bin) || return 1
  PG_THROWAWAY_DIR=$(mktemp -d /tmp/pac-postgres.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_THROWAWAY_DIR"
  pg_throwaway_as_owner "$bin/initdb" -D "$PG_THROWAWAY_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$PG_THROWAWAY_DIR/initdb.log" 2>&1 \
    || { cat "$PG_THROWAWAY_DIR/initdb.log" >&2; return 1; }
  # Loopback only, socket in the temp folder; fsync off: the data is thrown away with the folder.
  pg_throwaway_as_owner "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_THROWAWAY_DIR -c fsync=off -c max_connections=300" start >/dev/null \
    || { cat "$PG_THROWAWAY_DIR/server.log" >&2; return 1; }
  PG_THROWAWAY_URL="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  export PG_THROWAWAY_URL PG_THROWAWAY_DIR
}

pg_throwaway_stop() {
  [ -n "${PG_THROWAWAY_DIR:-}" ] && [ -d "$PG_THROWAWAY_DIR" ] || return 0
  local bin
  bin=$(pg_throwaway_bin) && pg_throwaway_as_owner "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_THROWAWAY_DIR"
  unset PG_THROWAWAY_DIR PG_THROWAWAY_URL
}
