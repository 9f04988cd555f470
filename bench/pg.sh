#!/usr/bin/env bash
# Throwaway PostgreSQL for benchmarks and local runs, the same way test.sh makes its own: initdb + pg_ctl from
# /usr/lib/postgresql/*/bin in a temp folder, a free loopback port, fsync off unless SM_PG_DURABLE=1.
#
#   eval "$(bench/pg.sh start)"   # exports SM_PG_DIR and SM_TEST_POSTGRES (a server connection string)
#   bench/pg.sh stop              # stops it and removes the folder named by SM_PG_DIR
set -euo pipefail

run_pg() {
  if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [[ -n "$bin" && -x "$bin/initdb" ]] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 2; }
    dir="$(mktemp -d /tmp/sm-pg.XXXXXX)"; chmod 755 "$dir"
    mkdir -p "$dir/data" "$dir/sock"
    [[ "$(id -u)" == "0" ]] && chown postgres "$dir/data" "$dir/sock" "$dir"
    port=""
    for _ in $(seq 1 50); do
      p=$((20000 + RANDOM % 20000))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
    done
    [[ -n "$port" ]] || { echo "no free port" >&2; exit 2; }
    run_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 2; }
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [[ "${SM_PG_DURABLE:-0}" == "1" ]] && durability=""
    run_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 $durability -c max_connections=300 -c shared_buffers=512MB" \
      start >/dev/null || { cat "$dir/postgres.log" >&2; exit 2; }
    echo "export SM_PG_DIR='$dir'"
    echo "export SM_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
    ;;
  stop)
    [[ -n "${SM_PG_DIR:-}" && -d "$SM_PG_DIR/data" ]] || { echo "SM_PG_DIR does not name a cluster started by pg.sh" >&2; exit 2; }
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    run_pg "$bin/pg_ctl" -D "$SM_PG_DIR/data" -m fast stop >/dev/null || true
    rm -rf "$SM_PG_DIR"
    ;;
  *)
    echo "usage: bench/pg.sh start|stop" >&2; exit 2 ;;
esac
