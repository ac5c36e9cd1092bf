#!/usr/bin/env bash
# Builds the benchmarks once (Release) and runs each in its own process, so memory figures are clean.
# Prints one JSON object per line on stdout: {"name": ..., "value": ..., "unit": ...}; logs go to stderr.
#   bench/run.sh [--quick] [benchmark ...]   --quick: shorter windows (the whole run fits in about 6 minutes)
#   reloads_per_s also measures and reports pg_single_row_tps (same run, same database) and their ratio;
#                                           it and reloads_per_s_3_silos run with server GC, as the silo does
#   simulated_widget_days_per_s: the fleet simulator, 100 000 widgets for 3 days, seed 1
#                                           (--quick: 10 000 widgets for 1 day); in memory, no PostgreSQL
#   reloads_per_s_3_silos runs the reload workload on one silo, then on three clustered silos, and reports the ratio
#   failover_seconds starts three test-silo processes, SIGKILLs one per round and times the failover
#   session_tasks_per_s runs background sessions (2 KiB downloads from a local server) on three clustered silos
#   WIDGETS_TEST_POSTGRES=<Npgsql connection string>  use that server instead of starting a throwaway one
#                                           (the benchmarks empty its reminders and grain_state tables;
#                                           pg_single_row_tps creates and drops a table bench_single_row;
#                                           the cluster benchmarks create and drop databases bench_*)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
selected=()
for arg in "$@"; do
  case "$arg" in
    --quick) quick=(--quick) ;;
    -h|--help) sed -n '2,14p' "$0" >&2; exit 0 ;;
    *) selected+=("$arg") ;;
  esac
done
if [[ ${#selected[@]} -eq 0 ]]; then
  selected=(local_calls_per_s cross_silo_calls_per_s bytes_per_active_grain group_commit_ratio reminder_fire_rate_per_s reloads_per_s
    reloads_per_s_3_silos failover_seconds session_tasks_per_s simulated_widget_days_per_s)
fi

postgres_dir=""
cleanup() {
  if [[ -n "$postgres_dir" ]]; then
    bash scripts/throwaway-postgres.sh stop "$postgres_dir" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ -z "${WIDGETS_TEST_POSTGRES:-}" ]]; then
  postgres_dir="$(mktemp -d -t widgets-bench-postgres.XXXXXX)"
  chmod 755 "$postgres_dir"
  echo "Starting a throwaway PostgreSQL in $postgres_dir" >&2
  connection="$(bash scripts/throwaway-postgres.sh start "$postgres_dir" | tail -n 1)"
  [[ -n "$connection" ]] || { echo "PostgreSQL could not be started" >&2; exit 1; }
  export WIDGETS_TEST_POSTGRES="$connection"
fi

simulate() {
  local widgets=100000 days=3
  if [[ ${#quick[@]} -gt 0 ]]; then widgets=10000 days=1; fi
  echo "Building src/Silo (Release)" >&2
  dotnet build src/Silo -c Release -nologo -clp:ErrorsOnly >&2
  local line
  line="$(DOTNET_gcServer=1 dotnet src/Silo/bin/Release/net10.0/Orleans.Widgets.Silo.dll simulate --widgets "$widgets" --days "$days" --seed 1 | tail -n 1)"
  echo "$line" >&2
  printf '{"name": "simulated_widget_days_per_s", "value": %s, "unit": "widget-days/s"}\n' "$(awk '{print $2}' <<<"$line")"
}

project=bench/Orleans.Widgets.Benchmarks
echo "Building $project (Release)" >&2
dotnet build "$project" -c Release -nologo -clp:ErrorsOnly >&2
binary="$project/bin/Release/net10.0/Orleans.Widgets.Benchmarks.dll"

echo "Load before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
status=0
for name in "${selected[@]}"; do
  if [[ "$name" == simulated_widget_days_per_s ]]; then
    simulate || { echo "benchmark $name failed" >&2; status=1; }
    continue
  fi
  case "$name" in
    # The silo end to end: with the garbage collector the silo runs with (the Web SDK's server GC), not the
    # harness's own workstation GC, which the memory figures need.
    reloads_per_s|reloads_per_s_3_silos) gc=1 ;;
    *) gc=0 ;;
  esac
  DOTNET_gcServer=$gc dotnet "$binary" "$name" "${quick[@]}" || { echo "benchmark $name failed" >&2; status=1; }
done
echo "Load after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit "$status"
