#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser that takes outside bytes (SharpFuzz 2.3.0 + AFL++). See docs/fuzzing.md.
#
#   tests/fuzz/run.sh [--smoke] [target ...]
#
# Targets (default: all): cloud-batch cloud-csv broker-message firmware-config mqtt-topic.
# Full run: each target, one after another (afl-fuzz is single-core), until FUZZ_EXECS executions (default
# 1,000,000) or FUZZ_SECONDS (default 600), whichever comes first. --smoke: SMOKE_SECONDS (default 10) per target.
# Seeds: tests/fuzz/corpus/<target> (committed). Findings: tests/fuzz/findings/<target> (not committed); a crash
# is printed with its replay command and makes the script exit 1.
# Needs: the .NET 10 SDK, afl-fuzz (apt-get install afl++). SharpFuzz's instrumenting tool is installed into
# tests/fuzz/.tools on first use (dotnet tool install SharpFuzz.CommandLine).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

smoke=0
targets=()
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) targets+=("$arg") ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(cloud-batch cloud-csv broker-message firmware-config mqtt-topic)

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required" >&2; exit 2; }

bin="$here/bin"                                          # instrumented copy, for afl-fuzz only
build="$here/SmartMaintenance.Fuzz/bin/Release/net10.0"  # uninstrumented: replays (instrumented code needs afl's shared memory)
tools="$here/.tools"
if [[ ! -x "$tools/sharpfuzz" ]]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# A clean copy of the build output, then SharpFuzz instruments our assemblies in it, in place (not the framework,
# not the fuzz driver). A copy, so the build output itself stays uninstrumented.
dotnet build SmartMaintenance.Fuzz/SmartMaintenance.Fuzz.csproj -c Release -nologo -v q
rm -rf "$bin"
cp -r "$build" "$bin"
for dll in SmartMaintenance.Cloud.dll SmartMaintenance.EdgeBroker.dll SmartMaintenance.Contracts.dll SmartMaintenance.Firmware.Desktop.dll; do
  "$tools/sharpfuzz" "$bin/$dll" >/dev/null
done

# The seeds must pass in-process first: a seed that throws is a bug report, not a corpus.
for target in "${targets[@]}"; do
  dotnet "$build/SmartMaintenance.Fuzz.dll" "$target" --replay "$here/corpus/$target"/*
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
seconds="${FUZZ_SECONDS:-600}"
execs="${FUZZ_EXECS:-1000000}"
limit=(-V "$seconds" -E "$execs")
if [[ $smoke -eq 1 ]]; then
  limit=(-V "${SMOKE_SECONDS:-10}")
fi

failed=0
printf '%-16s %12s %10s %8s %8s %8s %8s\n' target executions seconds exec/s paths coverage crashes
for target in "${targets[@]}"; do
  out="$here/findings/$target"
  rm -rf "$out"
  mkdir -p "$out"
  afl-fuzz -i "$here/corpus/$target" -o "$out" -t 10000 -m none "${limit[@]}" \
    -- dotnet "$bin/SmartMaintenance.Fuzz.dll" "$target" >"$out/afl.log" 2>&1 \
    || { echo "afl-fuzz failed for $target (see $out/afl.log):" >&2; tail -n 20 "$out/afl.log" >&2; failed=1; continue; }
  stats="$out/default/fuzzer_stats"
  get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  printf '%-16s %12s %10s %8s %8s %8s %8s\n' "$target" "$(get execs_done)" "$(get run_time)" "$(get execs_per_sec)" \
    "$(get corpus_count)" "$(get bitmap_cvg)" "$(get saved_crashes)"
  crashes=("$out"/default/crashes/id:*)
  if [[ -e "${crashes[0]}" ]]; then
    failed=1
    for crash in "${crashes[@]}"; do
      echo "  crash: dotnet $build/SmartMaintenance.Fuzz.dll $target --replay '$crash'"
    done
  fi
  if [[ "$(get saved_hangs)" != "0" ]]; then
    echo "  hangs: $(get saved_hangs) in $out/default/hangs"
    failed=1
  fi
done
exit $failed
