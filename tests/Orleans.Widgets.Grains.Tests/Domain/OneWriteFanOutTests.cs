using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Grains.Indexing;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>
/// A widget takes an app-server reload without a state write of its own: its partition keeps the stored request until
/// the widget confirms, at its next state write, that it stored the id with what the reload became. On SQLite and a
/// simulated clock, with crashes on either side of that write: each widget reloads and counts exactly once.
/// </summary>
public sealed class OneWriteFanOutTests : IDisposable
{
    private const string App = "acme";
    private const string Kind = "one-write";
    private const int Widgets = 12;
    private readonly SqliteDataDirectory _data = new("widgets-one-write");
    private readonly RecordingProvider _provider = new();
    private SimulatedTimeProvider _time = FakeClock.Create();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_crash_after_the_acknowledgement_and_before_the_widgets_write_delivers_again_and_the_widget_reloads_and_counts_once()
    {
        var reloadId = NewId();
        Dictionary<string, int> countedBefore;
        var silo = await StartAsync();
        try
        {
            await RegisterFleetAsync(silo, KindOf(TimeSpan.FromMinutes(5)));
            countedBefore = await CountedAsync(silo);
            var stored = StoredWidgetRows(reminders: false);
            Assert.Equal(Widgets, await ReloadAllAsync(silo, reloadId));

            // Every widget took the reload and waits in the coalescer without a state write (its reminder moved to the
            // in-flight timeout): only the partitions stored the request.
            Assert.Equal(stored, StoredWidgetRows(reminders: false));
            Assert.True(Receipts(silo).Count > 0);
            Assert.Empty(AppRequested());
        }
        finally
        {
            await silo.CrashAsync();
        }

        Restart();
        await using (silo = await StartAsync())
        {
            await silo.CreateAppAsync(App, KindOf(TimeSpan.FromMinutes(5)));
            await silo.AdvanceAsync(TimeSpan.FromHours(1));
            AssertEachWidgetReloadedOnce();
            Assert.Equal(0, Receipts(silo).Count);
            await AssertCountedOnceMoreAsync(silo, countedBefore);

            // The stored state holds the id: the same reload delivered again changes nothing.
            Assert.Equal(Widgets, await ReloadAllAsync(silo, reloadId));
            await silo.AdvanceAsync(TimeSpan.FromMinutes(10));
            AssertEachWidgetReloadedOnce();
            await AssertCountedOnceMoreAsync(silo, countedBefore);
        }
    }

    [Fact]
    public async Task A_crash_after_the_widgets_write_and_before_the_fan_out_is_marked_done_neither_reloads_nor_counts_again()
    {
        var reloadId = NewId();
        var lost = new LosingReceipts();
        Dictionary<string, int> countedBefore;
        var silo = await StartAsync(lost);
        try
        {
            await RegisterFleetAsync(silo, KindOf(TimeSpan.FromMinutes(5)));
            countedBefore = await CountedAsync(silo);

            // The widgets reload and write; their receipts never reach the partitions, which still store the request.
            lost.Losing = true;
            Assert.Equal(Widgets, await ReloadAllAsync(silo, reloadId));
            await silo.AdvanceAsync(TimeSpan.FromSeconds(30));
            AssertEachWidgetReloadedOnce();
            await AssertCountedOnceMoreAsync(silo, countedBefore);
            Assert.True(lost.Lost >= Widgets);
        }
        finally
        {
            await silo.CrashAsync();
        }

        Restart();
        using var fanOuts = new FanOutListener(Kind);
        await using (silo = await StartAsync())
        {
            await silo.CreateAppAsync(App, KindOf(TimeSpan.FromMinutes(5)));

            // The partitions' reminder delivers the request again; every widget finds the id stored and confirms.
            await silo.AdvanceAsync(TimeSpan.FromMinutes(5));
            Assert.True(fanOuts.Resumed > 0);
            Assert.Equal(0, Receipts(silo).Count);
            var resumed = fanOuts.Resumed;
            await silo.AdvanceAsync(TimeSpan.FromHours(1));
            Assert.Equal(resumed, fanOuts.Resumed);
            AssertEachWidgetReloadedOnce();
            await AssertCountedOnceMoreAsync(silo, countedBefore);
        }
    }

    [Fact]
    public async Task A_short_deferral_runs_on_a_timer_and_a_crash_before_its_write_delivers_the_reload_again()
    {
        // A minimum interval shorter than a short deferral (the grain accepts it; the REST API would not).
        var kind = KindOf(TimeSpan.FromSeconds(20));
        Dictionary<string, int> countedBefore;
        var silo = await StartAsync();
        try
        {
            await RegisterFleetAsync(silo, kind);
            await ReloadAllAsync(silo, NewId());
            await silo.AdvanceAsync(TimeSpan.FromSeconds(10));
            AssertEachWidgetReloadedOnce();
            countedBefore = await CountedAsync(silo);

            // Within the minimum interval: deferred in memory, no write, no reminder move; the request stays stored.
            var stored = StoredWidgetRows(reminders: true);
            await ReloadAllAsync(silo, NewId());
            Assert.Equal(stored, StoredWidgetRows(reminders: true));
            Assert.True(Receipts(silo).Count > 0);
        }
        finally
        {
            await silo.CrashAsync();
        }

        Restart();
        await using (silo = await StartAsync())
        {
            await silo.CreateAppAsync(App, kind);
            await silo.AdvanceAsync(TimeSpan.FromHours(1));
            AssertEachWidgetReloaded(times: 2);
            Assert.Equal(0, Receipts(silo).Count);
            await AssertCountedOnceMoreAsync(silo, countedBefore);
        }
    }

    [Fact]
    public async Task A_short_deferral_without_a_crash_reloads_once_and_confirms_at_the_write_after_it()
    {
        var kind = KindOf(TimeSpan.FromSeconds(20));
        await using var silo = await StartAsync();
        await RegisterFleetAsync(silo, kind);
        await ReloadAllAsync(silo, NewId());
        await silo.AdvanceAsync(TimeSpan.FromSeconds(10));
        await ReloadAllAsync(silo, NewId());
        Assert.True(Receipts(silo).Count > 0);

        await silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        AssertEachWidgetReloaded(times: 2);
        Assert.Equal(0, Receipts(silo).Count);
        await silo.AdvanceAsync(TimeSpan.FromHours(1));
        AssertEachWidgetReloaded(times: 2);
    }

    [Fact]
    public async Task A_widget_deferred_by_the_budget_writes_at_once_and_still_reloads_later_after_a_crash()
    {
        const string widget = "w0";
        var kind = KindOf(TimeSpan.FromMinutes(5));
        DateTimeOffset notBefore;
        int requestsBefore;
        var silo = await StartAsync();
        try
        {
            await silo.CreateAppAsync(App, kind);
            await silo.Widget(App, widget).Register(new WidgetRegistration(App, Kind, "systemSmall", "phone", new Dictionary<string, string>()));
            await SpendBudgetAsync(silo, widget);
            requestsBefore = _provider.RequestsFor(App, widget).Count;

            // Deferred for hours: written at once, so the partition forgets the request.
            await ReloadAllAsync(silo, NewId());
            var pending = (await silo.Widget(App, widget).GetStatus())!.Pending!;
            Assert.Equal(ReloadReason.AppRequested, pending.Reason);
            Assert.True(pending.NotBefore - silo.Now > WidgetGrain.ShortDeferral);
            notBefore = pending.NotBefore;
            await silo.Clock.SettleAsync();
            Assert.Equal(0, Receipts(silo).Count);
        }
        finally
        {
            await silo.CrashAsync();
        }

        Restart();
        await using (silo = await StartAsync())
        {
            await silo.CreateAppAsync(App, kind);
            await silo.AdvanceAsync(notBefore - silo.Now + TimeSpan.FromMinutes(2));
            var requests = _provider.RequestsFor(App, widget);
            Assert.Equal(requestsBefore + 1, requests.Count);
            Assert.Equal(ReloadReason.AppRequested, requests[^1].Reason);
            Assert.True(requests[^1].Now >= notBefore);
            Assert.Null((await silo.Widget(App, widget).GetStatus())!.Pending);
        }
    }

    private static KindSettings KindOf(TimeSpan minInterval) => new()
    {
        Kind = Kind,
        BuiltinProvider = RecordingProvider.Name,
        CoalesceWindow = TimeSpan.FromSeconds(5),
        MinReloadInterval = minInterval,
    };

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static IEnumerable<string> WidgetIds() => Enumerable.Range(0, Widgets).Select(i => $"w{i}");

    private static AppReloadReceipts Receipts(DomainSilo silo) => silo.Services.GetRequiredService<IAppReloadReceipts>() switch
    {
        AppReloadReceipts receipts => receipts,
        LosingReceipts losing => losing.Inner,
        var other => throw new InvalidOperationException($"Unexpected receipts {other.GetType()}."),
    };

    /// <summary>A new clock for the restarted silo, as in <see cref="DurableFanOutTests"/>: the dead silo's timers never run again.</summary>
    private void Restart() => _time = new SimulatedTimeProvider(_time.GetUtcNow() + TimeSpan.FromMinutes(1));

    private Task<DomainSilo> StartAsync(LosingReceipts? receipts = null) => DomainSilo.StartAsync(
        _time,
        _data.Settings,
        s =>
        {
            s.AddBuiltinTimelineProvider(RecordingProvider.Name, _provider);
            if (receipts is not null)
            {
                s.AddSingleton<IAppReloadReceipts>(sp => receipts.Attach(new AppReloadReceipts(sp.GetRequiredService<TimeProvider>())));
            }
        });

    private async Task RegisterFleetAsync(DomainSilo silo, KindSettings kind)
    {
        await silo.CreateAppAsync(App, kind);
        foreach (var widget in WidgetIds())
        {
            await silo.Widget(App, widget).Register(new WidgetRegistration(App, Kind, "systemSmall", "phone-" + widget, new Dictionary<string, string>()));
        }

        await silo.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(Widgets, _provider.Batches.Sum(b => b.Requests.Count));
    }

    private static async Task<int> ReloadAllAsync(DomainSilo silo, string reloadId)
    {
        var shards = silo.Services.GetRequiredService<IShardLocator>();
        var counts = await Task.WhenAll(Enumerable.Range(0, shards.ShardCount)
            .Select(shard => silo.Grains.GetGrain<IKindIndexGrain>(WidgetKeys.Partition(shard, App, Kind)).Reload(reloadId, null)));
        await silo.Clock.SettleAsync();
        return counts.Sum();
    }

    /// <summary>Version of every widget state row (and due time and version of every widget reminder), read from the SQLite file.</summary>
    private string StoredWidgetRows(bool reminders)
    {
        var file = Directory.GetFiles(_data.Path, "*.db").Single();
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 'state ' || grain_key || ' ' || version FROM grain_state WHERE grain_type = 'widget'
            UNION ALL
            SELECT 'reminder ' || grain_key || ' ' || due_at || ' ' || version FROM reminders WHERE grain_type = 'widget' AND $reminders
            ORDER BY 1
            """;
        command.Parameters.AddWithValue("$reminders", reminders);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        Assert.NotEmpty(rows);
        return string.Join('\n', rows);
    }

    private static async Task SpendBudgetAsync(DomainSilo silo, string widget)
    {
        for (var i = 0; i < 400; i++)
        {
            await silo.Widget(App, widget).RequestReload(ReloadReason.AppRequested);
            if ((await silo.Widget(App, widget).GetStatus())!.Pending is { } pending && pending.WaitingFor.Contains("daily budget", StringComparison.Ordinal))
            {
                // Let the reload in flight (if any) finish, so the only thing left is the budget's wait.
                await silo.AdvanceAsync(TimeSpan.FromSeconds(10));
                return;
            }

            await silo.AdvanceAsync(TimeSpan.FromMinutes(5));
        }

        throw new InvalidOperationException("The budget was never spent.");
    }

    private static async Task<Dictionary<string, int>> CountedAsync(DomainSilo silo)
    {
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var widget in WidgetIds())
        {
            counted[widget] = BudgetMeasures.CountedInLast24Hours((await silo.Widget(App, widget).GetStatus())!);
        }

        return counted;
    }

    private static async Task AssertCountedOnceMoreAsync(DomainSilo silo, Dictionary<string, int> before)
    {
        var after = await CountedAsync(silo);
        foreach (var widget in WidgetIds())
        {
            Assert.Equal(before[widget] + 1, after[widget]);
        }
    }

    private List<TimelineRequest> AppRequested()
        => WidgetIds().SelectMany(w => _provider.RequestsFor(App, w)).Where(r => r.Reason == ReloadReason.AppRequested).ToList();

    private void AssertEachWidgetReloadedOnce() => AssertEachWidgetReloaded(times: 1);

    private void AssertEachWidgetReloaded(int times)
    {
        foreach (var widget in WidgetIds())
        {
            Assert.Equal(times, _provider.RequestsFor(App, widget).Count(r => r.Reason == ReloadReason.AppRequested));
        }
    }

    /// <summary>Receipts that are dropped while <see cref="Losing"/> is set, as if the partition never heard them.</summary>
    private sealed class LosingReceipts : IAppReloadReceipts
    {
        private int _lost;

        public AppReloadReceipts Inner { get; private set; } = null!;

        public bool Losing { get; set; }

        public int Lost => Volatile.Read(ref _lost);

        public LosingReceipts Attach(AppReloadReceipts inner)
        {
            Inner = inner;
            return this;
        }

        public AppReloadWait Expect(string partition, string reloadId, IEnumerable<string> widgetIds, Action onAllConfirmed)
            => Inner.Expect(partition, reloadId, widgetIds, onAllConfirmed);

        public void Confirm(string partition, string reloadId, string widgetId)
        {
            if (Losing)
            {
                Interlocked.Increment(ref _lost);
                return;
            }

            Inner.Confirm(partition, reloadId, widgetId);
        }

        public void Abandon(AppReloadWait wait) => Inner.Abandon(wait);
    }
}
