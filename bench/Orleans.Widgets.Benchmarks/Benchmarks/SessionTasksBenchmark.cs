using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Orleans.Widgets.Grains.Apps;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Sessions;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;
using Orleans.Widgets.Testing;

namespace Orleans.Widgets.Benchmarks.Benchmarks;

/// <summary>
/// Background session tasks finished with their events delivered, per second, on three clustered silos hosted in this
/// process on one PostgreSQL database. Many sessions at once, each with a few small downloads from a local content
/// server; the kind's session handler is in process and answers at once. A session's driver attaches it, adds its
/// tasks, waits for its completion and starts the next session, so the load is closed.
/// </summary>
internal static class SessionTasksBenchmark
{
    private const string App = "benchapp";
    private const string Kind = "bench.news";
    private const string HandlerName = "bench-counting";
    private const int SiloCount = 3;
    private const int TasksPerSession = 4;
    private const int ContentBytes = 2 * 1024;

    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchOptions options)
    {
        var server = options.RequirePostgres();
        var sessionsInFlight = options.Quick ? 48 : 96;
        var warmUp = options.Pick(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        var window = options.Pick(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

        await using var content = await ContentServer.StartAsync();
        await using var database = await FreshDatabase.CreateAsync(server, "sessions");
        await BenchDatabase.PrepareAsync(database.ConnectionString);
        var handler = new CountingHandler();
        var silos = new List<BenchSilo>();
        try
        {
            for (var i = 0; i < SiloCount; i++)
            {
                silos.Add(await BenchSilo.StartAsync(SiloSettings(database.ConnectionString, i), b =>
                {
                    b.AddWidgetGrains();
                    b.Services.AddSessionEventHandler(HandlerName, handler);
                }));
            }

            var (_, holders) = await LeaseSpread.WaitAsync(database.ConnectionString, SiloCount, BenchDatabase.ShardCount, TimeSpan.FromMinutes(1));
            Report.Log($"{SiloCount} silos: leases held by {holders}");
            await silos[0].GrainFactory.GetGrain<IAppGrain>(App).Configure(new AppDefinition(
            [
                // No widget is registered, so the timeline provider is never called.
                new KindSettings { Kind = Kind, ProviderUrl = content.Url("/timelines"), SessionHandler = new SessionHandlerSettings { Builtin = HandlerName } },
            ]));

            var url = content.Url($"/bytes/{ContentBytes}").ToString();
            using var stop = new CancellationTokenSource();
            var started = 0L;
            var drivers = Enumerable.Range(0, sessionsInFlight)
                .Select(d => Task.Run(() => DriveAsync(silos[d % SiloCount].GrainFactory, handler, d, url, () => Interlocked.Increment(ref started), stop.Token)))
                .ToList();

            await Task.Delay(warmUp);
            using var stateFlushes = new FlushStats("state");
            using var reminderFlushes = new FlushStats("reminder");
            var stateBefore = stateFlushes.Read();
            var reminderBefore = reminderFlushes.Read();
            var before = handler.Snapshot();
            var gen2 = GC.CollectionCount(2);
            await using var dataSource = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);
            var cost = await CpuAndWal.StartAsync(dataSource);
            var clock = Stopwatch.StartNew();
            await Task.Delay(window);
            var elapsed = clock.Elapsed;
            var after = handler.Snapshot();
            var stateAfter = stateFlushes.Read();
            var reminderAfter = reminderFlushes.Read();
            var tasks = after.Finished - before.Finished;
            var rate = tasks / elapsed.TotalSeconds;
            var sessions = after.Completions - before.Completions;
            Report.Log($"window {elapsed.TotalSeconds:F1}s: {tasks:N0} tasks finished with their didFinishDownloading delivered = {rate:N0}/s; " +
                $"{sessions:N0} sessions completed = {sessions / elapsed.TotalSeconds:N0}/s ({after.Events - before.Events:N0} didFinishEvents); " +
                $"{after.Failed - before.Failed:N0} tasks failed, {after.Repeats - before.Repeats:N0} repeated events; {content.TotalHits:N0} downloads served in all; " +
                $"{sessionsInFlight} sessions in flight x {TasksPerSession} tasks of {ContentBytes} bytes; {GC.CollectionCount(2) - gen2} gen2 GCs; load {PgSingleRowBenchmark.Load()}");
            Report.Log($"per task: {(stateAfter.Operations - stateBefore.Operations) / (double)Math.Max(1, tasks):F2} state writes, " +
                $"{(reminderAfter.Operations - reminderBefore.Operations) / (double)Math.Max(1, tasks):F2} reminder writes; {await cost.DescribeAsync(dataSource, tasks, "task")}");
            Report.Log($"state: {stateFlushes.Since(stateBefore)}; reminders: {reminderFlushes.Since(reminderBefore)}");

            await stop.CancelAsync();
            await Task.WhenAll(drivers);
            var total = handler.Snapshot();
            if (total.Failed > 0 || total.Repeats > 0)
            {
                throw new InvalidOperationException($"{total.Failed} tasks failed and {total.Repeats} events were repeated; the figure would not be a throughput.");
            }

            Report.Log($"{Interlocked.Read(ref started):N0} sessions started, {total.Completions:N0} completed");
            Report.Result("session_tasks_per_s", rate, "tasks/s");
            Report.Result("sessions_completed_per_s", sessions / elapsed.TotalSeconds, "sessions/s");
        }
        finally
        {
            await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    private static Dictionary<string, string?> SiloSettings(string connectionString, int index)
    {
        var settings = BenchSilo.ClusteredPostgresSettings(connectionString, string.Create(CultureInfo.InvariantCulture, $"session{index}"));

        // The content server is on 127.0.0.1 over plain HTTP, which the defaults refuse.
        settings["Widgets:Sessions:AllowedSchemes:0"] = "http";
        settings["Widgets:Sessions:AllowedAddresses:0"] = "127.0.0.1";
        return settings;
    }

    /// <summary>One session after another: attach, add the tasks, wait for the completion.</summary>
    private static async Task DriveAsync(IGrainFactory grains, CountingHandler handler, int driver, string url, Func<long> next, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var identifier = string.Create(CultureInfo.InvariantCulture, $"s{driver}-{next()}");
            var completed = handler.Expect(identifier);
            var session = grains.GetGrain<ISessionGrain>(SessionKeys.Session(App, identifier));
            var attached = await session.Attach(Kind);
            if (attached.Outcome != SessionAttachOutcome.Created)
            {
                throw new InvalidOperationException($"Attaching {identifier}: {attached.Outcome} {attached.Error}");
            }

            for (var t = 0; t < TasksPerSession; t++)
            {
                var added = await session.AddTask(new SessionTaskRequest(string.Create(CultureInfo.InvariantCulture, $"t{t}"), url, [$"w{driver}"], null));
                if (added.Outcome != SessionAddOutcome.Added)
                {
                    throw new InvalidOperationException($"Adding a task to {identifier}: {added.Outcome} {added.Error}");
                }
            }

            try
            {
                await completed.WaitAsync(SessionTimeout);
            }
            catch (TimeoutException)
            {
                var status = await session.GetStatus();
                throw new TimeoutException($"{identifier} did not complete within {SessionTimeout}: {status}");
            }
        }
    }

    /// <summary>The kind's in-process session handler: counts events and completes each session's waiter.</summary>
    private sealed class CountingHandler : ISessionEventHandler
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);
        private long _finished;
        private long _failed;
        private long _events;
        private long _completions;
        private long _repeats;

        public Task Expect(string session) => _waiting.GetOrAdd(session, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public (long Finished, long Failed, long Events, long Completions, long Repeats) Snapshot()
            => (Interlocked.Read(ref _finished), Interlocked.Read(ref _failed), Interlocked.Read(ref _events), Interlocked.Read(ref _completions), Interlocked.Read(ref _repeats));

        public Task DidFinishDownloadingAsync(SessionEventContext context, SessionTaskEvent task, CancellationToken cancellationToken)
        {
            if (First(context))
            {
                Interlocked.Increment(ref task.State == SessionTaskState.Finished && task.Content?.Length == ContentBytes ? ref _finished : ref _failed);
            }

            return Task.CompletedTask;
        }

        public Task DidFinishEventsAsync(SessionEventContext context, CancellationToken cancellationToken)
        {
            if (First(context))
            {
                Interlocked.Increment(ref _events);
            }

            return Task.CompletedTask;
        }

        public Task CompletedAsync(SessionEventContext context, CancellationToken cancellationToken)
        {
            if (First(context))
            {
                Interlocked.Increment(ref _completions);
                if (_waiting.TryRemove(context.Session, out var waiter))
                {
                    waiter.TrySetResult();
                }
            }

            return Task.CompletedTask;
        }

        private bool First(SessionEventContext context)
        {
            if (_seen.TryAdd(context.EventId, true))
            {
                return true;
            }

            Interlocked.Increment(ref _repeats);
            return false;
        }
    }
}
