using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Coalescing;
using Orleans.Widgets.Grains.Devices;
using Orleans.Widgets.Grains.Diagnostics;
using Orleans.Widgets.Grains.Indexing;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Benchmarks.Benchmarks;

/// <summary>
/// Timelines applied per second, end to end on PostgreSQL with group commit, next to the database's own single-row
/// transaction rate measured in the same run (<see cref="PgSingleRowBenchmark"/>). One app, one kind served by an
/// in-process provider that answers at once; N widgets registered first (timed separately); then app-server reloads
/// of the whole kind (<see cref="IKindIndexGrain.Reload"/> on every shard's partition), each round started as soon as
/// the previous one's fan-out has been absorbed. Every reload is the widget's decision and state write, the coalesced
/// provider call, the timeline applied and its state write, with the widget's reminder kept in step.
/// </summary>
internal static class ReloadThroughputBenchmark
{
    private const string App = "benchapp";
    private const string Kind = "bench.kind";
    private const string ProviderName = "bench-immediate";
    private const int WidgetsPerDevice = 10;
    private const int RegisterConcurrency = 64;

    /// <summary>
    /// Benchmark-only: the kind's minimum reload interval. Products get at least
    /// <see cref="KindSettings.MinimumReloadInterval"/> (the API refuses less); the grain does not check it, and the
    /// benchmark lowers it so that every widget can reload many times within the window. It is shorter than the
    /// coalescer's gap between two provider calls of a partition (<see cref="CoalescerGrain.MinCallGap"/>), so a widget
    /// is ready again for the next call of its partition: at 1 s, the same as the gap, about half the widgets came back
    /// a moment after the call had left and waited for the one after it.
    /// </summary>
    private static readonly TimeSpan BenchMinReloadInterval = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan BenchCoalesceWindow = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(BenchOptions options)
    {
        var connectionString = options.RequirePostgres();
        await BenchDatabase.PrepareAsync(connectionString);
        var pgTps = await PgSingleRowBenchmark.MeasureAsync(connectionString, options.Pick(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), options.Pick(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
        var run = await MeasureAsync(options, connectionString, siloCount: 1);

        Report.Result("pg_single_row_tps", pgTps, "tx/s");
        Report.Result("reloads_per_s", run.Rate, "reloads/s");
        Report.Result("reloads_per_pg_tps", run.Rate / pgTps, "x");
        Report.Result("widget_registrations_per_s", run.RegisterRate, "widgets/s");
        Report.Result("widget_state_row_bytes", run.StateRowBytes, "bytes");
    }

    /// <summary>
    /// The same workload on one silo and then on three clustered silos hosted in this process (each its own host with
    /// the cluster enabled, calls between them over TCP on 127.0.0.1), each on a fresh database of the same server,
    /// and the ratio of the two rates measured back to back.
    /// </summary>
    public static async Task RunThreeSilosAsync(BenchOptions options)
    {
        var server = options.RequirePostgres();
        ReloadRun one;
        await using (var database = await FreshDatabase.CreateAsync(server, "reloads1"))
        {
            await BenchDatabase.PrepareAsync(database.ConnectionString);
            one = await MeasureAsync(options, database.ConnectionString, siloCount: 1);
        }

        ReloadRun three;
        await using (var database = await FreshDatabase.CreateAsync(server, "reloads3"))
        {
            await BenchDatabase.PrepareAsync(database.ConnectionString);
            three = await MeasureAsync(options, database.ConnectionString, siloCount: 3);
        }

        Report.Result("reloads_per_s_1_silo", one.Rate, "reloads/s");
        Report.Result("reloads_per_s_3_silos", three.Rate, "reloads/s");
        Report.Result("reloads_per_s_3_silos_ratio", three.Rate / one.Rate, "x");
        Report.Result("widget_registrations_per_s_3_silos", three.RegisterRate, "widgets/s");
    }

    private static Dictionary<string, string?> SiloSettings(string connectionString, int index, int siloCount)
        => siloCount > 1
            ? BenchSilo.ClusteredPostgresSettings(connectionString, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"reload{index}"))
            : BenchSilo.PostgresSettings(connectionString);

    private static async Task<ReloadRun> MeasureAsync(BenchOptions options, string connectionString, int siloCount)
    {
        var widgets = options.Quick ? 20_000 : 50_000;
        var warmUp = options.Pick(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
        var window = options.Pick(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        var label = siloCount == 1 ? "1 silo" : $"{siloCount} silos";

        var provider = new ImmediateProvider();
        var silos = new List<BenchSilo>();
        try
        {
            for (var i = 0; i < siloCount; i++)
            {
                silos.Add(await BenchSilo.StartAsync(SiloSettings(connectionString, i, siloCount), b =>
                {
                    b.AddWidgetGrains();
                    b.Services.AddBuiltinTimelineProvider(ProviderName, provider);
                }));
            }

            if (siloCount > 1)
            {
                var (_, holders) = await LeaseSpread.WaitAsync(connectionString, siloCount, BenchDatabase.ShardCount, TimeSpan.FromMinutes(1));
                Report.Log($"{siloCount} silos: leases held by {holders}");
            }

            return await MeasureAsync(silos, provider, widgets, warmUp, window, label, connectionString);
        }
        finally
        {
            // Together: one by one, each stop would hand its shards to silos about to stop too.
            await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    private static async Task<ReloadRun> MeasureAsync(List<BenchSilo> silos, ImmediateProvider provider, int widgets, TimeSpan warmUp, TimeSpan window, string label, string connectionString)
    {
        // Work enters through every silo in turn, as a load balancer in front of the cluster would spread it.
        IGrainFactory Grains(int i) => silos[i % silos.Count].GrainFactory;
        var trackers = silos.Select(s => s.Services.GetRequiredService<ReloadWorkTracker>()).ToArray();
        var shardCount = silos[0].Services.GetRequiredService<IShardLocator>().ShardCount;
        using var reloads = new ReloadCounter();

        await Grains(0).GetGrain<IAppGrain>(App).Configure(new AppDefinition(
        [
            new KindSettings { Kind = Kind, BuiltinProvider = ProviderName, MinReloadInterval = BenchMinReloadInterval, CoalesceWindow = BenchCoalesceWindow },
        ]));

        // Devices in the foreground: their widgets' reloads are exempt from the daily budget, so the budget never
        // defers them; spacing, in-flight merging and everything else apply as usual.
        var registration = Stopwatch.StartNew();
        var devices = (widgets + WidgetsPerDevice - 1) / WidgetsPerDevice;
        await ForAllAsync(devices, i => Grains(i).GetGrain<IDeviceGrain>(WidgetKeys.Device(App, DeviceId(i))).OnEvent(new DeviceEvent(DeviceEventType.AppForeground)));
        var devicesTime = registration.Elapsed;
        await ForAllAsync(widgets, i => Grains(i).GetGrain<IWidgetGrain>(WidgetKeys.Widget(App, WidgetId(i)))
            .Register(new WidgetRegistration(App, Kind, "systemSmall", DeviceId(i / WidgetsPerDevice), new Dictionary<string, string> { ["n"] = (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        registration.Stop();
        var registerRate = widgets / (registration.Elapsed - devicesTime).TotalSeconds;
        Report.Log($"{label}: registered {widgets:N0} widgets on {devices:N0} foreground devices in {registration.Elapsed.TotalSeconds:F1}s " +
            $"(devices {devicesTime.TotalSeconds:F1}s, {registerRate:N0} widgets/s); {reloads.Total:N0} first timelines applied so far; load {PgSingleRowBenchmark.Load()}");

        var settle = Stopwatch.StartNew();
        while (reloads.Total < widgets && settle.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        Report.Log($"{label}: {reloads.Total:N0} first timelines applied {settle.Elapsed.TotalSeconds:F1}s after the registrations returned");

        var partitions = Enumerable.Range(0, shardCount).Select(s => Grains(s).GetGrain<IKindIndexGrain>(WidgetKeys.Partition(s, App, Kind))).ToArray();
        using var stop = new CancellationTokenSource();
        var rounds = 0L;
        var requested = 0L;
        var driver = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var reloadId = "round-" + Interlocked.Read(ref rounds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var counts = await Task.WhenAll(partitions.Select(p => p.Reload(reloadId, null)));
                Interlocked.Add(ref requested, counts.Sum());
                Interlocked.Increment(ref rounds);
                await WhenIdleAsync(trackers);
            }
        });

        await Task.Delay(warmUp);
        using var stateFlushes = new FlushStats("state");
        using var reminderFlushes = new FlushStats("reminder");
        var stateBefore = stateFlushes.Read();
        var reminderBefore = reminderFlushes.Read();
        var reloadsBefore = reloads.Snapshot();
        var roundsBefore = Interlocked.Read(ref rounds);
        var requestedBefore = Interlocked.Read(ref requested);
        var callsBefore = provider.Snapshot();
        var gen2 = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        var cost = await CpuAndWal.StartAsync(dataSource);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var reloadsAfter = reloads.Snapshot();
        var stateAfter = stateFlushes.Read();
        var reminderAfter = reminderFlushes.Read();
        var calls = provider.Snapshot();
        var applied = reloadsAfter.Total - reloadsBefore.Total;
        var rate = applied / elapsed.TotalSeconds;
        Report.Log($"{label}: window {elapsed.TotalSeconds:F1}s: {applied:N0} timelines applied = {rate:N0}/s ({reloads.Describe(reloadsBefore)}); " +
            $"{Interlocked.Read(ref rounds) - roundsBefore:N0} reload rounds asking {Interlocked.Read(ref requested) - requestedBefore:N0} widgets; " +
            $"{calls.Calls - callsBefore.Calls:N0} provider calls for {calls.Widgets - callsBefore.Widgets:N0} widgets; " +
            $"{reloadsAfter.Deferrals - reloadsBefore.Deferrals:N0} deferrals, {reloadsAfter.Failures - reloadsBefore.Failures:N0} failures; " +
            $"{GC.CollectionCount(2) - gen2} gen2 GCs, {allocated / (double)Math.Max(1, applied):N0} bytes allocated per reload; load {PgSingleRowBenchmark.Load()}");
        Report.Log($"{label}: per reload: {(stateAfter.Operations - stateBefore.Operations) / (double)Math.Max(1, applied):F2} state writes, " +
            $"{(reminderAfter.Operations - reminderBefore.Operations) / (double)Math.Max(1, applied):F2} reminder writes; " +
            $"flushing busy {(stateAfter.FlushMicroseconds - stateBefore.FlushMicroseconds) / 1e4 / elapsed.TotalSeconds:F0} % (state) and " +
            $"{(reminderAfter.FlushMicroseconds - reminderBefore.FlushMicroseconds) / 1e4 / elapsed.TotalSeconds:F0} % (reminders) of the window");
        Report.Log($"{label}: per reload: {await cost.DescribeAsync(dataSource, applied, "reload")}");
        Report.Log($"{label}: state: {stateFlushes.Since(stateBefore)}");
        Report.Log($"{label}: reminders: {reminderFlushes.Since(reminderBefore)}");
        var stateRowBytes = await AverageWidgetStateBytesAsync(dataSource);
        Report.Log($"{label}: widget state rows: {stateRowBytes:F0} bytes of payload on average");

        await stop.CancelAsync();
        await driver;

        // Let the last rounds finish (deferred reloads come back through reminders) before the silos stop.
        var drain = Stopwatch.StartNew();
        var last = -1L;
        while (reloads.Total != last && drain.Elapsed < TimeSpan.FromSeconds(15))
        {
            last = reloads.Total;
            await WhenIdleAsync(trackers);
            await Task.Delay(1_500);
        }

        Report.Log($"{label}: drained in {drain.Elapsed.TotalSeconds:F1}s");
        return new ReloadRun(rate, registerRate, stateRowBytes);
    }

    private static async Task WhenIdleAsync(ReloadWorkTracker[] trackers)
    {
        foreach (var tracker in trackers)
        {
            await tracker.WhenIdleAsync();
        }
    }

    private static async Task<double> AverageWidgetStateBytesAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(avg(octet_length(payload)), 0)::float8 FROM grain_state WHERE grain_type = 'widget' AND payload IS NOT NULL");
        return (double)(await command.ExecuteScalarAsync())!;
    }

    private static string WidgetId(int i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"w{i}");

    private static string DeviceId(int i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"d{i}");

    private static async Task ForAllAsync(int count, Func<int, Task> action)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, RegisterConcurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await action(i);
            }
        })));
    }

    private readonly record struct ReloadRun(double Rate, double RegisterRate, double StateRowBytes);

    /// <summary>Answers every widget at once: one entry now, reload at the end of an entry five minutes ahead.</summary>
    private sealed class ImmediateProvider : ITimelineProvider
    {
        private static readonly JsonElement Content = JsonDocument.Parse("""{"value":1}""").RootElement.Clone();
        private long _calls;
        private long _widgets;

        public (long Calls, long Widgets) Snapshot() => (Interlocked.Read(ref _calls), Interlocked.Read(ref _widgets));

        public TimelineEntry Placeholder(TimelineContext context) => new(context.Now, Content);

        public Task<TimelineEntry> GetSnapshotAsync(TimelineContext context, CancellationToken cancellationToken) => Task.FromResult(new TimelineEntry(context.Now, Content));

        public Task<IReadOnlyList<TimelineResult>> GetTimelinesAsync(TimelineBatch batch, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Interlocked.Add(ref _widgets, batch.Requests.Count);
            var results = new TimelineResult[batch.Requests.Count];
            for (var i = 0; i < results.Length; i++)
            {
                var request = batch.Requests[i];
                results[i] = TimelineResult.Success(request.WidgetId, new Timeline([new TimelineEntry(request.Now, Content), new TimelineEntry(request.Now.AddMinutes(5), Content)], ReloadPolicy.AtEnd));
            }

            return Task.FromResult<IReadOnlyList<TimelineResult>>(results);
        }
    }

    /// <summary>Counts the domain's <c>widgets.reloads</c> (by reason), deferrals and provider failures.</summary>
    private sealed class ReloadCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);
        private long _total;
        private long _deferrals;
        private long _failures;

        public ReloadCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Orleans.Widgets.Reloads" && instrument.Name is "widgets.reloads" or "widgets.reload.deferrals" or "widgets.reload.failures")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                switch (instrument.Name)
                {
                    case "widgets.reloads":
                        Interlocked.Add(ref _total, value);
                        foreach (var tag in tags)
                        {
                            if (tag.Key == "widgets.reload.reason" && tag.Value is string reason)
                            {
                                _byReason.AddOrUpdate(reason, value, (_, n) => n + value);
                            }
                        }

                        break;
                    case "widgets.reload.deferrals":
                        Interlocked.Add(ref _deferrals, value);
                        break;
                    default:
                        Interlocked.Add(ref _failures, value);
                        break;
                }
            });
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public (long Total, long Deferrals, long Failures, Dictionary<string, long> ByReason) Snapshot()
            => (Total, Interlocked.Read(ref _deferrals), Interlocked.Read(ref _failures), new Dictionary<string, long>(_byReason, StringComparer.Ordinal));

        public string Describe((long Total, long Deferrals, long Failures, Dictionary<string, long> ByReason) before)
            => string.Join(", ", _byReason.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => $"{r.Key} {r.Value - before.ByReason.GetValueOrDefault(r.Key):N0}"));

        public void Dispose() => _listener.Dispose();
    }
}
