using Orleans.Widgets.Grains.Coalescing;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Tests.Domain;

/// <summary>Coalesced provider calls, provider failures and tenant isolation, on one shard so every widget shares a partition.</summary>
public sealed class ProviderCallTests : DomainTest
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Widgets:Storage:ShardCount"] = "1" };

    [Fact]
    public async Task Widgets_due_within_the_window_share_one_provider_call()
    {
        for (var i = 0; i < 20; i++)
        {
            await Register($"w{i}", device: $"d{i}");
        }

        await Advance(TimeSpan.FromMinutes(1));
        var batch = Assert.Single(Provider.Batches);
        Assert.Equal(20, batch.Requests.Count);
        Assert.Equal(20, batch.Requests.Select(r => r.WidgetId).Distinct().Count());
        Assert.All(batch.Requests, r => Assert.Equal(ReloadReason.Added, r.Reason));
    }

    [Fact]
    public async Task A_kind_without_a_coalescing_window_calls_its_provider_as_soon_as_the_clock_moves()
    {
        // Zero is a valid window (the API accepts coalesceWindowSeconds 0); the simulated clock must still advance.
        await Silo.CreateAppAsync(App, KindOf("instant") with { CoalesceWindow = TimeSpan.Zero });
        await Register("a", kind: "instant");
        await Register("b", kind: "instant", device: "tablet");
        await Advance(TimeSpan.FromSeconds(1)).WaitAsync(TimeSpan.FromSeconds(30));

        var batch = Assert.Single(Provider.Batches);
        Assert.Equal(2, batch.Requests.Count);
        Assert.Null((await Status("a")).Pending);
        Assert.NotNull((await Status("b")).Timeline);
    }

    [Fact]
    public async Task Visible_widgets_go_first_when_batches_are_capped()
    {
        var count = CoalescerGrain.MaxBatchSize + 20;
        for (var i = 0; i < count; i++)
        {
            await Register($"w{i:D4}", device: $"d{i}");
        }

        await Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(count, Provider.Batches.Sum(b => b.Requests.Count));
        var visible = Enumerable.Range(count - 10, 10).Select(i => $"w{i:D4}").ToHashSet(StringComparer.Ordinal);
        foreach (var id in visible)
        {
            await Widget(id).SetVisibility(true);
        }

        await Advance(TimeSpan.FromMinutes(10));
        var already = Provider.Batches.Count;
        Assert.Equal(count, await ReloadKind(App, Kind));
        await Advance(TimeSpan.FromMinutes(1));
        var batches = Provider.Batches.Skip(already).ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal(CoalescerGrain.MaxBatchSize, batches[0].Requests.Count);
        Assert.Subset(batches[0].Requests.Select(r => r.WidgetId).ToHashSet(StringComparer.Ordinal), visible);
        Assert.Equal(visible.Count, batches[0].Requests.Take(visible.Count).Count(r => visible.Contains(r.WidgetId)));
    }

    [Fact]
    public async Task A_failing_provider_keeps_the_timeline_costs_no_budget_and_is_retried_with_backoff()
    {
        await Register("w");
        await Advance(TimeSpan.FromMinutes(10));
        var good = await Status("w");
        Assert.Null(good.LastError);

        Provider.Failing = true;
        await Widget("w").RequestReload(ReloadReason.AppRequested);
        await Advance(TimeSpan.FromMinutes(1));
        var failed = await Status("w");
        Assert.NotNull(failed.LastError);
        Assert.Equal(good.Timeline, failed.Timeline);
        Assert.Equal(good.LastReload, failed.LastReload);
        Assert.Equal(BudgetMeasures.CountedInLast24Hours(good), BudgetMeasures.CountedInLast24Hours(failed));
        Assert.Contains("provider failure", failed.Pending!.WaitingFor, StringComparison.Ordinal);

        await Advance(TimeSpan.FromMinutes(20));
        var attempts = Requests("w").Skip(1).Select(r => r.Now).ToList();
        Assert.True(attempts.Count >= 3, $"{attempts.Count} attempts");
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, g => Assert.True(g >= TimeSpan.FromMinutes(1), $"retried after {g}"));
        Assert.True(gaps[^1] > gaps[0], "the backoff does not grow");
        Assert.Equal(BudgetMeasures.CountedInLast24Hours(good), BudgetMeasures.CountedInLast24Hours(await Status("w")));

        Provider.Failing = false;
        await Advance(TimeSpan.FromHours(1));
        var recovered = await Status("w");
        Assert.Null(recovered.LastError);
        Assert.Null(recovered.Pending);
        Assert.Equal(ReloadReason.AppRequested, recovered.LastReload!.Reason);
        Assert.True(recovered.LastReload.At > good.LastReload!.At);
        Assert.Equal(BudgetMeasures.CountedInLast24Hours(good) + 1, BudgetMeasures.CountedInLast24Hours(recovered));
    }

    [Fact]
    public async Task An_answer_that_leaves_out_one_widget_fails_only_that_widget()
    {
        Provider.Answer = r => r.WidgetId == "missing" ? null : RecordingProvider.Never(r.Now);
        await Register("present");
        await Register("missing", device: "other");
        await Advance(TimeSpan.FromMinutes(1));
        Assert.Single(Provider.Batches);
        var present = await Status("present");
        Assert.NotNull(present.Timeline);
        Assert.Null(present.LastError);
        var missing = await Status("missing");
        Assert.Null(missing.Timeline);
        Assert.Contains("left out", missing.LastError, StringComparison.Ordinal);
        Assert.NotNull(missing.Pending);
    }

    [Fact]
    public async Task A_targeted_reload_through_one_apps_index_never_reaches_another_apps_widgets()
    {
        await Silo.CreateAppAsync("other", KindOf(Kind));
        var config = new Dictionary<string, string> { ["city"] = "paris" };
        foreach (var app in new[] { App, "other" })
        {
            await Register("w1", app: app, configuration: config);
            await Register("w2", app: app, configuration: config);
        }

        await Advance(TimeSpan.FromMinutes(10));
        var already = Provider.Batches.Count;
        var otherBefore = await Status("w1", "other");

        Assert.Equal(2, await ReloadKind(App, Kind, config));
        await Advance(TimeSpan.FromMinutes(1));
        var batches = Provider.Batches.Skip(already).ToList();
        Assert.NotEmpty(batches);
        Assert.All(batches, b => Assert.Equal(App, b.App));
        Assert.Equal(ReloadReason.AppRequested, (await Status("w1")).LastReload!.Reason);
        Assert.Equal(otherBefore.LastReload, (await Status("w1", "other")).LastReload);
        Assert.Equal(ReloadReason.Added, (await Status("w2", "other")).LastReload!.Reason);

        // A widget cannot be registered under another app's key.
        await Assert.ThrowsAnyAsync<Exception>(() => Widget("w1", "other").Register(new WidgetRegistration(App, Kind, "systemSmall", "phone", config)));
    }
}
