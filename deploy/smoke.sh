#!/usr/bin/env bash
# End-to-end check of an installed system: health of the cloud and its components, a device publishing through
# the edge broker (mosquitto_pub) to a reading stored in the cloud, and a dashboard sign-in. Exit 0 when all pass.
# The smoke device (smoke-probe, site smoke) is provisioned in the cloud on first use and kept; its secret lives in
# etc/smartmaintenance/secrets/smoke-device.
# Usage: deploy/smoke.sh [--prefix /] [--timeout 60]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

prefix="/" timeout=60
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    *) sm_die "unknown option $1" ;;
  esac
done
sm_paths "$prefix"
for tool in curl mosquitto_pub; do command -v "$tool" >/dev/null || sm_die "$tool is required (apt-get install curl mosquitto-clients)"; done

cloud="$(sm_cloud_url)"
broker_http="$(sm_broker_url)"
admin_key="$(cat "$SM_ETC/secrets/admin-api-key")"
mqtt_port="$(sm_env_get "$SM_ETC/broker.env" Broker__Mqtt__Port)"
mqtt_host="$(sm_env_get "$SM_ETC/broker.env" Broker__Mqtt__BindAddress)"
[[ "$mqtt_host" == 0.0.0.0 || "$mqtt_host" == "::" ]] && mqtt_host=127.0.0.1
device=smoke-probe site=smoke
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
check() { # name, then the command; prints ok/FAIL and counts failures
  local name="$1"
  shift
  if "$@" >"$work/out" 2>&1; then
    echo "ok    $name"
    last_ok=true
  else
    echo "FAIL  $name: $(head -c 600 "$work/out")"
    failures=$((failures + 1))
    last_ok=false
  fi
}
last_ok=true
get_200() { curl -fsS --max-time 10 "$@"; }
api() { curl -fsS --max-time 10 -H "x-api-key: $admin_key" "$@"; }

# 1. Health.
check "cloud live (/health)" get_200 "$cloud/health"
check "cloud ready (/health/ready: database migrated, models)" get_200 "$cloud/health/ready"
check "database (/health/db)" get_200 "$cloud/health/db"
check "edge broker ready (/health/ready)" sm_wait_url "$broker_http/health/ready" "$timeout"
broker_ready=$last_ok

# 2. A device through the broker to a stored reading.
provision() {
  if [[ ! -s "$SM_ETC/secrets/smoke-device" ]]; then
    local answer secret
    answer="$(api -X POST "$cloud/api/v1/devices" -H 'Content-Type: application/json' \
      -d "{\"device_id\":\"$device\",\"site\":\"$site\",\"display_name\":\"Smoke test probe\",\"sensors\":[{\"sensor_id\":\"smoke-temp\",\"sensor_type\":\"temperature\",\"unit\":\"K\"}]}")"
    secret="$(sed -n 's/.*"secret":"\([^"]*\)".*/\1/p' <<<"$answer")"
    [[ -n "$secret" ]] || { echo "no secret in $answer"; return 1; }
    (umask 077; printf '%s' "$secret" >"$SM_ETC/secrets/smoke-device")
  fi
}
check "smoke device provisioned in the cloud" provision
# The broker learns the device at its next registry sync (Broker:Cloud:SyncInterval); publish until one is stored.
now_ms="$(date +%s%3N)"
sequence="$now_ms"
# The last digit is never 0: the stored value is printed without trailing zeros (300.050 -> 300.05), which the
# search below would miss.
value="$(printf '300.%03d1' $((now_ms % 1000)))"
publish_and_find() {
  local deadline=$((SECONDS + timeout)) payload
  while ((SECONDS < deadline)); do
    sequence=$((sequence + 1))
    payload="{\"v\":1,\"dev\":\"$device\",\"seq\":$sequence,\"ts\":$(date +%s%3N),\"cv\":1,\"up\":1000,\"sid\":\"smoke-temp\",\"st\":\"temperature\",\"u\":\"K\",\"k\":\"r\",\"val\":$value}"
    mosquitto_pub -h "$mqtt_host" -p "$mqtt_port" -V mqttv311 -q 1 -i "$device" -u "$device" -P "$(cat "$SM_ETC/secrets/smoke-device")" \
      -t "sm/v1/$site/$device/telemetry" -m "$payload" >/dev/null 2>&1 || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      if api "$cloud/api/v1/sensors/readings?sensor_id=smoke-temp&limit=5" | grep -q "\"value\":$value"; then
        return 0
      fi
      sleep 0.3
    done
  done
  echo "no reading $value of $device stored within $timeout s"
  return 1
}
if $broker_ready; then
  check "device -> MQTT (mosquitto_pub) -> broker -> cloud: reading stored" publish_and_find
  check "broker link (/health/broker)" sm_wait_url "$cloud/health/broker" "$timeout"
else
  echo "skip  device -> broker -> cloud (the broker is not ready)"
fi

# 3. Dashboard sign-in (form with its antiforgery token, then a page behind the sign-in).
sign_in() {
  local jar="$work/cookies" token password
  curl -fsS --max-time 10 -c "$jar" -b "$jar" "$cloud/ui/account/signin" >"$work/signin.html"
  token="$(sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' "$work/signin.html" | head -n 1)"
  [[ -n "$token" ]] || token="$(grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' "$work/signin.html" | sed 's/.*value="//;s/"$//' | head -n 1)"
  [[ -n "$token" ]] || { echo "no antiforgery token on the sign-in page"; return 1; }
  password="$(cat "$SM_ETC/secrets/dashboard-admin-password")"
  curl -sS --max-time 10 -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "UserName=admin" --data-urlencode "Password=$password" --data-urlencode "__RequestVerificationToken=$token" \
    "$cloud/ui/account/signin" >"$work/status"
  grep -q '^302$' "$work/status" || { echo "sign-in answered $(cat "$work/status")"; return 1; }
  grep -q 'sm.dashboard' "$jar" || { echo "no dashboard cookie after sign-in"; return 1; }
  # Signed in, /ui is the overview (200); signed out it redirects to the sign-in page.
  [[ "$(curl -sS --max-time 10 -b "$jar" -o /dev/null -w '%{http_code}' "$cloud/ui")" == 200 ]]
}
check "dashboard sign-in as admin" sign_in

if ((failures > 0)); then
  echo "smoke test FAILED ($failures checks)"
  exit 1
fi
echo "smoke test passed (release $(sm_current_id))"
