using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Orleans.Widgets.Benchmarks.Grains;
using Orleans.Widgets.Runtime;
using Orleans.Widgets.Runtime.Placement;

namespace Orleans.Widgets.Benchmarks.Benchmarks;

/// <summary>
/// Reminder firing with 1 000 000 reminders registered in PostgreSQL. Rows are bulk-loaded (binary COPY, streamed)
/// before the silo starts: a band due at <see cref="DueRate"/> per second over a warm-up plus the measured window,
/// and the rest due hours later (registered, never due during the run). Each reminder is periodic (one hour) and
/// targets its own <see cref="TickGrain"/>. Reports ticks delivered per second during the window, the p99 lateness of
/// the ticks due in it, and the peak working set of this process (which hosts the silo) during the window.
/// </summary>
internal static class ReminderFireBenchmark
{
    private const int TotalReminders = 1_000_000;
    private const int DueRate = 6_000;
    private const string GrainTypeName = "tick";
    private const string ReminderName = "bench";
    private static readonly long PeriodMs = (long)TimeSpan.FromHours(1).TotalMilliseconds;

    public static async Task RunAsync(BenchOptions options)
    {
        var connectionString = options.RequirePostgres();
        var warmUp = options.Pick(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        var window = options.Pick(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60));
        var drainLimit = TimeSpan.FromSeconds(30);
        var shardCount = await BenchDatabase.PrepareAsync(connectionString);
        var map = new ShardMap(shardCount);
        var bandRows = (int)(DueRate * (warmUp + window).TotalSeconds);

        // The later rows first: their insert rate tells how far ahead the due band must start.
        var later = Stopwatch.StartNew();
        var laterStart = NowMs() + (long)TimeSpan.FromHours(2).TotalMilliseconds;
        var laterRows = TotalReminders - bandRows;
        await CopyAsync(connectionString, map, bandRows, laterRows, i => laterStart + ((long)(i - bandRows) * 3_600_000 / laterRows));
        later.Stop();
        var rowsPerSecond = laterRows / later.Elapsed.TotalSeconds;
        Report.Log($"inserted {laterRows:N0} later reminders in {later.Elapsed.TotalSeconds:F1}s ({rowsPerSecond:N0} rows/s)");

        var startMargin = TimeSpan.FromSeconds(options.Quick ? 12 : 20);
        var bandStart = NowMs() + (long)((bandRows / rowsPerSecond * 1.3 * 1000) + startMargin.TotalMilliseconds);
        var band = Stopwatch.StartNew();
        await CopyAsync(connectionString, map, 0, bandRows, i => bandStart + ((long)i * 1000 / DueRate));
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await using var analyze = dataSource.CreateCommand("ANALYZE reminders");
            await analyze.ExecuteNonQueryAsync();
        }

        Report.Log($"inserted {bandRows:N0} reminders due at {DueRate:N0}/s in {band.Elapsed.TotalSeconds:F1}s; the band starts in {(bandStart - NowMs()) / 1000.0:F1}s");

        var settings = BenchSilo.PostgresSettings(connectionString);
        settings["Widgets:Grains:CollectionAge"] = "00:00:20";
        settings["Widgets:Grains:CollectionQuantum"] = "00:00:05";
        var startup = Stopwatch.StartNew();
        await using var silo = await BenchSilo.StartAsync(settings);
        Report.Log($"silo started in {startup.Elapsed.TotalSeconds:F1}s holding {silo.Runtime.Reminders.InMemoryCount:N0} near-due reminders; working set {WorkingSetMb():F0} MB");
        if (NowMs() > bandStart)
        {
            Report.Log("warning: the silo started after the first reminders were due; the warm-up absorbs it");
        }

        var measureFrom = bandStart + (long)warmUp.TotalMilliseconds;
        var measureUntil = measureFrom + (long)window.TotalMilliseconds;
        TickStats.MeasureDueBetween(measureFrom, measureUntil);
        var expected = (long)(DueRate * window.TotalSeconds);

        using var sampler = new WorkingSetSampler();
        using var flushes = new FlushStats("reminder");
        using var stopProgress = new CancellationTokenSource();
        var progress = Task.Run(() => ProgressAsync(silo, stopProgress.Token));
        await DelayUntilAsync(measureFrom);
        sampler.Start();
        var ticksAtStart = TickStats.Total;
        var windowClock = Stopwatch.StartNew();
        var gen2 = GC.CollectionCount(2);
        var flushesBefore = flushes.Read();
        await DelayUntilAsync(measureUntil);
        var ticksInWindow = TickStats.Total - ticksAtStart;
        Report.Log($"acknowledgements in the window: {flushes.Since(flushesBefore)}");
        var windowSeconds = windowClock.Elapsed.TotalSeconds;
        var drain = Stopwatch.StartNew();
        while (TickStats.Measured < expected && drain.Elapsed < drainLimit)
        {
            await Task.Delay(100);
        }

        sampler.Stop();
        var rate = ticksInWindow / windowSeconds;
        var p99 = TickStats.Quantile(0.99, expected);
        var p50 = TickStats.Quantile(0.50, expected);
        Report.Log($"window: {ticksInWindow:N0} ticks in {windowSeconds:F1}s; {TickStats.Measured:N0} of {expected:N0} ticks due in it delivered " +
            $"(drain {drain.Elapsed.TotalSeconds:F1}s); lateness p50 {p50} ms, p99 {p99} ms; {GC.CollectionCount(2) - gen2} gen2 GCs");
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var retained = GC.GetTotalMemory(forceFullCollection: true);
        Report.Log($"after the window: heap {heapBefore / 1048576.0:F0} MB, {retained / 1048576.0:F0} MB after a full collection " +
            $"({silo.Runtime.Reminders.InMemoryCount:N0} reminders in memory, {silo.Runtime.Catalog.Count:N0} activations); working set {WorkingSetMb():F0} MB");
        var registered = await silo.Runtime.Store.Reminders.CountAsync(CancellationToken.None);
        Report.Log($"{registered:N0} reminders registered at the end of the window");

        Report.Result("reminder_fire_rate_per_s", rate, "ticks/s");
        Report.Result("reminder_p99_lateness_ms", p99, "ms");
        Report.Result("reminder_p50_lateness_ms", p50, "ms");
        Report.Result("reminders_registered", registered, "reminders");
        Report.Result("silo_rss_mb", sampler.PeakBytes / 1048576.0, "MB");
        using (var process = Process.GetCurrentProcess())
        {
            Report.Result("process_peak_rss_mb", process.PeakWorkingSet64 / 1048576.0, "MB");
        }

        await stopProgress.CancelAsync();
        await progress;
    }

    /// <summary>Streams rows [first, first + count) into the reminders table with one binary COPY.</summary>
    private static async Task CopyAsync(string connectionString, ShardMap map, int first, int count, Func<int, long> dueAt)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        var type = GrainType.Create(GrainTypeName);
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY reminders (grain_type, grain_key, name, shard, start_at, due_at, period_ms, version) FROM STDIN (FORMAT BINARY)");
        for (var i = first; i < first + count; i++)
        {
            var key = Key(i);
            var due = dueAt(i);
            await import.StartRowAsync();
            await import.WriteAsync(GrainTypeName, NpgsqlDbType.Text);
            await import.WriteAsync(key, NpgsqlDbType.Text);
            await import.WriteAsync(ReminderName, NpgsqlDbType.Text);
            await import.WriteAsync(map.GetShard(new GrainId(type, key)), NpgsqlDbType.Integer);
            await import.WriteAsync(due, NpgsqlDbType.Bigint);
            await import.WriteAsync(due, NpgsqlDbType.Bigint);
            await import.WriteAsync(PeriodMs, NpgsqlDbType.Bigint);
            await import.WriteAsync(1L, NpgsqlDbType.Bigint);
        }

        await import.CompleteAsync();
    }

    private static string Key(int i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"r{i:D7}");

    private static async Task ProgressAsync(BenchSilo silo, CancellationToken cancellationToken)
    {
        var last = TickStats.Total;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(5_000, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var total = TickStats.Total;
            Report.Log($"ticks {total:N0} (+{(total - last) / 5.0:N0}/s); in memory {silo.Runtime.Reminders.InMemoryCount:N0} reminders, " +
                $"{silo.Runtime.Catalog.Count:N0} activations; heap {GC.GetTotalMemory(false) / 1048576.0:F0} MB, working set {WorkingSetMb():F0} MB; " +
                $"GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            last = total;
        }
    }

    private static async Task DelayUntilAsync(long unixMs)
    {
        var wait = unixMs - NowMs();
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait));
        }
    }

    private static double WorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1048576.0;
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Samples this process's working set every 100 ms and keeps the peak.</summary>
    private sealed class WorkingSetSampler : IDisposable
    {
        private readonly Process _process = Process.GetCurrentProcess();
        private Timer? _timer;
        private long _peak;

        public long PeakBytes => Interlocked.Read(ref _peak);

        public void Start() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

        public void Stop()
        {
            _timer?.Dispose();
            _timer = null;
            Sample();
        }

        public void Dispose()
        {
            _timer?.Dispose();
            _process.Dispose();
        }

        private void Sample()
        {
            lock (_process)
            {
                _process.Refresh();
                var current = _process.WorkingSet64;
                if (current > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, current);
                }
            }
        }
    }
}
