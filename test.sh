#!/usr/bin/env bash
# Runs every test of the platform from a fresh clone: installs what the tests need (Azurite from
# npm, pinned by package-lock.json; Chromium from apt when browser tests exist), builds once, runs
# each test project, and ends with one summary line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

scripts/install-test-deps.sh

dotnet build Platform.sln -c Release -nologo -v:q -p:TreatWarningsAsErrors=true

results=$(mktemp -d)
status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  if ! dotnet test "$project" -c Release --no-build -nologo --blame-hang-timeout 5m \
       --logger "trx;LogFileName=$name.trx" --results-directory "$results" 2>&1 | tee "$results/$name.log" | grep -E "^(Passed|Failed)!|^\s+Failed |Error Message" ; then
    :
  fi
  if grep -q "^Failed!" "$results/$name.log" || ! grep -q "^Passed!" "$results/$name.log"; then status=1; fi
done

# One closing line summing every project's counts.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") { gsub(",", "", $(i+1)); f += $(i+1) }
         if ($i == "Passed:") { gsub(",", "", $(i+1)); p += $(i+1) }
         if ($i == "Skipped:") { gsub(",", "", $(i+1)); s += $(i+1) }
       }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$results"/*.log
exit $status
