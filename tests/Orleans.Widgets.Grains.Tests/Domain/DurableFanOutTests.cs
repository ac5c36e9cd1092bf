using Orleans.Widgets.Grains.Indexing;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>
/// App-server reloads acknowledged by the kind index partitions and not yet delivered when the silo crashes, on
/// SQLite: after the restart every targeted widget reloads exactly once.
/// </summary>
public sealed class DurableFanOutTests : IDisposable
{
    private const string App = "acme";
    private const string Kind = "durable-news";
    private const string Other = "other";
    private const int Widgets = 40;
    private readonly SqliteDataDirectory _data = new("widgets-fanout");
    private SimulatedTimeProvider _time = FakeClock.Create();
    private readonly RecordingProvider _provider = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_reload_stored_but_not_delivered_before_a_crash_reaches_every_widget_once_after_the_restart()
    {
        using var fanOuts = new FanOutListener(Kind);
        var reloadId = Guid.NewGuid().ToString("N");
        int acknowledged;
        var silo = await StartAsync();
        try
        {
            await RegisterFleetAsync(silo);

            // The widgets cannot take the reload while their kind is missing from the app: the fan-out fails, and
            // the request stays stored in the partitions that acknowledged it.
            await silo.CreateAppAsync(App, KindOf(Other));
            await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
            acknowledged = await ReloadAllAsync(silo, reloadId);
            await silo.Clock.SettleAsync(CancellationToken.None);
            Assert.Equal(Widgets, acknowledged);
            Assert.Empty(AppRequested());
            Assert.Equal(0, fanOuts.Reached);
        }
        finally
        {
            await silo.CrashAsync();
        }

        Restart();
        await using (silo = await StartAsync())
        {
            await silo.CreateAppAsync(App, KindOf(Kind), KindOf(Other));

            // Nothing calls the partitions: their reminder brings them back and the fan-outs resume (the reloads
            // then wait for the budget's pacing like any other).
            await silo.AdvanceAsync(TimeSpan.FromHours(1));
            Assert.True(fanOuts.Resumed > 0);
            Assert.Equal(Widgets, fanOuts.Reached);
            AssertEachWidgetReloadedOnce();

            // Delivering the same reload again (a fan-out resumed after the widgets took it) changes nothing.
            Assert.Equal(Widgets, await ReloadAllAsync(silo, reloadId));
            await silo.AdvanceAsync(TimeSpan.FromMinutes(5));
            AssertEachWidgetReloadedOnce();
            foreach (var widget in WidgetIds())
            {
                var status = (await silo.Widget(App, widget).GetStatus())!;
                Assert.Equal(ReloadReason.AppRequested, status.LastReload!.Reason);
                Assert.Equal(2, BudgetMeasures.CountedInLast24Hours(status));
            }
        }
    }

    [Fact]
    public async Task A_reload_acknowledged_just_before_a_crash_reaches_every_widget_once_after_the_restart()
    {
        var reloadId = Guid.NewGuid().ToString("N");
        var silo = await StartAsync();
        try
        {
            await RegisterFleetAsync(silo);
            Assert.Equal(Widgets, await ReloadAllAsync(silo, reloadId));
        }
        finally
        {
            // However far the fan-out got, it is cut here.
            await silo.CrashAsync();
        }

        Restart();
        await using (silo = await StartAsync())
        {
            await silo.AdvanceAsync(TimeSpan.FromHours(1));
            AssertEachWidgetReloadedOnce();
        }
    }

    private static KindSettings KindOf(string kind) => new()
    {
        Kind = kind,
        BuiltinProvider = RecordingProvider.Name,
        CoalesceWindow = TimeSpan.FromSeconds(5),
        MinReloadInterval = KindSettings.MinimumReloadInterval,
    };

    private static IEnumerable<string> WidgetIds() => Enumerable.Range(0, Widgets).Select(i => $"w{i}");

    /// <summary>
    /// A new clock for the restarted silo, down long enough for the dead silo's leases to run out. The dead silo's
    /// timers stay on the old clock, which no longer moves: nothing of it runs again, as after a real crash.
    /// </summary>
    private void Restart() => _time = new SimulatedTimeProvider(_time.GetUtcNow() + TimeSpan.FromMinutes(1));

    private Task<DomainSilo> StartAsync() => DomainSilo.StartAsync(
        _time,
        _data.Settings,
        s => s.AddBuiltinTimelineProvider(RecordingProvider.Name, _provider));

    private async Task RegisterFleetAsync(DomainSilo silo)
    {
        await silo.CreateAppAsync(App, KindOf(Kind), KindOf(Other));
        foreach (var widget in WidgetIds())
        {
            await silo.Widget(App, widget).Register(new WidgetRegistration(App, Kind, "systemSmall", "phone-" + widget, new Dictionary<string, string>()));
        }

        // Past the first reloads and the minimum interval after them.
        await silo.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(Widgets, _provider.Batches.Sum(b => b.Requests.Count));
    }

    private static async Task<int> ReloadAllAsync(DomainSilo silo, string reloadId)
    {
        var shards = (IShardLocator)silo.Services.GetService(typeof(IShardLocator))!;
        var counts = await Task.WhenAll(Enumerable.Range(0, shards.ShardCount)
            .Select(shard => silo.Grains.GetGrain<IKindIndexGrain>(WidgetKeys.Partition(shard, App, Kind)).Reload(reloadId, null)));
        return counts.Sum();
    }

    private List<TimelineRequest> AppRequested()
        => WidgetIds().SelectMany(w => _provider.RequestsFor(App, w)).Where(r => r.Reason == ReloadReason.AppRequested).ToList();

    private void AssertEachWidgetReloadedOnce()
    {
        foreach (var widget in WidgetIds())
        {
            Assert.Single(_provider.RequestsFor(App, widget), r => r.Reason == ReloadReason.AppRequested);
        }
    }
}
