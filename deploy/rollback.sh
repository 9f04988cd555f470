#!/usr/bin/env bash
# Goes back to the previous release: points current at it, restarts the services and runs the smoke test.
# The database stays as it is: migrations only add (tables, nullable columns, indexes), and a release accepts a
# schema newer than its own. To also take the data back to before the upgrade, add --restore-backup: the backup
# deploy/upgrade.sh took first is restored (readings stored since then are lost; the broker re-sends what its
# outbox still holds).
# Usage: deploy/rollback.sh [--prefix /] [--restore-backup]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

prefix="/" restore=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --restore-backup) restore=true; shift ;;
    *) sm_die "unknown option $1" ;;
  esac
done
sm_paths "$prefix"
current="$(sm_current_id || true)"
previous="$(sm_previous_id || true)"
[[ -n "$previous" && -d "$SM_RELEASES/$previous" ]] || sm_die "no previous release to roll back to"
sm_log "rolling back $current -> $previous"
ln -sfn "releases/$previous" "$SM_CURRENT"
ln -sfn "releases/$current" "$SM_PREVIOUS"

if $restore; then
  backup="$(cat "$SM_OPT/last-upgrade-backup" 2>/dev/null || true)"
  [[ -d "$backup" ]] || sm_die "no backup of the last upgrade to restore"
  "$SM_CURRENT/deploy/restore.sh" --prefix "$prefix" --from "$backup"
else
  sm_service restart sm-cloud
  sm_wait_ready "$(sm_cloud_url)/health/ready" "${SM_READY_TIMEOUT:-180}" sm-cloud || sm_die "the cloud of release $previous did not become ready"
  sm_service restart sm-edge-broker
fi
"$SM_CURRENT/deploy/smoke.sh" --prefix "$prefix" || sm_die "release $previous fails the smoke test too: see the logs"
sm_log "rolled back to $previous"
