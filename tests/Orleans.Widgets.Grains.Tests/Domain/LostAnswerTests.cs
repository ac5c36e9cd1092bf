using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>
/// A reload found due by the reminder starts without writing its in-flight mark. On SQLite, the silo stops while the
/// reload waits in the coalescer (its queue is dropped: the provider is never asked and no answer is applied, as in
/// a crash): after the restart the reminder fires again, the reload runs once and its budget is counted once.
/// </summary>
public sealed class LostAnswerTests : IAsyncLifetime
{
    private const string App = "acme";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "widgets-lost-answer-" + Guid.NewGuid().ToString("N"));
    private readonly SimulatedTimeProvider _time = FakeClock.Create();
    private readonly RecordingProvider _provider = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private Task<DomainSilo> StartAsync() => DomainSilo.StartAsync(
        _time,
        new Dictionary<string, string?> { ["Widgets:Storage:Provider"] = "Sqlite", ["Widgets:Storage:DataDirectory"] = _directory },
        s => s.AddBuiltinTimelineProvider(RecordingProvider.Name, _provider));

    private static KindSettings Kind(string kind) => new()
    {
        Kind = kind,
        BuiltinProvider = RecordingProvider.Name,
        CoalesceWindow = TimeSpan.FromSeconds(30),
        MinReloadInterval = TimeSpan.FromMinutes(5),
    };

    [Theory]
    [InlineData("policy")]
    [InlineData("deferred")]
    public async Task A_reload_whose_answer_is_lost_runs_again_after_a_restart_and_counts_once(string widget)
    {
        _provider.Answer = r => RecordingProvider.AtEnd(r.Now, TimeSpan.FromHours(1));
        int usedBefore;
        DateTimeOffset due;
        await using (var silo = await StartAsync())
        {
            await silo.CreateAppAsync(App, Kind("news"));
            await silo.Widget(App, widget).Register(new WidgetRegistration(App, "news", "systemSmall", "phone", new Dictionary<string, string>()));
            await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
            Assert.Single(_provider.RequestsFor(App, widget));
            if (widget == "deferred")
            {
                // Within the minimum interval: waits as a pending reload, stored, for its reminder.
                await silo.Widget(App, widget).RequestReload(ReloadReason.AppRequested);
            }

            var status = (await silo.Widget(App, widget).GetStatus())!;
            usedBefore = BudgetMeasures.CountedInLast24Hours(status);
            due = status.NextReloadAt!.Value;

            // The reminder fires and the reload waits in the coalescer; the silo stops before the provider is asked.
            await silo.AdvanceAsync(due - silo.Now + TimeSpan.FromSeconds(5));
            Assert.Single(_provider.RequestsFor(App, widget));
        }

        await using (var silo = await StartAsync())
        {
            // Nothing was applied: the stored state still has the reload due, and no answer was recorded.
            var stored = (await silo.Widget(App, widget).GetStatus())!;
            Assert.Equal(usedBefore, BudgetMeasures.CountedInLast24Hours(stored));
            Assert.Null(stored.LastError);

            await silo.AdvanceAsync(TimeSpan.FromMinutes(3));
            var requests = _provider.RequestsFor(App, widget);
            Assert.Equal(2, requests.Count);
            Assert.Equal(widget == "policy" ? ReloadReason.Policy : ReloadReason.AppRequested, requests[1].Reason);
            var after = (await silo.Widget(App, widget).GetStatus())!;
            Assert.Equal(usedBefore + 1, BudgetMeasures.CountedInLast24Hours(after));
            Assert.Null(after.LastError);
            Assert.Null(after.Pending);
            Assert.Equal(requests[1].Now, after.LastReload!.At);

            // Nothing else fires for it: the next reload is the policy's, an hour on.
            await silo.AdvanceAsync(TimeSpan.FromMinutes(50));
            Assert.Equal(2, _provider.RequestsFor(App, widget).Count);
            Assert.Equal(usedBefore + 1, BudgetMeasures.CountedInLast24Hours((await silo.Widget(App, widget).GetStatus())!));
        }
    }
    [Fact]
    public async Task A_requested_reload_in_flight_when_its_silo_stops_runs_again_soon_after_without_backoff_and_counts_once()
    {
        int usedBefore;
        await using (var silo = await StartAsync())
        {
            await silo.CreateAppAsync(App, Kind("news"));
            await silo.Widget(App, "w").Register(new WidgetRegistration(App, "news", "systemSmall", "phone", new Dictionary<string, string>()));
            await silo.AdvanceAsync(TimeSpan.FromMinutes(6));
            usedBefore = BudgetMeasures.CountedInLast24Hours((await silo.Widget(App, "w").GetStatus())!);

            // Asked for by an event: its in-flight mark is stored, then it waits in the coalescer when the silo stops.
            await silo.Widget(App, "w").RequestReload(ReloadReason.AppRequested);
            await silo.AdvanceAsync(TimeSpan.FromSeconds(5));
            Assert.Single(_provider.RequestsFor(App, "w"));
        }

        await using (var silo = await StartAsync())
        {
            // Once its reminder fires (the coalescing window and the in-flight allowance after it started, give or take
            // the restarted reminder service's first load), not after a provider-failure backoff.
            await silo.AdvanceAsync(Kind("news").CoalesceWindow + WidgetGrain.InFlightAllowance + TimeSpan.FromMinutes(1));
            var requests = _provider.RequestsFor(App, "w");
            Assert.Equal(2, requests.Count);
            Assert.Equal(ReloadReason.AppRequested, requests[1].Reason);
            var after = (await silo.Widget(App, "w").GetStatus())!;
            Assert.Null(after.LastError);
            Assert.Null(after.Pending);
            Assert.Equal(requests[1].Now, after.LastReload!.At);
            Assert.Equal(usedBefore + 1, BudgetMeasures.CountedInLast24Hours(after));

            await silo.AdvanceAsync(TimeSpan.FromMinutes(30));
            Assert.Equal(2, _provider.RequestsFor(App, "w").Count);
            Assert.Equal(usedBefore + 1, BudgetMeasures.CountedInLast24Hours((await silo.Widget(App, "w").GetStatus())!));
        }
    }
}
