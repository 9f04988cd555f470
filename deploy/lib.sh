# Shared by the deploy scripts (sourced, not run). Paths of an install under a prefix:
#   $PREFIX/opt/smartmaintenance/releases/<id>/{cloud,edge-broker}   published programs, one folder per release
#   $PREFIX/opt/smartmaintenance/current, previous                  symlinks to releases
#   $PREFIX/etc/smartmaintenance/{cloud.env,broker.env,db.env}      settings with the generated secrets
#   $PREFIX/etc/smartmaintenance/secrets/                           the operators' copies (admin key, dashboard password)
#   $PREFIX/var/lib/smartmaintenance/{cloud,broker}                 state: model registry; outbox, retained, devices
#   $PREFIX/var/backups/smartmaintenance                            backups (deploy/backup.sh)
#   $PREFIX/etc/systemd/system/sm-{cloud,edge-broker}.service       the units
# shellcheck shell=bash

sm_die() { echo "error: $*" >&2; exit 1; }
sm_log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# shellcheck disable=SC2034 # the paths are for the scripts that source this file
sm_paths() {
  local prefix="${1%/}"
  SM_PREFIX="$prefix"
  SM_OPT="$prefix/opt/smartmaintenance"
  SM_RELEASES="$SM_OPT/releases"
  SM_CURRENT="$SM_OPT/current"
  SM_PREVIOUS="$SM_OPT/previous"
  SM_ETC="$prefix/etc/smartmaintenance"
  SM_STATE="$prefix/var/lib/smartmaintenance"
  SM_BACKUPS="$prefix/var/backups/smartmaintenance"
  SM_UNITS="$prefix/etc/systemd/system"
  SM_DOC="$SM_OPT/doc"
}

# A value of KEY=VALUE from an env file (no shell evaluation of the file).
sm_env_get() {
  local file="$1" key="$2" line
  [[ -f "$file" ]] || return 1
  line="$(grep -E "^${key}=" "$file" | tail -n 1)" || return 1
  line="${line#*=}"
  line="${line%\"}"; line="${line#\"}"
  printf '%s' "$line"
}

# Loads db.env into SM_DB_* and exports libpq's variables for psql / pg_dump / pg_restore.
sm_db_env() {
  local file="$SM_ETC/db.env" key
  [[ -f "$file" ]] || sm_die "$file is missing: run deploy/install.sh first"
  for key in SM_DB_HOST SM_DB_PORT SM_DB_NAME SM_DB_USER SM_DB_PASSWORD SM_PG_ADMIN; do
    printf -v "$key" '%s' "$(sm_env_get "$file" "$key" || true)"
  done
  export PGHOST="$SM_DB_HOST" PGPORT="$SM_DB_PORT" PGUSER="$SM_DB_USER" PGPASSWORD="$SM_DB_PASSWORD" PGDATABASE="$SM_DB_NAME"
}

# psql as the PostgreSQL administrator (conninfo from --pg-admin, kept in db.env), for roles and databases.
sm_admin_psql() {
  env -u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD -u PGDATABASE psql "$SM_PG_ADMIN" -v ON_ERROR_STOP=1 -qAt "$@"
}

sm_random() { head -c "${1:-24}" /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

# Starts, stops or restarts a unit: systemctl when this is a real install, or the command in SM_SERVICE_CONTROL
# (deploy/ci/run-unit.sh in CI, which runs the unit's ExecStart with its environment), called as: CMD VERB UNIT.
sm_service() {
  local verb="$1" unit="$2"
  if [[ -n "${SM_SERVICE_CONTROL:-}" ]]; then
    # shellcheck disable=SC2086
    $SM_SERVICE_CONTROL "$verb" "$unit"
  elif [[ "$SM_PREFIX" == "" ]] && command -v systemctl >/dev/null; then
    systemctl "$verb" "$unit"
  else
    echo "no systemd for prefix '$SM_PREFIX': $verb $unit yourself (or set SM_SERVICE_CONTROL)" >&2
    return 1
  fi
}

sm_release_id() { cat "$1/RELEASE" 2>/dev/null || basename "$1"; }

# The KEY=VALUE lines of an env file (comments and blank lines left out), into the array named by $2.
sm_env_lines() {
  local file="$1" line
  local -n into="$2"
  into=()
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    line="${line%\"}"
    if [[ "$line" =~ ^([A-Za-z_][A-Za-z0-9_]*)=\"(.*)$ ]]; then line="${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"; fi
    into+=("$line")
  done <"$file"
}

# Runs the cloud program of the current release with cloud.env, as the service would (for apikey / migrations).
sm_cloud_command() {
  local vars=()
  sm_env_lines "$SM_ETC/cloud.env" vars
  (cd "$SM_STATE/cloud" && env "${vars[@]}" ASPNETCORE_ENVIRONMENT=Production "$SM_CURRENT/cloud/SmartMaintenance.Cloud" "$@")
}

# Copies a release folder into releases/<id> (once; a release already there is left as it is).
sm_copy_release() {
  local source="$1" id target
  [[ -x "$source/cloud/SmartMaintenance.Cloud" && -x "$source/edge-broker/SmartMaintenance.EdgeBroker" ]] \
    || sm_die "$source is not a release folder (deploy/build-release.sh makes one)"
  id="$(sm_release_id "$source")"
  target="$SM_RELEASES/$id"
  if [[ ! -d "$target" ]]; then
    mkdir -p "$SM_RELEASES"
    cp -a "$source" "$target.partial"
    mv "$target.partial" "$target"
    sm_log "release $id copied to $target"
  fi
  printf '%s' "$id"
}

# Points current at a release, and previous at what current was (when it changes).
sm_switch_current() {
  local id="$1" was=""
  [[ -L "$SM_CURRENT" ]] && was="$(basename "$(readlink "$SM_CURRENT")")"
  if [[ "$was" != "$id" ]]; then
    [[ -n "$was" ]] && ln -sfn "releases/$was" "$SM_PREVIOUS"
    ln -sfn "releases/$id" "$SM_CURRENT"
  fi
}

sm_current_id() { [[ -L "$SM_CURRENT" ]] && basename "$(readlink "$SM_CURRENT")"; }
sm_previous_id() { [[ -L "$SM_PREVIOUS" ]] && basename "$(readlink "$SM_PREVIOUS")"; }

# Waits until a URL answers 200 (curl), up to $2 seconds.
sm_wait_url() {
  local url="$1" seconds="${2:-60}" i
  for ((i = 0; i < seconds * 5; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  return 1
}

# The cloud's first URL as seen from this machine (a wildcard bind address becomes 127.0.0.1).
# Waits until a unit answers 200 at a URL; gives up early when the unit's process has ended (a release that
# cannot start fails at once instead of after the whole timeout).
sm_wait_ready() {
  local url="$1" seconds="$2" unit="$3" i
  for ((i = 0; i < seconds * 5; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    if ((i % 5 == 4)); then
      if [[ -n "${SM_SERVICE_CONTROL:-}" ]]; then
        # shellcheck disable=SC2086
        $SM_SERVICE_CONTROL status "$unit" >/dev/null 2>&1 || { echo "$unit is not running" >&2; return 1; }
      elif [[ "$SM_PREFIX" == "" ]] && systemctl is-failed --quiet "$unit" 2>/dev/null; then
        echo "$unit failed" >&2
        return 1
      fi
    fi
    sleep 0.2
  done
  return 1
}

sm_cloud_url() {
  local url
  url="$(sm_env_get "$SM_ETC/cloud.env" ASPNETCORE_URLS)"
  url="${url%%;*}"
  sed -E 's#//(0\.0\.0\.0|\*|\+|\[::\])(:|/|$)#//127.0.0.1\2#' <<<"${url%/}"
}
sm_broker_url() { sm_env_get "$SM_ETC/broker.env" Urls; }
