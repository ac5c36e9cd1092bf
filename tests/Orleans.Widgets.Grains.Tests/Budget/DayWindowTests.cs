using System.Text.Json;
using Orleans.Widgets.Grains.Budget;
using Orleans.Widgets.Grains.Model;
using static Orleans.Widgets.Grains.Tests.Budget.BudgetTestData;

namespace Orleans.Widgets.Grains.Tests.Budget;

public sealed class DayWindowTests
{
    private static readonly DateTimeOffset March1 = new(2030, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Activity every 30 minutes from <paramref name="fromHour"/> to <paramref name="toHour"/> (UTC, may wrap past midnight) for some days.</summary>
    private static void Active(DayStartLearner learner, DateTimeOffset firstDay, int days, int fromHour, int toHour)
    {
        var length = ((toHour - fromHour) + 24) % 24;
        for (var day = 0; day < days; day++)
        {
            var start = firstDay.AddDays(day).AddHours(fromHour);
            for (var minutes = 0; minutes < length * 60; minutes += 30)
            {
                learner.Observe(start.AddMinutes(minutes));
            }
        }
    }

    private static T RoundTrip<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value))!;

    [Fact]
    public void A_device_active_from_7_to_23_starts_its_day_at_7()
    {
        var learner = new DayStartLearner();
        Active(learner, March1, days: 5, fromHour: 7, toHour: 23);
        Assert.Equal(TimeSpan.FromHours(7), learner.StartOfDay);
        Assert.Equal(March1.AddHours(7), learner.FirstSeen);

        var device = new DeviceContext(false, false, false, learner.FirstSeen, learner.StartOfDay);
        var noon = new DateTimeOffset(2030, 3, 6, 12, 0, 0, TimeSpan.Zero);
        var ledger = Ledger(noon, 5.5, 4.5);
        var decision = BudgetPolicy.Default.Evaluate(new BudgetInputs(noon, ReloadReason.Policy, device, new VisibilityStats(), ledger));
        Assert.Equal(new DateTimeOffset(2030, 3, 6, 7, 0, 0, TimeSpan.Zero), decision.WindowStart);
        Assert.Equal(new DateTimeOffset(2030, 3, 7, 7, 0, 0, TimeSpan.Zero), decision.WindowEnd);
        Assert.Equal(1, decision.Used);
        Assert.Equal(2, decision.UsedLast24Hours);
        Assert.Equal(8, decision.Remaining);
        Assert.Equal(new BudgetStatus(10, 1, 8, decision.WindowStart, decision.WindowEnd), decision.ToStatus());

        var night = BudgetPolicy.DayWindow(new DateTimeOffset(2030, 3, 6, 3, 0, 0, TimeSpan.Zero), learner.StartOfDay);
        Assert.Equal(new DateTimeOffset(2030, 3, 5, 7, 0, 0, TimeSpan.Zero), night.Start);
        Assert.Equal(new DateTimeOffset(2030, 3, 6, 7, 0, 0, TimeSpan.Zero), night.End);
    }

    [Fact]
    public void A_night_past_midnight_and_a_changed_routine_are_learned()
    {
        var learner = new DayStartLearner();
        Active(learner, March1, days: 5, fromHour: 7, toHour: 23);
        Active(learner, March1.AddDays(5), days: 14, fromHour: 10, toHour: 2);
        Assert.Equal(TimeSpan.FromHours(10), learner.StartOfDay);
    }

    [Fact]
    public void The_day_starts_at_utc_midnight_until_a_day_of_history()
    {
        var learner = new DayStartLearner();
        Assert.True(learner.IsLearning(March1));
        Active(learner, March1, days: 1, fromHour: 14, toHour: 23);
        Assert.Equal(TimeSpan.Zero, learner.StartOfDay);
        Assert.Equal(March1, BudgetPolicy.DayWindow(March1.AddHours(20), learner.StartOfDay).Start);
    }

    [Fact]
    public void A_device_active_around_the_clock_keeps_its_start_of_day()
    {
        var learner = new DayStartLearner();
        Active(learner, March1, days: 4, fromHour: 6, toHour: 23);
        Assert.Equal(TimeSpan.FromHours(6), learner.StartOfDay);
        Active(learner, March1.AddDays(4), days: 4, fromHour: 0, toHour: 0);
        for (var hour = 0; hour < 24 * 4; hour++)
        {
            learner.Observe(March1.AddDays(4).AddHours(hour).AddMinutes(10));
        }

        Assert.Null(DayStartLearner.LearnedStart(new double[24].Select(_ => 1.0).ToArray()));
        Assert.Equal(TimeSpan.FromHours(6), learner.StartOfDay);
    }

    [Fact]
    public void The_learning_period_is_the_first_three_days()
    {
        var learner = new DayStartLearner();
        learner.Observe(March1);
        Assert.True(learner.IsLearning(March1.AddDays(3).AddTicks(-1)));
        Assert.False(learner.IsLearning(March1.AddDays(3)));
        Assert.True(BudgetPolicy.IsLearning(March1.AddDays(2), learner.FirstSeen));
        Assert.False(BudgetPolicy.IsLearning(March1.AddDays(3), learner.FirstSeen));
    }

    [Theory]
    [InlineData(0, "2030-03-10T00:00:00Z")]
    [InlineData(7, "2030-03-10T07:00:00Z")]
    [InlineData(12, "2030-03-10T12:00:00Z")]
    [InlineData(13, "2030-03-09T13:00:00Z")]
    [InlineData(-2, "2030-03-09T22:00:00Z")]
    [InlineData(31, "2030-03-10T07:00:00Z")]
    public void The_window_contains_now_and_starts_at_the_start_of_day(int hours, string start)
    {
        var window = BudgetPolicy.DayWindow(T0, TimeSpan.FromHours(hours));
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), window.Start);
        Assert.Equal(window.Start.AddDays(1), window.End);
        var local = BudgetPolicy.DayWindow(T0.ToOffset(TimeSpan.FromHours(9)), TimeSpan.FromHours(hours));
        Assert.Equal(window, local);
    }

    [Fact]
    public void The_state_classes_survive_a_json_round_trip()
    {
        var visibility = Seen(12, 3, 5, T0);
        visibility.RecordVisible(T0.AddMinutes(1));
        var ledger = Ledger(T0, 20, 3, 1);
        ledger.Record(T0.AddMinutes(2), counted: false);
        var learner = new DayStartLearner();
        Active(learner, March1, days: 4, fromHour: 7, toHour: 23);

        var visibilityCopy = RoundTrip(visibility);
        var ledgerCopy = RoundTrip(ledger);
        var learnerCopy = RoundTrip(learner);

        Assert.Equal(JsonSerializer.Serialize(visibility), JsonSerializer.Serialize(visibilityCopy));
        Assert.Equal(JsonSerializer.Serialize(ledger), JsonSerializer.Serialize(ledgerCopy));
        Assert.Equal(JsonSerializer.Serialize(learner), JsonSerializer.Serialize(learnerCopy));
        Assert.True(visibilityCopy.IsVisible);
        Assert.Equal(visibility.ViewsPerDay(T0.AddDays(1)), visibilityCopy.ViewsPerDay(T0.AddDays(1)));
        Assert.Equal(visibility.VisibleMinutesPerDay(T0.AddHours(1)), visibilityCopy.VisibleMinutesPerDay(T0.AddHours(1)));
        Assert.Equal(ledger.Counted, ledgerCopy.Counted);
        Assert.Equal(T0.AddMinutes(2), ledgerCopy.LastReloadAt);
        Assert.Equal(T0.AddHours(-1), ledgerCopy.LastCountedAt);
        Assert.Equal(TimeSpan.FromHours(7), learnerCopy.StartOfDay);
        learner.Observe(March1.AddDays(4).AddHours(9));
        learnerCopy.Observe(March1.AddDays(4).AddHours(9));
        Assert.Equal(JsonSerializer.Serialize(learner), JsonSerializer.Serialize(learnerCopy));
    }

    [Fact]
    public void The_ledger_keeps_order_and_prunes_what_left_the_window()
    {
        var ledger = new ReloadLedger();
        ledger.Record(T0);
        ledger.Record(T0.AddHours(-2));
        ledger.Record(T0.AddHours(-1));
        Assert.Equal([T0.AddHours(-2), T0.AddHours(-1), T0], ledger.Counted);
        Assert.Equal(T0, ledger.LastCountedAt);
        ledger.Record(T0.AddHours(21).AddMinutes(30), counted: false);
        Assert.Equal(3, ledger.Counted.Count);
        ledger.Record(T0.AddHours(22).AddMinutes(30), counted: false);
        Assert.Equal([T0.AddHours(-1), T0], ledger.Counted);
        Assert.Equal(T0.AddHours(22).AddMinutes(30), ledger.LastReloadAt);
        ledger.Prune(T0.AddHours(23));
        Assert.Equal([T0], ledger.Counted);
        Assert.Equal(1, ledger.CountSince(T0.AddHours(-1)));
        Assert.Equal(0, ledger.CountSince(T0));

        for (var i = 0; i < ReloadLedger.MaxEntries + 50; i++)
        {
            ledger.Record(T0.AddHours(23).AddSeconds(i));
        }

        Assert.Equal(ReloadLedger.MaxEntries, ledger.Counted.Count);
    }
}
