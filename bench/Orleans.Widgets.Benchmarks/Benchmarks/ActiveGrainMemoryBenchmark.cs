using System.Diagnostics;
using Orleans.Widgets.Benchmarks.Grains;

namespace Orleans.Widgets.Benchmarks.Benchmarks;

/// <summary>
/// Activates 1 000 000 trivial grains (one call each) on the memory store and reports the managed heap growth per
/// activation (<see cref="GC.GetTotalMemory(bool)"/> after a full collection, after minus before) and the activation rate.
/// </summary>
internal static class ActiveGrainMemoryBenchmark
{
    public static async Task RunAsync(BenchOptions options)
    {
        const int count = 1_000_000;
        var callers = 2 * Environment.ProcessorCount;
        await using var silo = await BenchSilo.StartAsync(BenchSilo.MemorySettings());
        var factory = silo.GrainFactory;

        // Warm up the call and activation paths (JIT, dictionaries) on grains that stay active, counted in "before".
        for (var i = 0; i < 10_000; i++)
        {
            await factory.GetGrain<IPingGrain>($"warm{i}").Ping(i);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var activationsBefore = silo.Runtime.Catalog.Count;
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await factory.GetGrain<IPingGrain>($"g{i}").Ping(i);
            }
        })).ToArray();
        await Task.WhenAll(loops);
        stopwatch.Stop();
        var activated = silo.Runtime.Catalog.Count - activationsBefore;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(silo);
        Report.Log($"activated {activated:N0} grains in {stopwatch.Elapsed.TotalSeconds:F1}s; heap {before / 1e6:F0} MB -> {after / 1e6:F0} MB");
        if (activated != count)
        {
            throw new InvalidOperationException($"Expected {count} new activations, found {activated}.");
        }

        Report.Result("activations_per_s", count / stopwatch.Elapsed.TotalSeconds, "activations/s");
        Report.Result("bytes_per_active_grain", (after - before) / (double)count, "B");
    }
}
