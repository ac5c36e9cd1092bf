using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Benchmarks.Grains;
using Orleans.Widgets.Runtime.Messaging;
using Orleans.Widgets.Runtime.Placement;
using Orleans.Widgets.Runtime.Testing;

namespace Orleans.Widgets.Benchmarks.Benchmarks;

/// <summary>
/// Calls per second that always cross from one silo to another over TCP on 127.0.0.1: two silos in this process on
/// memory stores, silo A holding the even shards and silo B the odd ones (a static shard directory), and concurrent
/// callers on A that each await one call at a time to a random one of 1 000 grains in B's shards. Runs at several
/// caller counts; the headline is the best.
/// </summary>
internal static class CrossSiloCallsBenchmark
{
    private const int Grains = 1_000;
    private const int ShardCount = 64;

    public static async Task RunAsync(BenchOptions options)
    {
        var directory = new StaticShardDirectory();
        var settings = BenchSilo.MemorySettings();
        settings["Widgets:Cluster:Enabled"] = "true";
        settings["Widgets:Cluster:Host"] = "127.0.0.1";
        settings["Widgets:Cluster:Port"] = "0";
        void Services(IServiceCollection s) => s.AddSingleton<IShardDirectory>(directory).AddSingleton(ShardHandoff.SharedMemoryStore);

        // Silo ids are name@start-millisecond-pid: two silos of one process need distinct names.
        await using var a = await BenchSilo.StartAsync(new Dictionary<string, string?>(settings) { ["Widgets:Silo:Name"] = "a" }, services: Services);
        await using var b = await BenchSilo.StartAsync(new Dictionary<string, string?>(settings) { ["Widgets:Silo:Name"] = "b" }, services: Services);
        await ShardHandoff.KeepOnlyAsync(a.Runtime, static shard => shard % 2 == 0);
        await ShardHandoff.KeepOnlyAsync(b.Runtime, static shard => shard % 2 == 1);
        var endpointA = a.Services.GetRequiredService<ClusterTransport>().Endpoint!;
        var endpointB = b.Services.GetRequiredService<ClusterTransport>().Endpoint!;
        for (var shard = 0; shard < ShardCount; shard++)
        {
            directory.Publish(shard, shard % 2 == 0 ? endpointA : endpointB);
        }

        var grains = Enumerable.Range(0, Grains)
            .Select(i => a.GrainFactory.GetGrain<IPingGrain>(ShardMap.ExplicitKey((2 * i + 1) % ShardCount, $"p{i}")))
            .ToArray();
        foreach (var grain in grains)
        {
            await grain.Ping(0);
        }

        if (a.Runtime.Catalog.Count != 0 || b.Runtime.Catalog.Count != Grains)
        {
            throw new InvalidOperationException($"The calls did not cross: {a.Runtime.Catalog.Count} activations on the caller, {b.Runtime.Catalog.Count} on the callee.");
        }

        var warmUp = options.Pick(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        var measure = options.Pick(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10));
        var best = 0.0;
        foreach (var callers in new[] { 64, 256, 1024 })
        {
            await RunLoopsAsync(grains, callers, warmUp);
            var gen0 = GC.CollectionCount(0);
            var allocated = GC.GetTotalAllocatedBytes();
            var (calls, elapsed) = await RunLoopsAsync(grains, callers, measure);
            var rate = calls / elapsed.TotalSeconds;
            Report.Log($"cross-silo calls: {callers} callers, {calls:N0} calls in {elapsed.TotalSeconds:F1}s = {rate:N0}/s; " +
                $"{(GC.GetTotalAllocatedBytes() - allocated) / (double)calls:F0} B allocated per call (both silos), {GC.CollectionCount(0) - gen0} gen0 GCs");
            Report.Result($"cross_silo_calls_per_s_{callers}_callers", rate, "calls/s");
            best = Math.Max(best, rate);
        }

        Report.Result("cross_silo_calls_per_s", best, "calls/s");
    }

    private static async Task<(long Calls, TimeSpan Elapsed)> RunLoopsAsync(IPingGrain[] grains, int callers, TimeSpan duration)
    {
        var stop = 0;
        var counts = new long[callers];
        var stopwatch = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            long n = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                await grains[random.Next(grains.Length)].Ping((int)n);
                n++;
            }

            counts[c] = n;
        })).ToArray();
        await Task.Delay(duration);
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(loops);
        stopwatch.Stop();
        return (counts.Sum(), stopwatch.Elapsed);
    }
}
