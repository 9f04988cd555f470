#!/usr/bin/env bash
# Runs every test of SmartMaintenance and ends with one summary line: "N passed, N failed, N skipped".
#
# PostgreSQL: when SM_TEST_POSTGRES is not set, a throwaway cluster is created in a temp folder
# (initdb + pg_ctl from /usr/lib/postgresql/*/bin, a free port, fsync off) and removed afterwards.
# Extra arguments go to `dotnet test` (e.g. ./test.sh --filter FullyQualifiedName~Golden).
set -euo pipefail
cd "$(dirname "$0")"

configuration="${CONFIGURATION:-Release}"
work="$(mktemp -d /tmp/sm-test.XXXXXX)"
chmod 755 "$work"
# Whatever the build, the tests and the tools they start (node, Chromium, nats-server, PostgreSQL) put in the temp
# folder lands under $work and goes with it: `dotnet build` and `dotnet test` themselves leave two empty /tmp/XXXXXX
# folders per run (.NET SDK 10.0.401, seen with strace; dotnet/sdk#35353), and a killed test host cannot delete its own.
mkdir -m 1777 "$work/tmp"
export TMPDIR="$work/tmp"
pg_ctl_bin=""
pg_data=""
pg_user=""

cleanup() {
  if [[ -n "$pg_ctl_bin" ]]; then
    run_pg "$pg_ctl_bin" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# initdb refuses to run as root: then the server runs as the postgres system user.
run_pg() {
  if [[ -n "$pg_user" ]]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

start_postgres() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
    echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin." >&2
    echo "Install them with: sudo apt-get install postgresql   (or set SM_TEST_POSTGRES to a server)" >&2
    exit 2
  fi
  if [[ "$(id -u)" == "0" ]]; then
    pg_user=postgres
    id "$pg_user" >/dev/null 2>&1 || { echo "running as root needs the 'postgres' system user (apt-get install postgresql)" >&2; exit 2; }
  fi
  pg_data="$work/pgdata"
  mkdir -p "$pg_data" "$work/pgsock" "$work/pglog"
  [[ -n "$pg_user" ]] && chown "$pg_user" "$pg_data" "$work/pgsock" "$work/pglog"
  local port; port="$(free_port)"
  run_pg "$bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --no-sync >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; exit 2; }
  pg_ctl_bin="$bin/pg_ctl"
  run_pg "$pg_ctl_bin" -D "$pg_data" -l "$work/pglog/postgres.log" -w -t 60 \
    -o "-p $port -k $work/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$work/pglog/postgres.log" >&2; exit 2; }
  export SM_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "test.sh: throwaway PostgreSQL on 127.0.0.1:$port"
}

# What the tests need from Debian: the PostgreSQL server binaries, mosquitto and its clients (interop and
# benchmark reference), Chromium (dashboard browser tests), libgomp1 (LightGbm's native library), openssl (test
# certificates), Node.js/npm (the dashboard's chart library and the S3-compatible test server), shellcheck and curl
# (the deployment scripts of deploy/ and their round trip), afl++ (the fuzz smoke test, tests/fuzz), nats-server (the
# scale-out tests: several cloud instances on JetStream).
# shellcheck source=.ci/prerequisites.sh
source .ci/prerequisites.sh
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required" >&2; exit 2; }
require_packages postgresql mosquitto mosquitto-clients chromium libgomp1 openssl nodejs npm shellcheck curl nats-server afl++
[[ -n "${SM_TEST_POSTGRES:-}" ]] || start_postgres

if ! dotnet build SmartMaintenance.sln -c "$configuration" -nologo -v q; then
  echo "the build failed: no test ran"
  echo "0 passed, 0 failed, 0 skipped"
  exit 1
fi
set +e
dotnet test SmartMaintenance.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --results-directory "$work/results" "$@"
status=$?
set -e

# One summary line over all test projects, from the TRX counters each project wrote.
passed=0; failed=0; skipped=0; files=0
for trx in "$work"/results/*.trx; do
  [[ -f "$trx" ]] || continue
  files=$((files + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
if [[ $files -eq 0 ]]; then
  echo "no test results were written" >&2
  status=1
fi
# Keep the artifacts: TRX results next to the dashboard's screenshots (both git-ignored).
mkdir -p TestResults/trx
cp "$work"/results/*.trx TestResults/trx/ 2>/dev/null || true
shots=tests/SmartMaintenance.Dashboard.Tests/TestResults/dashboard-screenshots
[[ -d "$shots" ]] && echo "test.sh: TRX results in TestResults/trx, dashboard screenshots in $shots"
echo "$passed passed, $failed failed, $skipped skipped"
if [[ $status -ne 0 || $failed -ne 0 ]]; then exit 1; fi
