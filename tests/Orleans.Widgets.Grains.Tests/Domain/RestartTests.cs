using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>A silo on SQLite stopped in the middle of a day and started again on the same directory and clock.</summary>
public sealed class RestartTests : IDisposable
{
    private const string App = "acme";
    private readonly SqliteDataDirectory _data = new("widgets-restart");
    private readonly SimulatedTimeProvider _time = FakeClock.Create();
    private readonly RecordingProvider _provider = new();

    public void Dispose() => _data.Dispose();

    private Task<DomainSilo> StartAsync() => DomainSilo.StartAsync(
        _time,
        _data.Settings,
        s => s.AddBuiltinTimelineProvider(RecordingProvider.Name, _provider));

    private static KindSettings Kind(string kind, TimeSpan minInterval) => new()
    {
        Kind = kind,
        BuiltinProvider = RecordingProvider.Name,
        CoalesceWindow = TimeSpan.FromSeconds(5),
        MinReloadInterval = minInterval,
    };

    [Fact]
    public async Task Registrations_timelines_budget_and_scheduled_reloads_survive_a_restart()
    {
        _provider.Answer = r => r.WidgetId == "policy"
            ? RecordingProvider.AtEnd(r.Now, TimeSpan.FromHours(2))
            : RecordingProvider.Never(r.Now);
        var config = new Dictionary<string, string> { ["city"] = "paris" };

        var before = new Dictionary<string, WidgetStatus>(StringComparer.Ordinal);
        await using (var silo = await StartAsync())
        {
            await silo.CreateAppAsync(App, Kind("news", TimeSpan.FromMinutes(5)), Kind("slow", TimeSpan.FromMinutes(30)));
            await silo.Widget(App, "policy").Register(new WidgetRegistration(App, "news", "systemSmall", "phone", config));
            await silo.Widget(App, "deferred").Register(new WidgetRegistration(App, "slow", "systemMedium", "phone", config));
            await silo.AdvanceAsync(TimeSpan.FromMinutes(40));
            await silo.Widget(App, "deferred").RequestReload(ReloadReason.AppRequested);
            await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
            await silo.Widget(App, "deferred").RequestReload(ReloadReason.AppRequested);
            foreach (var id in new[] { "policy", "deferred" })
            {
                before[id] = (await silo.Widget(App, id).GetStatus())!;
            }
        }

        var deferred = before["deferred"].Pending!;
        Assert.Contains("minimum interval of 30 minutes", deferred.WaitingFor, StringComparison.Ordinal);
        Assert.Equal(2, _provider.RequestsFor(App, "deferred").Count);
        Assert.Single(_provider.RequestsFor(App, "policy"));

        // Down for 20 minutes; the deferred reload is due 9 minutes after the restart.
        _time.Advance(TimeSpan.FromMinutes(20));
        await using (var silo = await StartAsync())
        {
            foreach (var id in new[] { "policy", "deferred" })
            {
                var was = before[id];
                var now = (await silo.Widget(App, id).GetStatus())!;
                Assert.Equal(was.Kind, now.Kind);
                Assert.Equal(was.Family, now.Family);
                Assert.Equal(was.Device, now.Device);
                Assert.Equal(was.Configuration, now.Configuration);
                Assert.Equal(was.LastReload, now.LastReload);
                Assert.Equal(was.Pending, now.Pending);
                Assert.Equal(was.NextReloadAt, now.NextReloadAt);
                Assert.Equal(was.Budget.Limit, now.Budget.Limit);
                Assert.Equal(BudgetMeasures.CountedInLast24Hours(was), BudgetMeasures.CountedInLast24Hours(now));
                Assert.Equal(was.Budget.Remaining, now.Budget.Remaining);
                Assert.Equal(was.Timeline!.Policy, now.Timeline!.Policy);
                Assert.Equal(was.Timeline.Entries.Select(e => (e.Date, e.Content.GetRawText())), now.Timeline.Entries.Select(e => (e.Date, e.Content.GetRawText())));
            }

            var configurations = await silo.Grains.GetGrain<Devices.IDeviceGrain>(Widgets.WidgetKeys.Device(App, "phone")).GetConfigurations();
            Assert.Equal(["deferred", "policy"], configurations.Select(c => c.WidgetId));

            // The deferred reload runs at its time, once, and counts once.
            await silo.AdvanceAsync(deferred.NotBefore - silo.Now - TimeSpan.FromSeconds(1));
            Assert.Equal(2, _provider.RequestsFor(App, "deferred").Count);
            await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
            var requests = _provider.RequestsFor(App, "deferred");
            Assert.Equal(3, requests.Count);
            Assert.True(requests[2].Now >= deferred.NotBefore);
            var after = (await silo.Widget(App, "deferred").GetStatus())!;
            Assert.Null(after.Pending);
            Assert.Equal(ReloadReason.AppRequested, after.LastReload!.Reason);
            Assert.Equal(before["deferred"].Budget.Remaining - 1, after.Budget.Remaining);

            // The policy reload scheduled before the restart runs at the last entry's date.
            var due = before["policy"].NextReloadAt!.Value;
            await silo.AdvanceAsync(due - silo.Now - TimeSpan.FromMinutes(1));
            Assert.Single(_provider.RequestsFor(App, "policy"));
            await silo.AdvanceAsync(TimeSpan.FromMinutes(2));
            var policy = _provider.RequestsFor(App, "policy");
            Assert.Equal(2, policy.Count);
            Assert.Equal(ReloadReason.Policy, policy[1].Reason);
            Assert.True(policy[1].Now >= due);
            Assert.Equal(before["policy"].Budget.Remaining - 1, (await silo.Widget(App, "policy").GetStatus())!.Budget.Remaining);
        }
    }
}
