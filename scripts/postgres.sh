#!/usr/bin/env bash
# A private PostgreSQL 15 cluster on loopback for the test suite: never touches the system cluster.
#   scripts/postgres.sh start   -> prints the connection string
#   scripts/postgres.sh stop
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGPORT="${MESHPORT_PG_PORT:-5433}"
PGDIR="${MESHPORT_PG_DIR:-/tmp/meshport-pg-$PGPORT}"
log() { printf '[meshport] %s\n' "$*" >&2; }

find_bin() {
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
  done
}

# Run a command as the unprivileged postgres user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  BIN="$(find_bin || true)"
  if [ -z "$BIN" ]; then
    [ "$(id -u)" = 0 ] || { log "PostgreSQL 15 is not installed; run: sudo apt-get install -y postgresql-15"; exit 1; }
    log "installing PostgreSQL 15 from Debian"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >&2
    BIN="$(find_bin)"
  fi
  if as_pg "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
    echo "postgresql://postgres@127.0.0.1:$PGPORT"; return
  fi
  rm -rf "$PGDIR"; mkdir -p "$PGDIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$PGDIR"
  as_pg "$BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  as_pg "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  echo "postgresql://postgres@127.0.0.1:$PGPORT"
}

stop() {
  BIN="$(find_bin || true)"
  [ -n "$BIN" ] && [ -d "$PGDIR/data" ] && as_pg "$BIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
