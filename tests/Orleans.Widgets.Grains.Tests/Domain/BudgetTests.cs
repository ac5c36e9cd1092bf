using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>The rolling daily budget and its exemptions, through the widget and device actors.</summary>
public sealed class BudgetTests : DomainTest
{
    [Fact]
    public async Task A_hammered_widget_never_exceeds_its_limit_and_deferred_reloads_run_later()
    {
        await Register("w");
        await Advance(TimeSpan.FromMinutes(1));
        var start = Silo.Now;
        var sawBudgetWait = false;
        var limits = new HashSet<int>();
        DateTimeOffset lastAsked = default;
        while (Silo.Now < start + TimeSpan.FromHours(30))
        {
            await Widget("w").RequestReload(ReloadReason.AppRequested);
            lastAsked = Silo.Now;
            var status = await Status("w");
            limits.Add(status.Budget.Limit);
            AssertBudgetConsistent(status, Silo.Now);
            if (status.Pending is { } pending)
            {
                Assert.True(pending.NotBefore >= Silo.Now);
                Assert.False(string.IsNullOrWhiteSpace(pending.WaitingFor));
                sawBudgetWait |= pending.WaitingFor.Contains("daily budget", StringComparison.Ordinal);
            }

            await Advance(TimeSpan.FromMinutes(5));
        }

        Assert.True(sawBudgetWait, "the budget never deferred a reload");
        var limit = Assert.Single(limits); // a never-viewed widget on a learning device: one limit throughout
        var times = Requests("w").Select(r => r.Now).ToList();
        foreach (var t in times)
        {
            Assert.True(times.Count(x => x > t - TimeSpan.FromHours(24) && x <= t) <= limit, $"more than {limit} counted reloads in the 24 h ending {t:O}");
        }

        // Deferral, never loss: the last request is served once budget frees.
        await Advance(TimeSpan.FromHours(24));
        var final = await Status("w");
        Assert.Null(final.Pending);
        Assert.True(final.LastReload!.At >= lastAsked);
        Assert.Equal(ReloadReason.AppRequested, final.LastReload.Reason);
        AssertBudgetConsistent(final, Silo.Now);
    }

    [Fact]
    public async Task Device_settings_changes_reload_every_widget_of_the_device_uncounted()
    {
        await Register("a");
        await Register("b");
        await Register("other", device: "tablet");
        await Advance(TimeSpan.FromMinutes(10));
        var used = BudgetMeasures.CountedInLast24Hours(await Status("a"));

        foreach (var (type, reason) in new[]
        {
            (DeviceEventType.LocaleChanged, ReloadReason.LocaleChanged),
            (DeviceEventType.DynamicTypeChanged, ReloadReason.DynamicTypeChanged),
            (DeviceEventType.AccessibilityChanged, ReloadReason.AccessibilityChanged),
        })
        {
            await DeviceEvent(type);
            await Advance(TimeSpan.FromMinutes(10));
            foreach (var id in new[] { "a", "b" })
            {
                var status = await Status(id);
                Assert.Equal(reason, status.LastReload!.Reason);
                Assert.False(status.LastReload.Counted);
                Assert.Equal(used, BudgetMeasures.CountedInLast24Hours(status));
            }

            Assert.Equal(ReloadReason.Added, (await Status("other")).LastReload!.Reason);
        }

        Assert.Single(Requests("other"));
    }

    [Fact]
    public async Task Interaction_is_not_counted()
    {
        await Register("w");
        await Advance(TimeSpan.FromMinutes(10));
        var used = BudgetMeasures.CountedInLast24Hours(await Status("w"));
        await Widget("w").Interact();
        await Advance(TimeSpan.FromMinutes(1));
        var status = await Status("w");
        Assert.Equal(ReloadReason.Interaction, status.LastReload!.Reason);
        Assert.False(status.LastReload.Counted);
        Assert.Equal(used, BudgetMeasures.CountedInLast24Hours(status));
    }

    [Fact]
    public async Task App_activity_exempts_app_requests_even_when_the_budget_is_spent()
    {
        await Register("w");
        await Advance(TimeSpan.FromMinutes(10));
        await SpendBudget("w");
        var spent = await Status("w");
        Assert.NotNull(spent.Pending);

        foreach (var (begin, end) in new[]
        {
            (DeviceEventType.AppForeground, DeviceEventType.AppBackground),
            (DeviceEventType.AudioStarted, DeviceEventType.AudioEnded),
            (DeviceEventType.NavigationStarted, DeviceEventType.NavigationEnded),
        })
        {
            await Advance(TimeSpan.FromMinutes(10));
            var before = Requests("w").Count;
            var used = BudgetMeasures.CountedInLast24Hours(await Status("w"));
            await DeviceEvent(begin);
            await Widget("w").RequestReload(ReloadReason.AppRequested);
            await Advance(TimeSpan.FromMinutes(1));
            var status = await Status("w");
            Assert.Equal(before + 1, Requests("w").Count);
            Assert.Equal(ReloadReason.AppRequested, status.LastReload!.Reason);
            Assert.False(status.LastReload.Counted, $"counted during {begin}");
            Assert.Equal(used, BudgetMeasures.CountedInLast24Hours(status));
            await DeviceEvent(end);

            // Once the activity ends, an app request waits for the budget again.
            await Advance(TimeSpan.FromMinutes(10));
            await Widget("w").RequestReload(ReloadReason.AppRequested);
            Assert.Contains("daily budget", (await Status("w")).Pending!.WaitingFor, StringComparison.Ordinal);
        }
    }

    private void AssertBudgetConsistent(WidgetStatus status, DateTimeOffset now)
    {
        var budget = status.Budget;
        Assert.Equal(TimeSpan.FromHours(24), budget.WindowEnd - budget.WindowStart);
        Assert.True(budget.WindowStart <= now && now < budget.WindowEnd);
        var counted = Requests("w").Select(r => r.Now).Where(t => t <= now && t > now - TimeSpan.FromHours(24)).ToList();
        if (status.Pending is null && status.NextReloadAt is null && status.LastReload is { } last && last.At + TimeSpan.FromMinutes(1) < now)
        {
            // Nothing in flight: every reload the provider answered is in the ledger.
            Assert.Equal(Math.Max(0, budget.Limit - counted.Count), budget.Remaining);
        }

        Assert.True(budget.Used <= counted.Count);
        Assert.Equal(counted.Count(t => t >= budget.WindowStart), budget.Used);
        Assert.InRange(budget.Remaining, 0, budget.Limit);
    }
}
