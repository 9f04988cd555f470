#!/usr/bin/env bash
# Publishes the cloud and the edge broker into one release folder for deploy/install.sh and deploy/upgrade.sh:
#   OUTPUT/cloud, OUTPUT/edge-broker, OUTPUT/RELEASE (the release id), OUTPUT/deploy (these scripts), OUTPUT/doc.
# Self-contained for linux-x64 (the .NET runtime inside; the server needs no .NET install), or
# --framework-dependent (needs the ASP.NET Core 10 runtime on the server; a third of the size).
# --no-build (framework-dependent only) reuses the Release build already made (`dotnet build -c Release`), as CI does.
# Usage: deploy/build-release.sh --output DIR [--framework-dependent [--no-build]] [--id ID] [--configuration Release]
set -euo pipefail
cd "$(dirname "$0")/.."

output=""
self_contained=true
no_build=false
configuration=Release
id=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --output) output="$2"; shift 2 ;;
    --framework-dependent) self_contained=false; shift ;;
    --id) id="$2"; shift 2 ;;
    --no-build) no_build=true; shift ;;
    --configuration) configuration="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n "$output" ]] || { echo "usage: $0 --output DIR [--framework-dependent [--no-build]] [--id ID]" >&2; exit 2; }
if $no_build && $self_contained; then echo "--no-build needs --framework-dependent" >&2; exit 2; fi
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required to build a release" >&2; exit 2; }

if [[ -z "$id" ]]; then
  id="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)-$(date -u +%Y%m%dT%H%M%SZ)"
fi
mkdir -p "$output"
output="$(cd "$output" && pwd)"
rm -rf "${output:?}/cloud" "${output:?}/edge-broker"

publish() {
  local project="$1" target="$2"
  local args=(-c "$configuration" -o "$output/$target" -nologo -v q)
  if $self_contained; then
    args+=(-r linux-x64 --self-contained true -p:DebugType=none)
  elif $no_build; then
    args+=(--no-build)
  else
    args+=(--self-contained false)
  fi
  dotnet publish "$project" "${args[@]}"
}
publish cloud/SmartMaintenance.Cloud/SmartMaintenance.Cloud.csproj cloud
publish edge-broker/SmartMaintenance.EdgeBroker/SmartMaintenance.EdgeBroker.csproj edge-broker

rm -rf "${output:?}/deploy" "${output:?}/doc"
mkdir -p "$output/deploy" "$output/doc"
cp -r deploy/. "$output/deploy/"
cp docs/deployment.md docs/api-compatibility.md "$output/doc/"
echo "$id" >"$output/RELEASE"
kind=framework-dependent
$self_contained && kind="self-contained linux-x64"
echo "release $id in $output ($kind)"
