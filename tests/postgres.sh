#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: Debian's postgresql binaries, one cluster in /tmp/rubackup-test-pg
# listening on 127.0.0.1:54329 only, trust authentication on loopback and the cluster's own unix socket.
#   tests/postgres.sh start   starts it (idempotent) and prints the connection string for RUBACKUP_TEST_PG
#   tests/postgres.sh env     prints `export RUBACKUP_TEST_PG=...` (for eval)
#   tests/postgres.sh stop    stops it and removes the folder
# The folder is outside the repository on purpose: the postgres user may not traverse /root. initdb refuses
# to run as root, so as root every server command runs as the `postgres` user (runuser).
set -euo pipefail

folder=/tmp/rubackup-test-pg
data="$folder/data"
port=54329
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "postgres.sh: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {
  [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

init_cluster() {
  rm -rf "$folder"
  mkdir -p "$folder"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "postgres.sh: the postgres user is missing (apt-get install postgresql)" >&2; exit 1; }
    chown postgres: "$folder"
  fi
  chmod 700 "$folder"
  as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$folder/initdb.log" 2>&1 \
    || { echo "postgres.sh: initdb failed, see $folder/initdb.log" >&2; cat "$folder/initdb.log" >&2; exit 1; }
  # Loopback and the private socket only; fsync off because the cluster is thrown away after the tests.
  as_owner tee -a "$data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$folder'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  as_owner tee "$data/pg_hba.conf" >/dev/null <<EOF
local all all trust
host  all all 127.0.0.1/32 trust
EOF
}

start() {
  if running; then echo "$connection"; return 0; fi
  if [ ! -f "$data/PG_VERSION" ]; then init_cluster; fi
  if ! as_owner "$bin/pg_ctl" -D "$data" -l "$folder/server.log" -w -t 60 start >/dev/null 2>&1; then
    # A stale or damaged cluster from an earlier run: start over once.
    init_cluster
    as_owner "$bin/pg_ctl" -D "$data" -l "$folder/server.log" -w -t 60 start >/dev/null 2>&1 \
      || { echo "postgres.sh: the server did not start, see $folder/server.log" >&2; tail -20 "$folder/server.log" >&2 || true; exit 1; }
  fi
  echo "$connection"
}

stop() {
  if running; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 || true; fi
  rm -rf "$folder"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export RUBACKUP_TEST_PG=\"$connection\"" ;;
  *) echo "usage: tests/postgres.sh start|stop|env" >&2; exit 2 ;;
esac
