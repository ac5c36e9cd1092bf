using System.Diagnostics;
using Orleans.Widgets.Benchmarks.Grains;

namespace Orleans.Widgets.Benchmarks.Benchmarks;

/// <summary>
/// Calls per second to 1 000 activated grains in one silo on the memory store, from concurrent async callers that
/// each await one call at a time to a random grain. Runs at several caller counts; the headline is the best.
/// A call to an idle activation whose method completes synchronously runs inline on the caller's thread; the
/// <c>local_async_calls_per_s</c> figure uses a method that yields once, so every call takes the asynchronous path
/// (continuation on the thread pool, response timeout timer armed).
/// </summary>
internal static class LocalCallsBenchmark
{
    private const int Grains = 1_000;

    public static async Task RunAsync(BenchOptions options)
    {
        await using var silo = await BenchSilo.StartAsync(BenchSilo.MemorySettings());
        var grains = Enumerable.Range(0, Grains).Select(i => silo.GrainFactory.GetGrain<IPingGrain>($"p{i}")).ToArray();
        foreach (var grain in grains)
        {
            await grain.Ping(0);
        }

        var warmUp = options.Pick(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        var measure = options.Pick(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10));
        var best = 0.0;
        foreach (var callers in new[] { 2 * Environment.ProcessorCount, 16, 64 })
        {
            await RunLoopsAsync(grains, callers, warmUp);
            var gen0 = GC.CollectionCount(0);
            var allocated = GC.GetTotalAllocatedBytes();
            var (calls, elapsed) = await RunLoopsAsync(grains, callers, measure);
            var rate = calls / elapsed.TotalSeconds;
            Report.Log($"local calls: {callers} callers, {calls:N0} calls in {elapsed.TotalSeconds:F1}s = {rate:N0}/s; " +
                $"{(GC.GetTotalAllocatedBytes() - allocated) / (double)calls:F0} B allocated per call, {GC.CollectionCount(0) - gen0} gen0 GCs");
            Report.Result($"local_calls_per_s_{callers}_callers", rate, "calls/s");
            best = Math.Max(best, rate);
        }

        Report.Result("local_calls_per_s", best, "calls/s");

        const int asyncCallers = 64;
        await RunLoopsAsync(grains, asyncCallers, warmUp, yielding: true);
        var (asyncCalls, asyncElapsed) = await RunLoopsAsync(grains, asyncCallers, measure, yielding: true);
        Report.Log($"local calls that yield: {asyncCallers} callers, {asyncCalls:N0} calls in {asyncElapsed.TotalSeconds:F1}s");
        Report.Result("local_async_calls_per_s", asyncCalls / asyncElapsed.TotalSeconds, "calls/s");
    }

    private static async Task<(long Calls, TimeSpan Elapsed)> RunLoopsAsync(IPingGrain[] grains, int callers, TimeSpan duration, bool yielding = false)
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
                for (var i = 0; i < 64; i++)
                {
                    var grain = grains[random.Next(grains.Length)];
                    await (yielding ? grain.PingYield(i) : grain.Ping(i));
                }

                n += 64;

                // Let the other callers in: a call to an idle activation completes inline, so a loop never yields by itself.
                await Task.Yield();
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
