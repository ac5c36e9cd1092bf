using Orleans.Widgets.Grains.Budget;
using static Orleans.Widgets.Grains.Tests.Budget.BudgetTestData;

namespace Orleans.Widgets.Grains.Tests.Budget;

public sealed class BudgetLimitTests
{
    [Fact]
    public void A_widget_that_is_never_seen_gets_the_floor()
    {
        Assert.Equal(BudgetPolicy.FloorLimit, BudgetPolicy.DailyLimit(new VisibilityStats(), T0, T0.AddDays(-30)));
        Assert.Equal(10, BudgetPolicy.FloorLimit);
    }

    [Fact]
    public void A_frequently_viewed_widget_gets_40_to_70()
    {
        var thirtyADay = Seen(viewsPerDay: 30, minutesEach: 1, days: 7, until: T0);
        Assert.InRange(thirtyADay.ViewsPerDay(T0), 25, 35);
        Assert.InRange(BudgetPolicy.DailyLimit(thirtyADay, T0, T0.AddDays(-30)), 40, 70);
        Assert.Equal(69, BudgetPolicy.DailyLimit(thirtyADay, T0, T0.AddDays(-30)));

        var tenADay = Seen(viewsPerDay: 10, minutesEach: 1, days: 7, until: T0);
        Assert.InRange(BudgetPolicy.DailyLimit(tenADay, T0, T0.AddDays(-30)), 40, 70);
    }

    [Fact]
    public void A_rarely_viewed_widget_gets_fewer()
    {
        var onceAWeek = Seen(viewsPerDay: 1.0 / 7, minutesEach: 2, days: 28, until: T0);
        var limit = BudgetPolicy.DailyLimit(onceAWeek, T0, T0.AddDays(-30));
        Assert.InRange(limit, BudgetPolicy.FloorLimit, 13);
        for (var hours = 0; hours < 24 * 7; hours += 6)
        {
            Assert.InRange(BudgetPolicy.DailyLimit(onceAWeek, T0.AddHours(hours), T0.AddDays(-30)), BudgetPolicy.FloorLimit, 13);
        }

        Assert.True(limit < BudgetPolicy.DailyLimit(Seen(30, 1, 7, T0), T0, T0.AddDays(-30)));
    }

    [Fact]
    public void The_limit_grows_with_views_and_with_visible_time()
    {
        var previous = 0;
        foreach (var views in new[] { 0, 0.1, 0.5, 1, 2, 5, 10, 20, 30, 50, 100 })
        {
            var limit = BudgetPolicy.DailyLimit(Seen(views, 1, 7, T0), T0, T0.AddDays(-30));
            Assert.True(limit >= previous, $"{views} views a day: {limit} < {previous}");
            previous = limit;
        }

        Assert.True(previous <= BudgetPolicy.MaxLimit);
        Assert.True(previous > 60);

        var random = new Random(17);
        for (var i = 0; i < 2000; i++)
        {
            var views = random.NextDouble() * 60;
            var minutes = random.NextDouble() * 300;
            var limit = BudgetPolicy.BaseLimit(views, minutes);
            Assert.InRange(limit, BudgetPolicy.FloorLimit, BudgetPolicy.MaxLimit);
            Assert.True(BudgetPolicy.BaseLimit(views + random.NextDouble() * 5, minutes) >= limit);
            Assert.True(BudgetPolicy.BaseLimit(views, minutes + random.NextDouble() * 30) >= limit);
        }

        Assert.True(BudgetPolicy.DailyLimit(Seen(5, 20, 7, T0), T0, T0.AddDays(-30)) > BudgetPolicy.DailyLimit(Seen(5, 1, 7, T0), T0, T0.AddDays(-30)));
    }

    [Fact]
    public void Views_fade_with_a_half_life_of_three_days()
    {
        var stats = Seen(30, 1, 7, T0);
        var now = stats.ViewsPerDay(T0) * stats.ObservedDays(T0);
        var later = stats.ViewsPerDay(T0.AddDays(3)) * stats.ObservedDays(T0.AddDays(3));
        Assert.Equal(0.5, later / now, 9);
        Assert.Equal(BudgetPolicy.FloorLimit, BudgetPolicy.DailyLimit(stats, T0.AddDays(60), T0.AddDays(-30)));
    }

    [Fact]
    public void One_early_view_does_not_read_as_many_a_day()
    {
        var stats = new VisibilityStats();
        stats.RecordVisible(T0);
        stats.RecordHidden(T0.AddMinutes(1));
        Assert.InRange(stats.ViewsPerDay(T0.AddMinutes(2)), 0.99, 1.0);
    }

    [Fact]
    public void An_open_visible_span_counts_but_is_capped()
    {
        var stats = new VisibilityStats();
        stats.Begin(T0.AddDays(-10));
        stats.RecordVisible(T0);
        Assert.True(stats.IsVisible);
        var minutes = stats.VisibleMinutesPerDay(T0.AddMinutes(30));
        Assert.True(minutes > 0);
        Assert.Equal(240, stats.VisibleMinutesPerDay(T0.AddHours(40)) * stats.ObservedDays(T0.AddHours(40)), 6);
        stats.RecordVisible(T0.AddMinutes(5));
        Assert.Equal(1, stats.DecayedViews, 6);
        stats.RecordHidden(T0.AddHours(9));
        Assert.False(stats.IsVisible);
        Assert.Equal(VisibilityStats.MaxSpan.TotalMinutes, stats.DecayedVisibleMinutes, 6);
    }

    [Fact]
    public void A_learning_device_gets_half_as_much_again_for_three_days()
    {
        var firstSeen = T0;
        var unseen = new VisibilityStats();
        Assert.Equal(15, BudgetPolicy.DailyLimit(unseen, T0.AddDays(1), firstSeen));
        Assert.Equal(15, BudgetPolicy.DailyLimit(unseen, T0.AddDays(3).AddTicks(-1), firstSeen));
        Assert.Equal(10, BudgetPolicy.DailyLimit(unseen, T0.AddDays(3), firstSeen));

        var frequent = Seen(30, 1, 2, T0.AddDays(2));
        var learning = BudgetPolicy.DailyLimit(frequent, T0.AddDays(2), firstSeen);
        var settled = BudgetPolicy.DailyLimit(frequent, T0.AddDays(2), firstSeen.AddDays(-10));
        Assert.Equal((int)Math.Floor(settled * 1.5), learning);
        Assert.InRange(learning, 60, 105);

        var decision = BudgetPolicy.Default.Evaluate(Inputs(T0.AddHours(5), Model.ReloadReason.Policy, new ReloadLedger(), device: NewDevice(T0)));
        Assert.Equal(15, decision.Limit);
    }
}
