#!/usr/bin/env bash
# The deployment round trip, as CI runs it (no systemd): install into a temporary prefix against the throwaway
# PostgreSQL (a fresh database and role), start the services from the exact ExecStart and environment of the
# rendered unit files (deploy/ci/run-unit.sh), smoke test, back up, wipe the database and the state folders,
# restore and check that readings, decisions, models and device registrations are back; then upgrade to a second
# build (previous kept), upgrade to a broken build (smoke fails -> automatic rollback) and roll back explicitly.
# Everything it started or created is removed on exit, also on failure. Last line: "round trip passed".
#
# Environment: SM_TEST_POSTGRES (Npgsql form: Host=..;Port=..;Username=..[;Password=..]), SM_CI_RELEASE (a release
# folder to reuse; else one is published into SM_CI_RELEASE_CACHE or a temp folder: framework-dependent, from the
# build already made in SM_CI_CONFIGURATION (Release), unless SM_CI_SELF_CONTAINED=1), SM_CI_CLOUD_PORT, SM_CI_MQTT_PORT,
# SM_CI_BROKER_HTTP_PORT (free ports; picked here when unset), SM_CI_KEEP=1 keeps the prefix for a look.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

: "${SM_TEST_POSTGRES:?SM_TEST_POSTGRES must name the throwaway PostgreSQL server (see ./test.sh)}"
for tool in psql pg_dump pg_restore curl mosquitto_pub python3; do command -v "$tool" >/dev/null || sm_die "$tool is required"; done

conn_value() { tr ';' '\n' <<<"$SM_TEST_POSTGRES" | sed -n "s/^[[:space:]]*$1[[:space:]]*=//Ip" | head -n 1; }
pg_host="$(conn_value Host)"; pg_port="$(conn_value Port)"; pg_user="$(conn_value Username)"; pg_password="$(conn_value Password)"
: "${pg_host:=127.0.0.1}" "${pg_port:=5432}" "${pg_user:=postgres}"
[[ -n "$pg_password" ]] && export PGPASSWORD="$pg_password"
pg_admin="host=$pg_host port=$pg_port user=$pg_user dbname=postgres"

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
cloud_port="${SM_CI_CLOUD_PORT:-$(free_port)}"
mqtt_port="${SM_CI_MQTT_PORT:-$(free_port)}"
broker_http_port="${SM_CI_BROKER_HTTP_PORT:-$(free_port)}"
suffix="$(date +%s)_$RANDOM"
db_name="sm_roundtrip_$suffix" db_user="sm_roundtrip_$suffix"
prefix="$(mktemp -d /tmp/sm-roundtrip.XXXXXX)"
work="$prefix/ci"
mkdir -p "$work"
export SM_SERVICE_CONTROL="$here/ci/run-unit.sh --prefix $prefix"
export SM_READY_TIMEOUT="${SM_READY_TIMEOUT:-120}"
started_at=$SECONDS

cleanup() {
  local status=$?
  set +e
  for unit in sm-edge-broker sm-cloud; do $SM_SERVICE_CONTROL stop "$unit" >/dev/null 2>&1; done
  if ((status != 0)); then
    echo "--- round trip failed; last lines of the service logs:"
    tail -n 40 "$prefix/run/smartmaintenance/"*.log 2>/dev/null
  fi
  psql "$pg_admin" -qAt -c "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" >/dev/null 2>&1
  psql "$pg_admin" -qAt -c "DROP ROLE IF EXISTS $db_user" >/dev/null 2>&1
  if [[ "${SM_CI_KEEP:-0}" == 1 ]]; then echo "kept $prefix"; else rm -rf "$prefix"; fi
  exit "$status"
}
trap cleanup EXIT

step() { sm_log "== $*"; }
fail() { echo "round trip FAILED: $*" >&2; exit 1; }

# The release (published once; reused when SM_CI_RELEASE names one).
release="${SM_CI_RELEASE:-}"
if [[ -z "$release" || ! -f "$release/RELEASE" ]]; then
  release="${SM_CI_RELEASE_CACHE:-$work/release-a}"
  step "publishing a release into $release"
  if [[ "${SM_CI_SELF_CONTAINED:-0}" == 1 ]]; then
    "$here/build-release.sh" --output "$release" --id "ci-a"
  else
    "$here/build-release.sh" --output "$release" --id "ci-a" --framework-dependent --no-build --configuration "${SM_CI_CONFIGURATION:-Release}"
  fi
fi

a_id="$(sm_release_id "$release")"
step "install into $prefix (database $db_name, cloud :$cloud_port, MQTT :$mqtt_port)"
"$release/deploy/install.sh" --prefix "$prefix" --release "$release" --db-host "$pg_host" --db-port "$pg_port" \
  --db-name "$db_name" --db-user "$db_user" --pg-admin "$pg_admin" --cloud-bind 127.0.0.1 --cloud-port "$cloud_port" \
  --mqtt-bind 127.0.0.1 --mqtt-port "$mqtt_port" --broker-http-port "$broker_http_port"
step "install again (idempotent: nothing changes)"
sum_before="$(cat "$prefix/etc/smartmaintenance/"*.env | sha256sum)"
"$release/deploy/install.sh" --prefix "$prefix" --release "$release" --pg-admin "$pg_admin" --no-start >/dev/null
[[ "$(cat "$prefix/etc/smartmaintenance/"*.env | sha256sum)" == "$sum_before" ]] || fail "a second install changed the settings"

sm_paths "$prefix"
cloud="$(sm_cloud_url)"
key="$(cat "$SM_ETC/secrets/admin-api-key")"
api() { curl -fsS --max-time 20 -H "x-api-key: $key" "$@"; }
json_count() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d if isinstance(d, list) else d[sys.argv[1]]))' "$@"; }

step "smoke test"
"$SM_CURRENT/deploy/smoke.sh" --prefix "$prefix" --timeout 60

step "data to find again after the restore"
for i in 1 2 3; do
  api -X POST "$cloud/api/v1/data/ingest" -H 'Content-Type: application/json' \
    -d "{\"sensor_id\":\"roundtrip-temp\",\"value\":2$i.5,\"sensor_type\":\"temperature\",\"unit\":\"celsius\"}" >/dev/null
done
api -X POST "$cloud/api/v1/decisions/submit" -H 'Content-Type: application/json' \
  -d '{"request_id":"REQ_ROUNDTRIP","operator":"ops","decision":"approve","justification":"before the backup"}' >/dev/null
# The model registry holds the baseline the cloud trains on first start: wait for it, so it is in the backup.
sm_wait_url "$cloud/health/ml" 240 || fail "the baseline model was not trained"
# The remaining-useful-life model is trained on first start too, after the baseline: wait for it as well, or on a
# loaded machine it lands between the snapshot and the backup and the restored registry differs from the snapshot.
models_named() { api "$cloud/api/v1/ml/models" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len({v.get("name", v.get("Name")) for v in d["versions"]}))'; }
for ((i = 0; i < 240; i++)); do
  [[ "$(models_named)" -ge 2 ]] && break
  sleep 1
done
[[ "$(models_named)" -ge 2 ]] || fail "the remaining-useful-life model was not trained within 240 s"
snapshot() {
  echo "readings=$(api "$cloud/api/v1/sensors/readings?limit=1&include_total=true" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
  echo "roundtrip_readings=$(api "$cloud/api/v1/sensors/readings?sensor_id=roundtrip-temp&limit=10" | json_count items)"
  echo "request_decisions=$(api "$cloud/api/v1/decisions/requests?request_id=REQ_ROUNDTRIP" | json_count)"
  echo "model_versions=$(api "$cloud/api/v1/ml/models" | json_count versions)"
  echo "devices=$(api "$cloud/api/v1/devices" | python3 -c 'import json,sys; print(",".join(sorted(d["device_id"] for d in json.load(sys.stdin))))')"
  echo "broker_devices=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(",".join(sorted((x["device_id"] if isinstance(x, dict) else x) for x in (d if isinstance(d, list) else d.get("devices", d)))))' "$SM_STATE/broker/devices.json")"
}
before="$(snapshot)"
echo "$before"
grep -q '^roundtrip_readings=3$' <<<"$before" || fail "the three readings were not stored"
grep -q '^request_decisions=1$' <<<"$before" || fail "the decision was not stored"
grep -q 'smoke-probe' <<<"$(grep '^devices=' <<<"$before")" || fail "the smoke device is not registered"
grep -q 'smoke-probe' <<<"$(grep '^broker_devices=' <<<"$before")" || fail "the broker does not hold the smoke device"

step "backup"
backup="$("$SM_CURRENT/deploy/backup.sh" --prefix "$prefix" | tail -n 1)"
[[ -s "$backup/database.dump" && -s "$backup/broker-state.tar.gz" && -s "$backup/cloud-state.tar.gz" ]] || fail "incomplete backup in $backup"

step "wipe: services stopped, database dropped, state folders removed"
$SM_SERVICE_CONTROL stop sm-edge-broker
$SM_SERVICE_CONTROL stop sm-cloud
psql "$pg_admin" -qAt -c "DROP DATABASE $db_name WITH (FORCE)"
rm -rf "${SM_STATE:?}/cloud" "${SM_STATE:?}/broker"
mkdir -p "$SM_STATE/cloud" "$SM_STATE/broker"

step "restore"
"$SM_CURRENT/deploy/restore.sh" --prefix "$prefix" --from "$backup"
sm_wait_url "$cloud/health/ml" 60 || fail "the restored model registry does not serve"
after="$(snapshot)"
echo "$after"
[[ "$after" == "$before" ]] || fail "after the restore: $after; before: $before"
"$SM_CURRENT/deploy/smoke.sh" --prefix "$prefix" --timeout 60

step "upgrade to a second build (ci-b)"
release_b="$work/release-b"
cp -a "$release" "$release_b"
echo "ci-b" >"$release_b/RELEASE"
"$release_b/deploy/upgrade.sh" --prefix "$prefix" --release "$release_b"
[[ "$(sm_current_id)" == ci-b && "$(sm_previous_id)" == "$a_id" ]] || fail "after the upgrade: current $(sm_current_id), previous $(sm_previous_id)"

step "upgrade to a broken build (ci-c: the cloud refuses its settings) -> not ready -> rolled back"
release_c="$work/release-c"
cp -a "$release" "$release_c"
echo "ci-c" >"$release_c/RELEASE"
python3 - "$release_c/cloud/appsettings.json" <<'PY'
import json, sys
path = sys.argv[1]
settings = json.load(open(path))
settings.setdefault("Cloud", {}).setdefault("Ml", {})["ArtifactStore"] = "broken-on-purpose"
json.dump(settings, open(path, "w"))
PY
if "$release_c/deploy/upgrade.sh" --prefix "$prefix" --release "$release_c" --no-backup; then
  fail "the broken build was accepted"
fi
[[ "$(sm_current_id)" == ci-b && "$(sm_previous_id)" == "$a_id" ]] || fail "after the failed upgrade: current $(sm_current_id), previous $(sm_previous_id)"

step "explicit rollback to the previous release ($a_id)"
"$SM_CURRENT/deploy/rollback.sh" --prefix "$prefix"
[[ "$(sm_current_id)" == "$a_id" ]] || fail "after the rollback: current $(sm_current_id)"
final="$(snapshot)"
grep -q '^roundtrip_readings=3$' <<<"$final" || fail "readings lost over upgrade and rollback: $final"
grep -q '^request_decisions=1$' <<<"$final" || fail "decision lost over upgrade and rollback: $final"

echo "round trip passed in $((SECONDS - started_at)) s"
