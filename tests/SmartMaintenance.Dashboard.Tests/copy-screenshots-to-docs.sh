#!/usr/bin/env bash
# Refreshes docs/screenshots from the last browser-test run: every image there has the name of a screenshot a browser
# test writes to TestResults/dashboard-screenshots (DocsScreenshotsTests checks that); this copies each one over.
# Run the dashboard tests first: dotnet test tests/SmartMaintenance.Dashboard.Tests -c Release
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
from="$root/tests/SmartMaintenance.Dashboard.Tests/TestResults/dashboard-screenshots"
to="$root/docs/screenshots"
missing=0
for published in "$to"/*.png; do
  name="$(basename "$published")"
  if [[ -f "$from/$name" ]]; then
    cp "$from/$name" "$published"
    echo "refreshed $name"
  else
    echo "not written by the last test run (run the test that writes it, or remove the image): $name" >&2
    missing=1
  fi
done
exit "$missing"
