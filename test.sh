#!/usr/bin/env bash
# Builds the solution once and runs every test project against SQLite and a throwaway PostgreSQL.
# The last line is the total over all test projects: "N passed, N failed, N skipped".
#   WIDGETS_TEST_POSTGRES=<Npgsql connection string>  use that server instead of starting one
#   CONFIGURATION=Debug|Release (default Release)
set -euo pipefail
cd "$(dirname "$0")"

configuration="${CONFIGURATION:-Release}"
results="$(mktemp -d -t widgets-test-results.XXXXXX)"
postgres_dir=""

cleanup() {
  if [[ -n "$postgres_dir" ]]; then
    bash scripts/throwaway-postgres.sh stop "$postgres_dir" >/dev/null 2>&1 || true
  fi
  rm -rf "$results"
}
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ -z "${WIDGETS_TEST_POSTGRES:-}" ]]; then
  if [[ -f scripts/throwaway-postgres.sh ]]; then
    postgres_dir="$(mktemp -d -t widgets-postgres.XXXXXX)"
    chmod 755 "$postgres_dir"
    echo "Starting a throwaway PostgreSQL in $postgres_dir"
    if connection="$(bash scripts/throwaway-postgres.sh start "$postgres_dir" | tail -n 1)" && [[ -n "$connection" ]]; then
      export WIDGETS_TEST_POSTGRES="$connection"
    else
      echo "warning: PostgreSQL could not be started; the PostgreSQL tests will fail" >&2
    fi
  else
    echo "warning: scripts/throwaway-postgres.sh is missing; the PostgreSQL tests will fail" >&2
  fi
fi

echo "Building Orleans.Widgets.sln ($configuration)"
if ! dotnet build Orleans.Widgets.sln -c "$configuration" -nologo -clp:ErrorsOnly; then
  echo "The build failed."
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

test_status=0
dotnet test Orleans.Widgets.sln -c "$configuration" --no-build -nologo \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=normal" \
  --results-directory "$results" \
  --blame-hang-timeout 8m --blame-hang-dump-type none || test_status=$?

# Sum the outcomes of every test in every project's TRX file.
totals="$(python3 - "$results" <<'PY'
import pathlib, sys, xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
for trx in pathlib.Path(sys.argv[1]).rglob("*.trx"):
    for result in ET.parse(trx).getroot().iter(ns + "UnitTestResult"):
        outcome = result.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive", "Pending"):
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)"

if [[ "$test_status" -ne 0 ]]; then
  echo "dotnet test exited with $test_status."
fi
echo "$totals"
if [[ "$test_status" -ne 0 || "$totals" != *" 0 failed,"* ]]; then
  exit 1
fi
