using System.Diagnostics.Metrics;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>
/// A widget leaves its reminder where it is when it is already due early enough (it only ever moves it earlier), so
/// frequent reloads do not move it twice each. On SQLite, across a restart: the early firings reload nothing, and the
/// policy reload still runs at its time, once.
/// </summary>
public sealed class ReminderPlacementTests : IDisposable
{
    private const string App = "acme";
    private readonly SqliteDataDirectory _data = new("widgets-reminders");
    private readonly SimulatedTimeProvider _time = FakeClock.Create();
    private readonly RecordingProvider _provider = new();

    public void Dispose() => _data.Dispose();

    private Task<DomainSilo> StartAsync() => DomainSilo.StartAsync(
        _time,
        _data.Settings,
        s => s.AddBuiltinTimelineProvider(RecordingProvider.Name, _provider));

    [Fact]
    public async Task Frequent_reloads_keep_the_early_reminder_and_the_policy_reload_still_runs_once_at_its_time_after_a_restart()
    {
        _provider.Answer = r => RecordingProvider.AtEnd(r.Now, TimeSpan.FromHours(2));
        var skipped = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "widgets.reminder.moves.skipped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref skipped, value));
        listener.Start();

        DateTimeOffset due;
        await using (var silo = await StartAsync())
        {
            await silo.CreateAppAsync(App, new KindSettings
            {
                Kind = "news",
                BuiltinProvider = RecordingProvider.Name,
                CoalesceWindow = TimeSpan.FromSeconds(5),
                MinReloadInterval = TimeSpan.FromMinutes(1),
            });
            await silo.Widget(App, "w").Register(new WidgetRegistration(App, "news", "systemSmall", "phone", new Dictionary<string, string>()));
            await silo.AdvanceAsync(TimeSpan.FromSeconds(30));
            Assert.Single(_provider.RequestsFor(App, "w"));

            // Reloads 90 s apart: each in-flight timeout (2 min) is later than the reminder already set.
            for (var i = 0; i < 4; i++)
            {
                await silo.AdvanceAsync(TimeSpan.FromSeconds(90));
                await silo.Widget(App, "w").Interact(); // exempt from the budget, so each reloads at once
                await silo.AdvanceAsync(TimeSpan.FromSeconds(10));
                Assert.Equal(i + 2, _provider.RequestsFor(App, "w").Count);
            }

            var status = (await silo.Widget(App, "w").GetStatus())!;
            due = status.NextReloadAt!.Value;
            Assert.Equal(status.LastReload!.At + TimeSpan.FromHours(2), due);
        }

        Assert.True(Interlocked.Read(ref skipped) > 0, "no reminder move was left out");

        // Down for 5 minutes: the early reminder is overdue at the restart, fires, finds nothing to do and reschedules.
        _time.Advance(TimeSpan.FromMinutes(5));
        await using (var silo = await StartAsync())
        {
            await silo.AdvanceAsync(due - silo.Now - TimeSpan.FromMinutes(1));
            Assert.Equal(5, _provider.RequestsFor(App, "w").Count);
            Assert.Equal(due, (await silo.Widget(App, "w").GetStatus())!.NextReloadAt);

            await silo.AdvanceAsync(TimeSpan.FromMinutes(2));
            var requests = _provider.RequestsFor(App, "w");
            Assert.Equal(6, requests.Count);
            Assert.Equal(ReloadReason.Policy, requests[5].Reason);
            Assert.True(requests[5].Now >= due);
        }
    }
}
