#!/usr/bin/env bash
# Upgrades an install to another release: backs up first (deploy/backup.sh), copies the release next to the
# installed ones (the previous release is kept, releases/<id>), points current at it, restarts the services (the
# cloud applies the new migrations forward at start) and runs the smoke test. When the smoke test fails, it rolls
# back to the previous release (deploy/rollback.sh) and exits 1.
# Usage: deploy/upgrade.sh [--prefix /] --release DIR [--no-backup] [--no-rollback]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

prefix="/" release="" backup=true rollback=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --release) release="$(cd "$2" && pwd)"; shift 2 ;;
    --no-backup) backup=false; shift ;;
    --no-rollback) rollback=false; shift ;;
    *) sm_die "unknown option $1" ;;
  esac
done
[[ -n "$release" ]] || sm_die "--release DIR is required (a folder made by deploy/build-release.sh)"
sm_paths "$prefix"
from="$(sm_current_id || true)"
[[ -n "$from" ]] || sm_die "nothing is installed under ${SM_PREFIX:-/}: run deploy/install.sh first"

if $backup; then
  sm_log "backup before the upgrade"
  "$here/backup.sh" --prefix "$prefix" | tail -n 1 >"$SM_OPT/last-upgrade-backup"
fi
old_previous="$(sm_previous_id || true)"
id="$(sm_copy_release "$release")"
if [[ "$id" == "$from" ]]; then
  sm_log "release $id is already current"
  exit 0
fi
sm_switch_current "$id"
sm_log "upgrading $from -> $id"

# The units always start current/...: a restart runs the new release.
started=true
sm_service restart sm-cloud || started=false
if $started && sm_wait_ready "$(sm_cloud_url)/health/ready" "${SM_READY_TIMEOUT:-180}" sm-cloud; then
  sm_service restart sm-edge-broker || started=false
  $started && { sm_wait_ready "$(sm_broker_url)/health" "${SM_READY_TIMEOUT:-60}" sm-edge-broker || started=false; }
else
  started=false
fi

if $started && "$SM_CURRENT/deploy/smoke.sh" --prefix "$prefix"; then
  sm_log "upgrade to $id done; previous release $from kept (deploy/rollback.sh goes back to it)"
  exit 0
fi

echo "upgrade to $id failed its checks" >&2
if $rollback; then
  "$here/rollback.sh" --prefix "$prefix"
  # previous is again the release before $from, not the one that failed (kept in releases/$id to look at).
  if [[ -n "$old_previous" ]]; then ln -sfn "releases/$old_previous" "$SM_PREVIOUS"; else rm -f "$SM_PREVIOUS"; fi
fi
exit 1
