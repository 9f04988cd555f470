#!/usr/bin/env bash
# Restores a backup made by deploy/backup.sh into an install: stops both services, recreates the database from the
# dump (creating it when it is gone), replaces the cloud and broker state folders, and starts the services again.
# Settings are restored only with --settings (they hold the secrets the dump's API keys and role match).
# Usage: deploy/restore.sh [--prefix /] --from BACKUP_DIR [--settings] [--no-start]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

prefix="/" from="" settings=false start=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    --settings) settings=true; shift ;;
    --no-start) start=false; shift ;;
    *) sm_die "unknown option $1" ;;
  esac
done
sm_paths "$prefix"
[[ -f "$from/database.dump" ]] || sm_die "--from must name a backup folder (deploy/backup.sh)"
command -v pg_restore >/dev/null || sm_die "pg_restore is required (apt-get install postgresql-client)"
(cd "$from" && sha256sum --quiet -c SHA256SUMS) || sm_die "the backup in $from does not match its checksums"

if $settings; then
  mkdir -p "$SM_ETC"
  tar -C "$SM_ETC" -xzf "$from/settings.tar.gz"
fi
sm_db_env

sm_service stop sm-edge-broker || true
sm_service stop sm-cloud || true

# The database: recreated empty (owned by the install's role), then filled from the dump.
sm_admin_psql -c "DROP DATABASE IF EXISTS $SM_DB_NAME WITH (FORCE)"
sm_admin_psql -c "CREATE DATABASE $SM_DB_NAME OWNER $SM_DB_USER"
pg_restore --no-owner --exit-on-error --dbname="$SM_DB_NAME" "$from/database.dump"
sm_log "database $SM_DB_NAME restored from $from"

# State folders: replaced whole, owners kept as the install set them.
for part in cloud broker; do
  owner="$(stat -c '%U:%G' "$SM_STATE/$part" 2>/dev/null || echo "")"
  rm -rf "${SM_STATE:?}/$part.restoring"
  mkdir -p "$SM_STATE/$part.restoring"
  tar -C "$SM_STATE/$part.restoring" -xzf "$from/$part-state.tar.gz"
  rm -rf "${SM_STATE:?}/$part"
  mv "$SM_STATE/$part.restoring/$part" "$SM_STATE/$part"
  rmdir "$SM_STATE/$part.restoring"
  [[ -n "$owner" && "$(id -u)" == 0 ]] && chown -R "$owner" "$SM_STATE/$part"
done
sm_log "cloud and broker state restored"

if $start; then
  sm_service start sm-cloud
  sm_wait_ready "$(sm_cloud_url)/health/ready" "${SM_READY_TIMEOUT:-180}" sm-cloud || sm_die "the cloud did not become ready after the restore"
  sm_service start sm-edge-broker
  sm_wait_ready "$(sm_broker_url)/health" "${SM_READY_TIMEOUT:-60}" sm-edge-broker || sm_die "the edge broker did not start after the restore"
fi
sm_log "restore of $from done"
