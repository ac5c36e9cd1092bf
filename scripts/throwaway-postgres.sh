#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks.
#   throwaway-postgres.sh start DIR   prints one line on stdout: an Npgsql connection string
#   throwaway-postgres.sh stop DIR    stops the cluster and removes DIR
#   throwaway-postgres.sh restart DIR stops the cluster (fast: connections are cut) and starts it again on its port
# Everything except the connection string goes to stderr. Runs as root (initdb itself runs as
# the postgres user) or as the postgres user. fsync stays on: durability tests need it.
set -euo pipefail

log() { echo "throwaway-postgres: $*" >&2; }
die() { log "$*"; exit 1; }

usage() { die "usage: $0 start|stop DIR"; }

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2

find_bin() {
    local initdb
    initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n "$initdb" ]] && dirname "$initdb"
}

as_postgres() {
    if [[ $(id -un) == postgres ]]; then
        "$@"
    else
        # runuser needs no password and no tty; su is the fallback on systems without it.
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    fi
}

install_postgres() {
    [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root"
    log "installing PostgreSQL from the distribution's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y postgresql >&2
    # The package starts a default cluster on 5432; this script does not need it.
    if command -v pg_lsclusters >/dev/null 2>&1; then
        pg_lsclusters -h 2>/dev/null | while read -r version name _; do
            pg_ctlcluster "$version" "$name" stop >&2 2>&1 || true
        done
    fi
}

free_port() {
    python3 - <<'PY' 2>/dev/null && return 0
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
    # Without python3: try random high ports until one is not listening.
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

start() {
    local bin
    bin=$(find_bin || true)
    if [[ -z "$bin" ]]; then
        install_postgres
        bin=$(find_bin || true)
        [[ -n "$bin" ]] || die "initdb not found under /usr/lib/postgresql after installing"
    fi
    id postgres >/dev/null 2>&1 || die "the postgres user does not exist"

    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    local data="$dir/data" port

    # A cluster already running in DIR is reused (idempotent start).
    if [[ -f "$dir/port" && -f "$data/postmaster.pid" ]] && as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        port=$(cat "$dir/port")
        log "reusing the cluster running in $dir on port $port"
        echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=widgets"
        return 0
    fi

    chown postgres:postgres "$dir" 2>/dev/null || [[ $(id -un) == postgres ]] || die "cannot chown $dir to postgres"
    chmod 700 "$dir"
    if [[ ! -f "$data/PG_VERSION" ]]; then
        rm -rf "$data"
        log "initdb in $data"
        as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >&2 \
            || as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >&2
    fi

    port=$(free_port) || die "no free port found"
    echo "$port" > "$dir/port"
    run_server "$bin" "$port"

    if ! as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'widgets'" | grep -q 1; then
        as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres widgets >&2
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=widgets"
}

run_server() {
    local bin=$1 port=$2
    # Sockets go in DIR: /var/run/postgresql may not exist when the package's service never ran.
    local opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200 -c fsync=on -c synchronous_commit=on -c shared_buffers=128MB"
    log "starting on 127.0.0.1:$port"
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "$opts" -w -t 60 start >&2 \
        || { cat "$dir/postgres.log" >&2 || true; die "PostgreSQL did not start"; }
}

restart() {
    local bin
    bin=$(find_bin) || die "PostgreSQL is not installed"
    [[ -f "$dir/port" && -d "$dir/data" ]] || die "no cluster in $dir"
    dir=$(cd "$dir" && pwd)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || log "was not running"
    run_server "$bin" "$(cat "$dir/port")"
}

stop() {
    local bin
    bin=$(find_bin || true)
    if [[ -d "$dir/data" && -n "$bin" ]]; then
        as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || log "not running"
    fi
    rm -rf "$dir"
    log "removed $dir"
}

case "$cmd" in
    start) start ;;
    stop) stop ;;
    restart) restart ;;
    *) usage ;;
esac
