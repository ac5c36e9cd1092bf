using System.Diagnostics;
using Orleans.Widgets.Benchmarks.Grains;

namespace Orleans.Widgets.Benchmarks.Benchmarks;

/// <summary>
/// PostgreSQL state writes per second from 64 concurrent writers (each looping <c>WriteStateAsync</c> on its own
/// grain), once with group commit and once without (<c>Widgets:Storage:GroupCommit=false</c>: one transaction per
/// write, up to the pool size at once), one silo after the other on the same database. Reports both and the ratio.
/// </summary>
internal static class GroupCommitBenchmark
{
    private const int Writers = 64;

    public static async Task RunAsync(BenchOptions options)
    {
        var connectionString = options.RequirePostgres();
        await BenchDatabase.PrepareAsync(connectionString);
        var warmUp = options.Pick(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        var measure = options.Pick(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20));
        var single = await MeasureAsync(connectionString, groupCommit: false, warmUp, measure);
        var grouped = await MeasureAsync(connectionString, groupCommit: true, warmUp, measure);
        Report.Result("pg_state_writes_per_s_group_commit", grouped, "writes/s");
        Report.Result("pg_state_writes_per_s_single", single, "writes/s");
        Report.Result("group_commit_ratio", grouped / single, "x");
    }

    private static async Task<double> MeasureAsync(string connectionString, bool groupCommit, TimeSpan warmUp, TimeSpan measure)
    {
        var settings = BenchSilo.PostgresSettings(connectionString);
        settings["Widgets:Storage:GroupCommit"] = groupCommit ? "true" : "false";
        await using var silo = await BenchSilo.StartAsync(settings);
        var grains = Enumerable.Range(0, Writers).Select(i => silo.GrainFactory.GetGrain<IWriterGrain>($"w{i}")).ToArray();
        using var flushes = new FlushStats("state");
        await RunAsync(grains, warmUp);
        var before = flushes.Read();
        var (writes, elapsed) = await RunAsync(grains, measure);
        var rate = writes / elapsed.TotalSeconds;
        Report.Log($"group commit {(groupCommit ? "on" : "off")}: {writes:N0} writes in {elapsed.TotalSeconds:F1}s = {rate:N0}/s; {flushes.Since(before)}");
        return rate;
    }

    private static async Task<(long Writes, TimeSpan Elapsed)> RunAsync(IWriterGrain[] grains, TimeSpan duration)
    {
        var stop = 0;
        var counts = new long[grains.Length];
        var stopwatch = Stopwatch.StartNew();
        var loops = grains.Select((grain, index) => Task.Run(async () =>
        {
            long n = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                await grain.Write((int)n);
                n++;
            }

            counts[index] = n;
        })).ToArray();
        await Task.Delay(duration);
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(loops);
        stopwatch.Stop();
        return (counts.Sum(), stopwatch.Elapsed);
    }
}
