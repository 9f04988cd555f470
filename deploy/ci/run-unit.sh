#!/usr/bin/env bash
# Stands in for systemctl where there is no systemd (CI): runs a rendered unit's ExecStart in its WorkingDirectory
# with exactly its Environment= and EnvironmentFile= settings (and nothing else from the caller's environment but
# PATH), in the background, with a pid file; stop sends KillSignal (SIGTERM) and waits up to TimeoutStopSec, as
# systemd does. Not applied here: User=/Group= and the sandboxing options (they need systemd).
# Usage: deploy/ci/run-unit.sh --prefix PREFIX start|stop|restart|status UNIT
set -euo pipefail

prefix=""
if [[ "${1:-}" == --prefix ]]; then prefix="${2%/}"; shift 2; fi
verb="${1:?verb}" unit="${2:?unit}"
unit="${unit%.service}"
file="$prefix/etc/systemd/system/$unit.service"
[[ -f "$file" ]] || { echo "no unit file $file" >&2; exit 1; }
run="$prefix/run/smartmaintenance"
mkdir -p "$run"
pidfile="$run/$unit.pid"

value() { sed -n "s/^$1=//p" "$file"; }

running() { [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  running && return 0
  local exec workdir line envfile vars=()
  exec="$(value ExecStart | tail -n 1)"
  workdir="$(value WorkingDirectory | tail -n 1)"
  while IFS= read -r line; do vars+=("$line"); done < <(value Environment)
  while IFS= read -r envfile; do
    while IFS= read -r line || [[ -n "$line" ]]; do
      [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
      vars+=("$line")
    done <"${envfile#-}"
  done < <(value EnvironmentFile)
  mkdir -p "$workdir"
  # shellcheck disable=SC2086 # ExecStart is split into words, as systemd does (no quotes in our units)
  (cd "$workdir" && exec setsid env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$workdir" "${vars[@]}" $exec \
    >>"$run/$unit.log" 2>&1 </dev/null) &
  echo $! >"$pidfile"
}

stop() {
  running || { rm -f "$pidfile"; return 0; }
  local pid timeout i
  pid="$(cat "$pidfile")"
  timeout="$(value TimeoutStopSec | tail -n 1)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < ${timeout:-30} * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

case "$verb" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) if running; then echo "$unit running (pid $(cat "$pidfile"))"; else echo "$unit stopped"; exit 3; fi ;;
  *) echo "unknown verb $verb" >&2; exit 2 ;;
esac
