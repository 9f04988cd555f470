#!/usr/bin/env bash
# Builds and starts the whole system on embedded defaults: the cloud (SQLite), the edge broker and a virtual
# fleet of 5 devices. Prints the URLs and the demo credentials; Ctrl-C stops everything.
#
# Settings (environment): SM_CLOUD_PORT (5080), SM_BROKER_HTTP_PORT (5081), SM_MQTT_PORT (1883),
# SM_DEVICES (5), SM_INTERVAL_MS (1000), SM_STATE_DIR (.run). Secrets are generated on first start and kept in
# the state folder (git-ignored), never in the repository.
set -euo pipefail
cd "$(dirname "$0")"

cloud_port="${SM_CLOUD_PORT:-5080}"
broker_http_port="${SM_BROKER_HTTP_PORT:-5081}"
mqtt_port="${SM_MQTT_PORT:-1883}"
devices="${SM_DEVICES:-5}"
interval="${SM_INTERVAL_MS:-1000}"
state="$(mkdir -p "${SM_STATE_DIR:-.run}" && cd "${SM_STATE_DIR:-.run}" && pwd)"
site="plant-1"
pids=()

command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required" >&2; exit 2; }
# The build installs the dashboard's chart library with npm; the cloud trains its first model with LightGbm
# (native, needs libgomp1); this script talks to the cloud with curl.
# shellcheck source=.ci/prerequisites.sh
source .ci/prerequisites.sh
require_packages nodejs npm libgomp1 curl
for port in "$cloud_port" "$broker_http_port" "$mqtt_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use; stop what uses it or choose another (see the settings at the top of run.sh)" >&2
    exit 2
  fi
done

stop() {
  trap - INT TERM EXIT
  echo
  echo "stopping..."
  # Reverse start order: the fleet first, then the broker (drains to the cloud), then the cloud.
  # SIGTERM, not SIGINT: background jobs of a script ignore SIGINT. The hosts shut down gracefully on TERM.
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  echo "stopped."
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

# The first build takes several minutes (NuGet and npm restore, then every project): show its own progress (one
# line per project) rather than silence, and keep the full output in build.log.
echo "building (Release; the first build takes about 4-8 minutes, later ones about a minute)..."
if ! dotnet build SmartMaintenance.sln -c Release -nologo -v minimal -clp:NoSummary 2>&1 | tee "$state/build.log" \
  | { grep --line-buffered -E ' -> |error|warning' || true; }; then
  echo "build failed; see $state/build.log" >&2
  exit 1
fi
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }
cloud_dll="$(bin cloud/SmartMaintenance.Cloud SmartMaintenance.Cloud)"
broker_dll="$(bin edge-broker/SmartMaintenance.EdgeBroker SmartMaintenance.EdgeBroker)"
fleet_dll="$(bin firmware/SmartMaintenance.VirtualDevice SmartMaintenance.VirtualDevice)"

# Demo secrets: created once, kept in the state folder with owner-only permissions.
umask 077
if [[ ! -f "$state/api-key" ]]; then
  head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' >"$state/api-key"
fi
api_key="$(cat "$state/api-key")"
# First dashboard admin: user "admin" with a password generated once into the state folder (never in the repo).
if [[ ! -f "$state/dashboard-admin-password" ]]; then
  head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' >"$state/dashboard-admin-password"
fi
dashboard_password="$(cat "$state/dashboard-admin-password")"
umask 022

wait_healthy() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "$2 did not start; see $state/$2.log" >&2
  exit 1
}

Cloud__ApiKeys__BootstrapKey="$api_key" Cloud__Storage__SqlitePath="$state/cloud.db" \
  Cloud__Dashboard__Users__admin__Role=admin Cloud__Dashboard__Users__admin__Password="$dashboard_password" \
  dotnet "$cloud_dll" --urls "http://127.0.0.1:$cloud_port" >"$state/cloud.log" 2>&1 &
pids+=($!)
wait_healthy "$cloud_port" cloud

# Demo devices are provisioned in the cloud's device registry (as a technician would from the Devices page), so
# they show in the API and the dashboard; the broker keeps its local copy in sync (hashes only). The secrets,
# shown once by the cloud, go to the fleet's credentials file.
if [[ ! -f "$state/fleet.json" ]]; then
  echo "provisioning $devices demo devices in the cloud..."
  sensors='[{"sensor_id":"air-temp","sensor_type":"temperature","unit":"K"},{"sensor_id":"process-temp","sensor_type":"temperature","unit":"K"},{"sensor_id":"speed","sensor_type":"rotational_speed","unit":"rpm"},{"sensor_id":"torque","sensor_type":"torque","unit":"Nm"},{"sensor_id":"motor-current","sensor_type":"current","unit":"A"},{"sensor_id":"vibration","sensor_type":"vibration","unit":"mm/s"},{"sensor_id":"tool-wear","sensor_type":"tool_wear","unit":"min"}]'
  entries=()
  for i in $(seq 1 "$devices"); do
    answer="$(curl -sS -X POST "http://127.0.0.1:$cloud_port/api/v1/devices" -H "x-api-key: $api_key" -H 'Content-Type: application/json' \
      -d "{\"device_id\":\"dev-$i\",\"site\":\"$site\",\"display_name\":\"Demo machine $i\",\"sensors\":$sensors}")"
    secret="$(sed -n 's/.*"secret":"\([^"]*\)".*/\1/p' <<<"$answer")"
    [[ -n "$secret" ]] || { echo "provisioning dev-$i failed: $answer (to start over with fresh demo state: rm -rf $state)" >&2; exit 1; }
    entries+=("{\"device_id\":\"dev-$i\",\"secret\":\"$secret\"}")
  done
  (umask 077; IFS=,; echo "[${entries[*]}]" >"$state/fleet.json")
fi

Broker__Cloud__ApiKey="$api_key" Broker__Cloud__BaseUrl="http://127.0.0.1:$cloud_port" \
  Broker__Devices__File="$state/devices.json" Broker__Mqtt__Port="$mqtt_port" \
  Broker__Outbox__Directory="$state/outbox" Broker__DeadLetters__Directory="$state/deadletters" \
  dotnet "$broker_dll" --urls "http://127.0.0.1:$broker_http_port" >"$state/broker.log" 2>&1 &
pids+=($!)
wait_healthy "$mqtt_port" broker
# The broker syncs its device file from the cloud right after start; the fleet connects once it holds the devices.
for _ in $(seq 1 100); do
  grep -q "\"dev-$devices\"" "$state/devices.json" 2>/dev/null && break
  sleep 0.2
done
grep -q "\"dev-$devices\"" "$state/devices.json" 2>/dev/null || { echo "the broker did not sync the devices from the cloud; see $state/broker.log" >&2; exit 1; }

dotnet "$fleet_dll" --broker "127.0.0.1:$mqtt_port" --site "$site" --credentials "$state/fleet.json" \
  --interval "$interval" --state-dir "$state/device-state" >"$state/fleet.log" 2>&1 &
pids+=($!)

# A turbofan of the demo plant (issue 17): C-MAPSS test engine 31's flight cycles through the CSV ingest API; the
# prediction agent estimates its remaining useful life (device page turbofan-31, GET /api/v1/rul/machines/turbofan-31).
# On a first start the cloud trains the RUL model after the failure baseline (a few minutes): the replay waits for it
# in the background, or its cycles would arrive before there is a model to estimate with. It gives up with the cloud.
cloud_pid="${pids[0]}"
replay_dll="$(bin cloud/SmartMaintenance.Cloud.Ml.Cli SmartMaintenance.Cloud.Ml.Cli)"
(
  for _ in $(seq 1 900); do
    kill -0 "$cloud_pid" 2>/dev/null || exit 0
    curl -fsS -H "x-api-key: $api_key" "http://127.0.0.1:$cloud_port/api/v1/ml/models" 2>/dev/null | grep -q '"cmapss-rul"' && break
    sleep 1
  done
  dotnet "$replay_dll" replay-cmapss --cloud "http://127.0.0.1:$cloud_port" \
    --api-key "$api_key" --engine 31 --site "$site" >"$state/turbofan.log" 2>&1 || echo "the turbofan replay failed; see $state/turbofan.log" >&2
) &

cat <<INFO

SmartMaintenance is running (embedded SQLite at $state/cloud.db):
  dashboard       http://127.0.0.1:$cloud_port/ui     (English / Português do Brasil)
  cloud API       http://127.0.0.1:$cloud_port        (health: /health)
  edge broker     mqtt://127.0.0.1:$mqtt_port          (health: http://127.0.0.1:$broker_http_port/health, metrics: /metrics)
  virtual fleet   $devices devices, site $site, 7 sensors each sampled every ${interval} ms

Demo credentials (generated on first start, kept in $state):
  development key $api_key  (bootstrap key, every scope)
  more API keys   Cloud__Storage__SqlitePath=$state/cloud.db dotnet $cloud_dll apikey create --name NAME --scopes read
  dashboard       user admin, password $dashboard_password  ($state/dashboard-admin-password)
  devices         $state/fleet.json  (device id = MQTT username = client id)

Start here: open the dashboard, sign in, and begin on the Overview (fleet, alerts, what is scheduled); Devices leads
to each machine's page with its trends; Maintenance shows the orders and the technicians' week.

Try (the newest readings: those of the last 10 seconds):
  curl -s -H 'x-api-key: $api_key' "http://127.0.0.1:$cloud_port/api/v1/sensors/readings?limit=5&from=\$(date -u -d '-10 seconds' +%Y-%m-%dT%H:%M:%SZ)"

Logs: $state/{cloud,broker,fleet}.log.  Ctrl-C stops everything.
INFO

wait -n "${pids[@]}" || true
echo "a component stopped unexpectedly; see the logs in $state" >&2
exit 1
