#!/usr/bin/env bash
# Starts a scale-out cluster on this machine (docs/scale-out.md): one nats-server with JetStream (a data folder,
# loopback only), one PostgreSQL database and N cloud instances whose agent pipeline shares the work through
# JetStream. Prints the URLs and the API key; Ctrl-C stops everything. For trying scale-out and for the bench, not
# for production (production: docs/scale-out.md, "Production NATS").
#
# Settings (environment):
#   SM_INSTANCES (3)            cloud instances, on ports SM_CLOUD_PORT, SM_CLOUD_PORT+1, ...
#   SM_CLOUD_PORT (5090)        first cloud HTTP port
#   SM_NATS_PORT (4222)         nats-server client port; SM_NATS_MONITOR_PORT (8222) its HTTP monitoring port
#   SM_POSTGRES                 a PostgreSQL server connection string (Host=...;Port=...;Username=...); the cluster
#                               uses the database SM_DATABASE (smartmaintenance_cluster) on it, created when missing.
#                               Unset: a PostgreSQL cluster of its own in the state folder (initdb, port SM_PG_PORT
#                               55433), kept between runs.
#   SM_POOL_SIZE (computed)     Cloud:Storage:PostgresMaxPoolSize of every instance; unset: the largest (at most
#                               100) with SM_INSTANCES x (2 x size + 1) <= the server's max_connections - reserved - 10
#                               (docs/scale-out.md, "Connection budget")
#   SM_STATE_DIR (.run-cluster) logs, NATS store, the local PostgreSQL, the generated API key (git-ignored)
#   SM_NO_BUILD (unset)         1: do not build the cloud first
set -euo pipefail
cd "$(dirname "$0")/.."

instances="${SM_INSTANCES:-3}"
cloud_port="${SM_CLOUD_PORT:-5090}"
nats_port="${SM_NATS_PORT:-4222}"
nats_monitor_port="${SM_NATS_MONITOR_PORT:-8222}"
pg_port="${SM_PG_PORT:-55433}"
database="${SM_DATABASE:-smartmaintenance_cluster}"
state="$(mkdir -p "${SM_STATE_DIR:-.run-cluster}" && cd "${SM_STATE_DIR:-.run-cluster}" && pwd)"
nats_server="$(command -v nats-server || echo /usr/sbin/nats-server)"
pids=()
names=()
pg_ctl_bin=""
pg_user=""

[[ "$instances" =~ ^[1-9][0-9]?$ ]] || { echo "SM_INSTANCES must be a number from 1 to 99 (was '$instances')" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required" >&2; exit 2; }
[[ -x "$nats_server" ]] || { echo "nats-server is required: apt-get install nats-server" >&2; exit 2; }
command -v psql >/dev/null || { echo "psql is required: apt-get install postgresql-client" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is required: apt-get install curl" >&2; exit 2; }

ports=("$nats_port" "$nats_monitor_port")
for i in $(seq 0 $((instances - 1))); do ports+=("$((cloud_port + i))"); done
[[ -n "${SM_POSTGRES:-}" ]] || ports+=("$pg_port")
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use; stop what uses it or choose another (see the settings at the top of $0)" >&2
    exit 2
  fi
done

# initdb and pg_ctl refuse root: then the local server runs as the postgres system user (as test.sh does).
run_pg() {
  if [[ -n "$pg_user" ]]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}

stop() {
  trap - INT TERM EXIT
  echo
  echo "stopping..."
  # Reverse start order: the cloud instances (graceful on TERM: they release their partitions), then nats-server.
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  if [[ -n "$pg_ctl_bin" ]]; then
    run_pg "$pg_ctl_bin" -D "$state/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  fi
  echo "stopped (state kept in $state)."
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

start_local_postgres() {
  local bin
  bin="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$bin" && -x "$bin/initdb" ]] || { echo "PostgreSQL server binaries not found: apt-get install postgresql, or set SM_POSTGRES" >&2; exit 2; }
  if [[ "$(id -u)" == "0" ]]; then
    pg_user=postgres
    id "$pg_user" >/dev/null 2>&1 || { echo "running as root needs the 'postgres' system user (apt-get install postgresql)" >&2; exit 2; }
  fi
  mkdir -p "$state/pgdata" "$state/pgsock"
  [[ -n "$pg_user" ]] && chown "$pg_user" "$state/pgdata" "$state/pgsock" "$state"
  if [[ ! -f "$state/pgdata/PG_VERSION" ]]; then
    run_pg "$bin/initdb" -D "$state/pgdata" -U postgres --auth=trust -E UTF8 >"$state/initdb.log" 2>&1 \
      || { cat "$state/initdb.log" >&2; exit 1; }
  fi
  pg_ctl_bin="$bin/pg_ctl"
  run_pg "$pg_ctl_bin" -D "$state/pgdata" -l "$state/postgres.log" -w -t 60 \
    -o "-p $pg_port -k $state/pgsock -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
    || { cat "$state/postgres.log" >&2; exit 1; }
  SM_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres"
}

# A value of a connection string (Key=Value;...), for psql.
conn_get() {
  tr ';' '\n' <<<"$SM_POSTGRES" | sed -n "s/^[[:space:]]*$1[[:space:]]*=//Ip" | head -n 1
}

if [[ "${SM_NO_BUILD:-}" != "1" ]]; then
  echo "building the cloud (Release)..."
  dotnet build cloud/SmartMaintenance.Cloud/SmartMaintenance.Cloud.csproj -c Release -nologo -v q >"$state/build.log" 2>&1 \
    || { echo "build failed; see $state/build.log" >&2; exit 1; }
fi
cloud_dll="cloud/SmartMaintenance.Cloud/bin/Release/net10.0/SmartMaintenance.Cloud.dll"
[[ -f "$cloud_dll" ]] || { echo "$cloud_dll is not built (unset SM_NO_BUILD)" >&2; exit 1; }

[[ -n "${SM_POSTGRES:-}" ]] || start_local_postgres
pg_host="$(conn_get Host)"; pg_server_port="$(conn_get Port)"; pg_username="$(conn_get Username)"
export PGPASSWORD
PGPASSWORD="$(conn_get Password)"
psql_server() { psql -h "${pg_host:-127.0.0.1}" -p "${pg_server_port:-5432}" -U "${pg_username:-postgres}" -d postgres -v ON_ERROR_STOP=1 -Atq "$@"; }
if [[ "$(psql_server -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]]; then
  psql_server -c "CREATE DATABASE \"$database\"" || { echo "cannot create database $database" >&2; exit 1; }
fi
connection_string="${SM_POSTGRES%;};Database=$database"

# Connection budget: each instance opens up to 2 pools x PostgresMaxPoolSize + 1 (the acquisition lease); all of them
# together must stay below what the server allows ordinary roles, with 10 left for psql and other tools.
available="$(psql_server -c "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - coalesce(current_setting('reserved_connections', true)::int, 0)")"
if [[ -n "${SM_POOL_SIZE:-}" ]]; then
  [[ "$SM_POOL_SIZE" =~ ^[0-9]{1,4}$ ]] || { echo "SM_POOL_SIZE must be a number from 4 to 1000 (was '$SM_POOL_SIZE')" >&2; exit 2; }
  pool_size="$SM_POOL_SIZE"
else
  pool_size=$(( ((available - 10) / instances - 1) / 2 ))
  (( pool_size <= 100 )) || pool_size=100
fi
if (( pool_size < 4 || instances * (2 * pool_size + 1) > available )); then
  echo "PostgreSQL allows $available connections: too few for $instances instances of 2 x $pool_size + 1 (pool size at least 4); raise max_connections or lower SM_INSTANCES" >&2
  exit 2
fi

umask 077
if [[ ! -f "$state/api-key" ]]; then
  head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' >"$state/api-key"
fi
api_key="$(cat "$state/api-key")"
umask 022

wait_url() { # url name pid
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "$2 exited during start; see $state/$2.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$2 did not start within 2 minutes; see $state/$2.log" >&2
  exit 1
}

"$nats_server" -js -sd "$state/nats" -a 127.0.0.1 -p "$nats_port" -m "$nats_monitor_port" -n sm-local >"$state/nats.log" 2>&1 &
pids+=($!); names+=(nats-server)
wait_url "http://127.0.0.1:$nats_monitor_port/healthz?js-enabled-only=true" nats "${pids[-1]}"

start_cloud() { # number
  local port=$((cloud_port + $1 - 1))
  ConnectionStrings__Postgres="$connection_string" Cloud__ApiKeys__BootstrapKey="$api_key" \
    Cloud__Agents__Bus__Transport=JetStream Cloud__Agents__Bus__JetStream__Url="nats://127.0.0.1:$nats_port" \
    Cloud__Agents__Bus__JetStream__InstanceId="cloud-$1" Cloud__Storage__PostgresMaxPoolSize="$pool_size" \
    dotnet "$cloud_dll" --urls "http://127.0.0.1:$port" >"$state/cloud-$1.log" 2>&1 &
  pids+=($!); names+=("cloud-$1")
}

# The first instance migrates the database alone; the others start once it is ready.
start_cloud 1
wait_url "http://127.0.0.1:$cloud_port/health/ready" cloud-1 "${pids[-1]}"
for i in $(seq 2 "$instances"); do start_cloud "$i"; done
for i in $(seq 2 "$instances"); do
  wait_url "http://127.0.0.1:$((cloud_port + i - 1))/health/ready" "cloud-$i" "${pids[$i]}"
done

echo
echo "scale-out cluster running ($instances cloud instances, agent bus on JetStream):"
for i in $(seq 1 "$instances"); do
  echo "  cloud-$i    http://127.0.0.1:$((cloud_port + i - 1))   (health, partitions: /health/ready)"
done
echo "  NATS       nats://127.0.0.1:$nats_port   monitoring http://127.0.0.1:$nats_monitor_port/jsz?consumers=true"
echo "  database   $database on ${pg_host:-127.0.0.1}:${pg_server_port:-5432} (pools of $pool_size per instance: up to $((instances * (2 * pool_size + 1))) of $available connections)"
echo "  API key    $api_key   (header x-api-key; kept in $state/api-key)"
echo "  logs       $state/*.log"
echo "Ctrl-C stops everything."
# Watch the processes: report one that dies (a crash, or kill -9 to see a takeover) and keep the others running.
declare -A reported=()
while true; do
  for i in "${!pids[@]}"; do
    if [[ -z "${reported[$i]:-}" ]] && ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "$(date -u +%H:%M:%S) ${names[$i]} (pid ${pids[$i]}) exited; see $state/${names[$i]}.log"
      reported[$i]=1
    fi
  done
  sleep 1
done
