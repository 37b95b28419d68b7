#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS server for the PostgreSQL store's tests.
#
#   eval "$(bash .ci/postgres.sh start)"   # installs if needed, starts, prints `export EVENTWIRE_TEST_PG=...`
#   bash .ci/postgres.sh stop              # stops the server and removes its folder
#
# The cluster lives in a temporary folder owned by the `postgres` user (PostgreSQL refuses to run
# as root), listens on a Unix socket in that folder only (no TCP port, so nothing can clash or be
# reached from outside), trusts local connections, and holds one database with PostGIS in it.
# Its folder is remembered in /tmp/eventwire-pg.dir so that `stop` finds it.
set -euo pipefail

STATE_FILE=/tmp/eventwire-pg.dir
PG_VERSION=${PG_VERSION:-15}
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
DB_NAME=eventwire_test
RUN_AS=postgres

as_server_user() {
    # Root runs the server's commands as the postgres user; anyone else runs them as themselves.
    if [ "$(id -u)" = 0 ]; then runuser -u "$RUN_AS" -- "$@"; else "$@"; fi
}

install_packages() {
    # PostGIS's extension files are what is usually missing; the server itself may already be there.
    if [ -x "$PG_BIN/initdb" ] && [ -f "/usr/share/postgresql/$PG_VERSION/extension/postgis.control" ]; then
        return
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "postgresql-$PG_VERSION" "postgresql-$PG_VERSION-postgis-3" >&2
}

start() {
    install_packages
    if [ -f "$STATE_FILE" ] && [ -S "$(cat "$STATE_FILE")/.s.PGSQL.5432" ]; then
        print_url "$(cat "$STATE_FILE")"  # already running: say where
        return
    fi
    local dir
    dir=$(mktemp -d /tmp/eventwire-pg.XXXXXX)
    chmod 755 "$dir"
    if [ "$(id -u)" = 0 ]; then chown "$RUN_AS" "$dir"; fi
    as_server_user "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 >&2
    # Unix socket only, in the cluster's own folder; fsync off: this data is thrown away.
    as_server_user "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
        "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c full_page_writes=off" \
        start >&2
    echo "$dir" >"$STATE_FILE"
    as_server_user "$PG_BIN/createdb" -h "$dir" -U postgres "$DB_NAME"
    as_server_user "$PG_BIN/psql" -h "$dir" -U postgres -d "$DB_NAME" -q -c "CREATE EXTENSION postgis" >&2
    print_url "$dir"
}

print_url() {
    # libpq reads a socket folder from `host=` in the query string.
    echo "export EVENTWIRE_TEST_PG='postgresql://postgres@/$DB_NAME?host=$1'"
}

stop() {
    [ -f "$STATE_FILE" ] || return 0
    local dir
    dir=$(cat "$STATE_FILE")
    if [ -d "$dir/data" ]; then
        as_server_user "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    fi
    case "$dir" in /tmp/eventwire-pg.*) rm -rf "$dir" ;; esac  # only ever a folder this script made
    rm -f "$STATE_FILE"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
