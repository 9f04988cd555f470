#!/usr/bin/env bash
# Backs up an install: the PostgreSQL database (pg_dump, custom format: readings, devices, API keys, decisions,
# orders, every agent table), the model registry and artifacts (var/lib/smartmaintenance/cloud/ml), the edge
# broker's state (outbox segments and cursor, retained messages, device file, dead letters) and the settings with
# their secrets. One folder per backup, mode 0700 (it holds secrets): BACKUPS/<UTC time>/.
# The services keep running: the dump is a consistent snapshot; the broker files are copied as a crash would leave
# them (the broker cuts a torn outbox tail at start and replays from its cursor; the cloud de-duplicates).
# Usage: deploy/backup.sh [--prefix /] [--output DIR]     prints the backup folder on its last line
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

prefix="/" output=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    *) sm_die "unknown option $1" ;;
  esac
done
sm_paths "$prefix"
command -v pg_dump >/dev/null || sm_die "pg_dump is required (apt-get install postgresql-client)"
sm_db_env
[[ -n "$output" ]] || output="$SM_BACKUPS/$(date -u +%Y%m%dT%H%M%SZ)"
umask 077
mkdir -p "$output"

pg_dump --format=custom --no-owner --file="$output/database.dump" "$SM_DB_NAME"
tar -C "$SM_STATE" -czf "$output/cloud-state.tar.gz" cloud
tar -C "$SM_STATE" -czf "$output/broker-state.tar.gz" broker
tar -C "$SM_ETC" -czf "$output/settings.tar.gz" .
{
  echo "release=$(sm_current_id)"
  echo "created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "database=$SM_DB_NAME"
  echo "storage_schema=$(psql -qAt -c 'SELECT max(version) FROM schema_version' 2>/dev/null || echo unknown)"
  echo "agent_schema=$(psql -qAt -c 'SELECT max(version) FROM agent_schema_migrations' 2>/dev/null || echo unknown)"
} >"$output/MANIFEST"
(cd "$output" && sha256sum database.dump cloud-state.tar.gz broker-state.tar.gz settings.tar.gz >SHA256SUMS)
sm_log "backup written: $(du -sh "$output" | cut -f1)"
echo "$output"
