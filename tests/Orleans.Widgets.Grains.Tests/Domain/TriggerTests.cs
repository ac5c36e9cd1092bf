using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>Reloads the runtime starts on its own: a widget becoming visible, a significant move of the device.</summary>
public sealed class TriggerTests : DomainTest
{
    [Fact]
    public async Task A_hidden_widget_with_a_deferred_reload_reloads_when_it_becomes_visible()
    {
        await Register("w");
        await Advance(TimeSpan.FromMinutes(10));
        await SpendBudget("w");
        var deferred = (await Status("w")).Pending!;
        Assert.True(deferred.NotBefore > Silo.Now + TimeSpan.FromHours(1));
        var before = Requests("w").Count;

        await Advance(TimeSpan.FromMinutes(10));
        await Widget("w").SetVisibility(true);
        await Advance(TimeSpan.FromMinutes(1));
        var status = await Status("w");
        Assert.Equal(before + 1, Requests("w").Count);
        Assert.Equal(ReloadReason.BecameVisible, status.LastReload!.Reason);
        Assert.Null(status.Pending);
    }

    [Fact]
    public async Task A_hidden_widget_whose_policy_time_passed_under_a_spent_budget_reloads_when_it_becomes_visible()
    {
        Provider.Answer = r => RecordingProvider.AtEnd(r.Now, TimeSpan.FromMinutes(30));
        await Register("w");
        await Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 200 && (await Status("w")).Pending?.WaitingFor.Contains("daily budget", StringComparison.Ordinal) != true; i++)
        {
            await Advance(TimeSpan.FromMinutes(30));
        }

        var status = await Status("w");
        Assert.Contains("daily budget", status.Pending!.WaitingFor, StringComparison.Ordinal);
        Assert.Equal(ReloadReason.Policy, status.Pending.Reason);
        var before = Requests("w").Count;

        await Widget("w").SetVisibility(true);
        await Advance(TimeSpan.FromMinutes(1));
        status = await Status("w");
        Assert.Equal(before + 1, Requests("w").Count);
        Assert.Equal(ReloadReason.BecameVisible, status.LastReload!.Reason);
    }

    [Fact]
    public async Task A_fresh_widget_does_not_reload_when_it_becomes_visible()
    {
        await Register("w");
        await Advance(TimeSpan.FromMinutes(10));
        await Widget("w").SetVisibility(true);
        await Advance(TimeSpan.FromMinutes(10));
        await Widget("w").SetVisibility(false);
        await Widget("w").SetVisibility(true);
        await Advance(TimeSpan.FromMinutes(10));
        Assert.Single(Requests("w"));
        Assert.Equal(ReloadReason.Added, (await Status("w")).LastReload!.Reason);
    }

    [Fact]
    public async Task A_significant_move_reloads_the_widgets_of_kinds_that_use_location_only()
    {
        await Silo.CreateAppAsync(App, KindOf(Kind), KindOf("weather", usesLocation: true));
        await Register("weather-1", kind: "weather");
        await Register("news-1");
        await Register("weather-elsewhere", device: "tablet", kind: "weather");
        await DeviceEvent(DeviceEventType.Location, latitude: 48.8566, longitude: 2.3522); // the first fix
        await Advance(TimeSpan.FromMinutes(10));
        var weather = Requests("weather-1").Count;

        // About 110 m north: not significant.
        await DeviceEvent(DeviceEventType.Location, latitude: 48.8576, longitude: 2.3522);
        await Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(weather, Requests("weather-1").Count);

        // About 5.5 km north: significant.
        await DeviceEvent(DeviceEventType.Location, latitude: 48.9066, longitude: 2.3522);
        await Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(weather + 1, Requests("weather-1").Count);
        Assert.Equal(ReloadReason.Location, (await Status("weather-1")).LastReload!.Reason);
        Assert.Single(Requests("news-1"));
        Assert.Single(Requests("weather-elsewhere"));
    }
    [Fact]
    public async Task An_app_server_reload_sent_again_with_its_id_reloads_and_counts_once()
    {
        // The clock starts at a random instant and a new device's budget window at midnight: the test's 40 minutes
        // must not straddle it, or the reloads before midnight drop out of the count.
        var timeOfDay = Silo.Now.TimeOfDay;
        if (timeOfDay > TimeSpan.FromHours(23))
        {
            await Advance(TimeSpan.FromDays(1) - timeOfDay + TimeSpan.FromMinutes(1));
        }

        await Register("w");
        await Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, (await Status("w")).Budget.Used);

        // The app server resends a reload it got no answer for: at once, and again long after the first was applied.
        Assert.Equal(1, await ReloadKind(App, Kind, reloadId: "r1"));
        Assert.Equal(1, await ReloadKind(App, Kind, reloadId: "r1"));
        await Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await ReloadKind(App, Kind, reloadId: "r1"));
        await Advance(TimeSpan.FromMinutes(10));

        var status = await Status("w");
        Assert.Equal(2, status.Budget.Used);
        Assert.Equal(2, Requests("w").Count);
        Assert.Null(status.Pending);

        Assert.Equal(1, await ReloadKind(App, Kind, reloadId: "r2"));
        await Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(3, (await Status("w")).Budget.Used);
    }
}
