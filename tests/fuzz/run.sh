#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser that takes outside bytes (SharpFuzz 2.3.0 + AFL++). See docs/fuzzing.md.
#
#   tests/fuzz/run.sh [--smoke] [--no-build] [target ...]
#
# Targets (default: all): cloud-batch cloud-csv broker-message firmware-config mqtt-topic.
# Full run: each target, one after another (afl-fuzz is single-core), until FUZZ_EXECS executions (default
# 1,000,000) or FUZZ_SECONDS (default 600), whichever comes first. --smoke: SMOKE_SECONDS (default 10) per target.
# --no-build: use the driver already built (FUZZ_CONFIGURATION, default Release), as the CI smoke test does.
# Seeds: tests/fuzz/corpus/<target> (committed). Findings: <FUZZ_WORK>/findings/<target> (FUZZ_WORK defaults to
# tests/fuzz; not committed); a crash or a hang is printed with its replay command and makes the script exit 1.
# Needs: the .NET 10 SDK, afl-fuzz (apt-get install afl++). SharpFuzz's instrumenting tool is installed into
# tests/fuzz/.tools on first use (dotnet tool install SharpFuzz.CommandLine).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

smoke=0
build=1
targets=()
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) targets+=("$arg") ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(cloud-batch cloud-csv broker-message firmware-config mqtt-topic)

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required" >&2; exit 2; }

configuration="${FUZZ_CONFIGURATION:-Release}"
work="${FUZZ_WORK:-$here}"
bin="$work/bin"                                                   # instrumented copy, for afl-fuzz only
output="$here/SmartMaintenance.Fuzz/bin/$configuration/net10.0"  # uninstrumented: replays (instrumented code needs afl's shared memory)
tools="$here/.tools"
if [[ ! -x "$tools/sharpfuzz" ]]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# A clean copy of the build output, then SharpFuzz instruments our assemblies in it, in place (not the framework,
# not the fuzz driver). A copy, so the build output itself stays uninstrumented.
if [[ $build -eq 1 ]]; then
  dotnet build SmartMaintenance.Fuzz/SmartMaintenance.Fuzz.csproj -c "$configuration" -nologo -v q
fi
[[ -f "$output/SmartMaintenance.Fuzz.dll" ]] || { echo "no fuzz driver in $output: build it (or drop --no-build)" >&2; exit 2; }
rm -rf "$bin"
mkdir -p "$work"
cp -r "$output" "$bin"
for dll in SmartMaintenance.Cloud.dll SmartMaintenance.EdgeBroker.dll SmartMaintenance.Contracts.dll SmartMaintenance.Firmware.Desktop.dll; do
  "$tools/sharpfuzz" "$bin/$dll" >/dev/null
done

# The seeds must pass in-process first: a seed that throws is a bug report, not a corpus.
for target in "${targets[@]}"; do
  dotnet "$output/SmartMaintenance.Fuzz.dll" "$target" --replay "$here/corpus/$target"/*
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
seconds="${FUZZ_SECONDS:-600}"
execs="${FUZZ_EXECS:-1000000}"
limit=(-V "$seconds" -E "$execs")
if [[ $smoke -eq 1 ]]; then
  limit=(-V "${SMOKE_SECONDS:-10}")
fi

failed=0
printf '%-16s %12s %8s %8s %6s %8s %8s %6s %8s\n' target executions seconds exec/s paths coverage crashes hangs load
for target in "${targets[@]}"; do
  out="$work/findings/$target"
  rm -rf "$out"
  mkdir -p "$out"
  # The machine's 1-minute load average every 10 s while the target runs: rates mean little without it.
  ( while sleep 10; do cut -d' ' -f1 /proc/loadavg; done ) >"$out/load.log" &
  sampler=$!
  afl-fuzz -i "$here/corpus/$target" -o "$out" -t 10000 -m none "${limit[@]}" \
    -- dotnet "$bin/SmartMaintenance.Fuzz.dll" "$target" >"$out/afl.log" 2>&1 \
    || { kill "$sampler"; echo "afl-fuzz failed for $target (see $out/afl.log):" >&2; tail -n 20 "$out/afl.log" >&2; failed=1; continue; }
  kill "$sampler"
  load="$(awk '{ s += $1; n++ } END { if (n) printf "%.1f", s / n; else print "-" }' "$out/load.log")"
  stats="$out/default/fuzzer_stats"
  get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  printf '%-16s %12s %8s %8s %6s %8s %8s %6s %8s\n' "$target" "$(get execs_done)" "$(get run_time)" "$(get execs_per_sec)" \
    "$(get corpus_count)" "$(get bitmap_cvg)" "$(get saved_crashes)" "$(get saved_hangs)" "$load"
  crashes=("$out"/default/crashes/id:*)
  if [[ -e "${crashes[0]}" ]]; then
    failed=1
    for crash in "${crashes[@]}"; do
      echo "  crash: dotnet $output/SmartMaintenance.Fuzz.dll $target --replay '$crash'"
    done
  fi
  if [[ "$(get saved_hangs)" != "0" ]]; then
    for hang in "$out"/default/hangs/id:*; do
      echo "  hang: dotnet $output/SmartMaintenance.Fuzz.dll $target --replay '$hang'"
    done
    failed=1
  fi
done
exit $failed
