#!/usr/bin/env bash
# Where the cloud's allocations come from under the end-to-end load: runs SmartMaintenance.EndToEnd.Bench (100
# devices at RATE readings/s through broker and cloud on a throwaway PostgreSQL), records the cloud's GC
# AllocationTick events with dotnet-trace for TRACE_SECONDS after WARM_SECONDS, and prints megabytes by type and
# the call stacks that allocate on the large-object heap (bench/SmartMaintenance.AllocTrace).
# Allocation per reading does not depend on the machine being quiet; the rates printed (MB/s) depend on the
# readings/s the run reached, which the bench's own lines show.
#
#   bench/alloc-trace.sh                      # RATE=5000 WARM_SECONDS=120 TRACE_SECONDS=40
#   OUT=/tmp/cloud.nettrace bench/alloc-trace.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${RATE:-5000}"; warm="${WARM_SECONDS:-120}"; trace_s="${TRACE_SECONDS:-40}"
work="$(mktemp -d /tmp/sm-alloc.XXXXXX)"
out="${OUT:-$work/cloud.nettrace}"
bench_pid=""
cleanup() {
  if [[ -n "$bench_pid" ]]; then kill "$bench_pid" 2>/dev/null || true; wait "$bench_pid" 2>/dev/null || true; fi
  if [[ -n "${SM_PG_DIR:-}" ]]; then bench/pg.sh stop || true; fi
  if [[ -z "${OUT:-}" ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT

dotnet tool restore >/dev/null
dotnet build bench/SmartMaintenance.EndToEnd.Bench -c Release -nologo -v q >/dev/null
dotnet build bench/SmartMaintenance.AllocTrace -c Release -nologo -v q >/dev/null
eval "$(bench/pg.sh start)"
seconds=$((warm + trace_s + 30))
dotnet bench/SmartMaintenance.EndToEnd.Bench/bin/Release/net10.0/SmartMaintenance.EndToEnd.Bench.dll \
  --devices 100 --rate "$rate" --seconds "$seconds" --warmup "$warm" --sample-seconds 60 --drain-timeout 600 >"$work/bench.log" 2>&1 &
bench_pid=$!
# The cloud is the bench's child process; wait for it, then for the warm-up.
cloud=""
for _ in $(seq 1 120); do
  cloud="$(pgrep -P "$bench_pid" -f SmartMaintenance.Cloud.dll || true)"
  [[ -n "$cloud" ]] && break
  sleep 1
done
[[ -n "$cloud" ]] || { echo "the cloud process did not start; bench log:" >&2; cat "$work/bench.log" >&2; exit 1; }
sleep "$warm"
echo "tracing cloud pid $cloud for ${trace_s} s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet tool run dotnet-trace collect -p "$cloud" --providers Microsoft-Windows-DotNETRuntime:0x1:5 \
  --duration "00:00:00:$(printf '%02d' "$trace_s")" -o "$out" >"$work/trace.log" 2>&1
wait "$bench_pid"; bench_pid=""
grep -E "^t=.*published" "$work/bench.log" | tail -n 3
dotnet bench/SmartMaintenance.AllocTrace/bin/Release/net10.0/SmartMaintenance.AllocTrace.dll "$out"
