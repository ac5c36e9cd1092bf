using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>Reload policies and the minimum interval between reloads, through the widget actors.</summary>
public sealed class ReloadPolicyTests : DomainTest
{
    [Fact]
    public async Task AtEnd_reloads_at_the_last_entry_not_before()
    {
        Provider.Answer = r => RecordingProvider.AtEnd(r.Now, TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        await Register("w");
        await Advance(TimeSpan.FromMinutes(1));
        var status = await Status("w");
        Assert.Equal(ReloadReason.Added, status.LastReload!.Reason);
        var lastEntry = status.Timeline!.Entries[^1].Date;
        Assert.Equal(lastEntry, status.NextReloadAt);

        await Advance(lastEntry - Silo.Now - TimeSpan.FromMinutes(1));
        Assert.Single(Requests("w"));

        await Advance(TimeSpan.FromMinutes(2));
        var requests = Requests("w");
        Assert.Equal(2, requests.Count);
        Assert.Equal(ReloadReason.Policy, requests[1].Reason);
        Assert.True(requests[1].Now >= lastEntry);
        Assert.Equal(ReloadReason.Policy, (await Status("w")).LastReload!.Reason);
    }

    [Theory]
    [InlineData(1, 3)] // the date is before the last entry
    [InlineData(3, 1)] // the date is after the last entry
    public async Task After_never_reloads_before_its_date(int afterHours, int lastEntryHours)
    {
        Provider.Answer = r => RecordingProvider.After(r.Now, TimeSpan.FromHours(afterHours), TimeSpan.FromHours(lastEntryHours));
        await Register("w");
        await Advance(TimeSpan.FromMinutes(1));
        var date = (await Status("w")).Timeline!.Policy.Date!.Value;

        await Advance(date - Silo.Now - TimeSpan.FromMinutes(1));
        Assert.Single(Requests("w"));

        await Advance(TimeSpan.FromMinutes(2));
        var requests = Requests("w");
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].Now >= date);
        Assert.True(requests[1].Now < date + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Never_waits_for_an_app_request()
    {
        await Register("w");
        await Advance(TimeSpan.FromMinutes(1));
        var status = await Status("w");
        Assert.Equal(ReloadPolicyType.Never, status.Timeline!.Policy.Type);
        Assert.Null(status.NextReloadAt);

        await Advance(TimeSpan.FromDays(2));
        Assert.Single(Requests("w"));

        Assert.Equal(1, await ReloadKind(App, Kind));
        await Advance(TimeSpan.FromMinutes(1));
        var requests = Requests("w");
        Assert.Equal(2, requests.Count);
        Assert.Equal(ReloadReason.AppRequested, requests[1].Reason);
    }

    [Fact]
    public async Task A_second_request_within_the_minimum_interval_waits_for_it()
    {
        await Register("w");
        await Advance(TimeSpan.FromMinutes(10));

        await Widget("w").RequestReload(ReloadReason.AppRequested);
        await Advance(TimeSpan.FromMinutes(1));
        var first = (await Status("w")).LastReload!.At;
        Assert.Equal(2, Requests("w").Count);

        await Widget("w").RequestReload(ReloadReason.AppRequested);
        var status = await Status("w");
        Assert.Contains("minimum interval of 5 minutes", status.Pending!.WaitingFor, StringComparison.Ordinal);
        Assert.Equal(first + TimeSpan.FromMinutes(5), status.Pending.NotBefore);

        await Advance(first + TimeSpan.FromMinutes(5) - Silo.Now - TimeSpan.FromSeconds(1));
        Assert.Equal(2, Requests("w").Count);
        Assert.NotNull((await Status("w")).Pending);

        await Advance(TimeSpan.FromMinutes(1));
        var requests = Requests("w");
        Assert.Equal(3, requests.Count);
        Assert.True(requests[2].Now >= first + TimeSpan.FromMinutes(5));
        Assert.True(requests[2].Now <= first + TimeSpan.FromMinutes(5) + Window);
        Assert.Null((await Status("w")).Pending);
    }

    [Fact]
    public async Task A_kind_with_a_larger_minimum_interval_is_honoured()
    {
        await Silo.CreateAppAsync(App, KindOf(Kind), KindOf("slow", minInterval: TimeSpan.FromMinutes(20)));
        await Register("w", kind: "slow");
        await Advance(TimeSpan.FromMinutes(30));
        await Widget("w").RequestReload(ReloadReason.AppRequested);
        await Advance(TimeSpan.FromMinutes(1));
        var first = (await Status("w")).LastReload!.At;

        await Widget("w").RequestReload(ReloadReason.AppRequested);
        Assert.Contains("minimum interval of 20 minutes", (await Status("w")).Pending!.WaitingFor, StringComparison.Ordinal);

        await Advance(first + TimeSpan.FromMinutes(20) - Silo.Now - TimeSpan.FromSeconds(1));
        Assert.Equal(2, Requests("w").Count);
        await Advance(TimeSpan.FromMinutes(1));
        var requests = Requests("w");
        Assert.Equal(3, requests.Count);
        Assert.True(requests[2].Now >= first + TimeSpan.FromMinutes(20));
    }
}
