using Orleans.Widgets.Benchmarks;
using Orleans.Widgets.Benchmarks.Benchmarks;

var names = new Dictionary<string, Func<BenchOptions, Task>>(StringComparer.Ordinal)
{
    ["local_calls_per_s"] = LocalCallsBenchmark.RunAsync,
    ["cross_silo_calls_per_s"] = CrossSiloCallsBenchmark.RunAsync,
    ["bytes_per_active_grain"] = ActiveGrainMemoryBenchmark.RunAsync,
    ["group_commit_ratio"] = GroupCommitBenchmark.RunAsync,
    ["reminder_fire_rate_per_s"] = ReminderFireBenchmark.RunAsync,
    ["pg_single_row_tps"] = PgSingleRowBenchmark.RunAsync,
    ["reloads_per_s"] = ReloadThroughputBenchmark.RunAsync,
    ["reloads_per_s_3_silos"] = ReloadThroughputBenchmark.RunThreeSilosAsync,
    ["failover_seconds"] = FailoverBenchmark.RunAsync,
    ["session_tasks_per_s"] = SessionTasksBenchmark.RunAsync,
};

string? name = null;
var quick = false;
var postgres = Environment.GetEnvironmentVariable("WIDGETS_TEST_POSTGRES");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--postgres" when i + 1 < args.Length:
            postgres = args[++i];
            break;
        default:
            name = args[i];
            break;
    }
}

if (name is null || !names.TryGetValue(name, out var run))
{
    await Console.Error.WriteLineAsync($"usage: Orleans.Widgets.Benchmarks <{string.Join('|', names.Keys)}> [--quick] [--postgres <connection string>]");
    return 2;
}

Report.Log($"{name}{(quick ? " (quick)" : string.Empty)} on {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
await run(new BenchOptions(quick, string.IsNullOrWhiteSpace(postgres) ? null : postgres));
return 0;
