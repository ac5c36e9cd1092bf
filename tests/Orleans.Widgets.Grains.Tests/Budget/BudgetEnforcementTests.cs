using Orleans.Widgets.Grains.Budget;
using Orleans.Widgets.Grains.Model;
using static Orleans.Widgets.Grains.Tests.Budget.BudgetTestData;

namespace Orleans.Widgets.Grains.Tests.Budget;

public sealed class BudgetEnforcementTests
{
    private static readonly BudgetPolicy Policy = BudgetPolicy.Default;

    // A never-seen widget on an old device: limit 10, reserve 2, so 8 for ordinary reloads; pacing gap 72 min.
    private static readonly double[] EightSpreadOver23Hours = [23, 22, 20, 18, 16, 14, 12, 10];

    [Fact]
    public void The_parameters_of_a_never_seen_widget()
    {
        Assert.Equal(2, BudgetPolicy.Reserve(10));
        Assert.Equal(7, BudgetPolicy.Reserve(70));
        Assert.Equal(TimeSpan.FromMinutes(72), BudgetPolicy.PacingGap(10));
        Assert.Equal(TimeSpan.FromMinutes(12), BudgetPolicy.PacingGap(60));
    }

    [Fact]
    public void Reloads_23_hours_ago_still_count_and_25_hours_ago_do_not()
    {
        var refused = Policy.Evaluate(Inputs(T0, ReloadReason.Policy, Ledger(T0, EightSpreadOver23Hours)));
        Assert.False(refused.Allowed);
        Assert.True(refused.Counted);
        Assert.Equal(8, refused.UsedLast24Hours);
        Assert.Equal(2, refused.Remaining);
        Assert.Equal(T0.AddHours(1), refused.NotBefore);
        Assert.StartsWith("daily budget of 10 reloads used", refused.WaitingFor, StringComparison.Ordinal);
        Assert.Contains("2030-03-10T13:00:00Z", refused.WaitingFor, StringComparison.Ordinal);

        var aged = Policy.Evaluate(Inputs(T0, ReloadReason.Policy, Ledger(T0, [25, 22, 20, 18, 16, 14, 12, 10])));
        Assert.True(aged.Allowed);
        Assert.Equal(7, aged.UsedLast24Hours);

        var exactlyADay = Policy.Evaluate(Inputs(T0, ReloadReason.Policy, Ledger(T0, [24, 22, 20, 18, 16, 14, 12, 10])));
        Assert.True(exactlyADay.Allowed);
    }

    [Fact]
    public void A_refused_reload_may_run_at_its_not_before()
    {
        var ledger = Ledger(T0, EightSpreadOver23Hours);
        var refused = Policy.Evaluate(Inputs(T0, ReloadReason.AppRequested, ledger));
        Assert.False(refused.Allowed);
        Assert.False(Policy.Evaluate(Inputs(refused.NotBefore.AddTicks(-1), ReloadReason.AppRequested, ledger)).Allowed);
        Assert.True(Policy.Evaluate(Inputs(refused.NotBefore, ReloadReason.AppRequested, ledger)).Allowed);
    }

    [Fact]
    public void Pacing_defers_a_burst_and_reports_when()
    {
        var ledger = Ledger(T0, 30 / 60.0, 20 / 60.0, 10 / 60.0);
        var decision = Policy.Evaluate(Inputs(T0, ReloadReason.Policy, ledger));
        Assert.False(decision.Allowed);
        Assert.Equal(7, decision.Remaining);
        // Three within 3 × 72 min: the next may come once the first of them is 216 min old.
        Assert.Equal(T0.AddMinutes(-30 + 216), decision.NotBefore);
        Assert.StartsWith("pacing:", decision.WaitingFor, StringComparison.Ordinal);
        Assert.Contains("2030-03-10T15:06:00Z", decision.WaitingFor, StringComparison.Ordinal);

        Assert.True(Policy.Evaluate(Inputs(T0, ReloadReason.Policy, Ledger(T0, 20 / 60.0, 10 / 60.0))).Allowed);
    }

    [Fact]
    public void A_burst_of_requests_is_spread_over_the_day()
    {
        // Requests every 5 minutes for two days; the widget reloads whenever allowed.
        var ledger = new ReloadLedger();
        var times = new List<DateTimeOffset>();
        for (var now = T0; now < T0.AddDays(2); now = now.AddMinutes(5))
        {
            var decision = Policy.Evaluate(Inputs(now, ReloadReason.Policy, ledger));
            if (decision.Allowed)
            {
                ledger.Record(now);
                times.Add(now);
            }
            else
            {
                Assert.True(decision.NotBefore > now);
            }
        }

        Assert.Equal(3, times.Count(t => t < T0.AddMinutes(30)));
        for (var i = 0; i < times.Count; i++)
        {
            Assert.True(times.Count(t => t > times[i] - TimeSpan.FromHours(24) && t <= times[i]) <= 8);
            Assert.True(times.Count(t => t > times[i] - TimeSpan.FromMinutes(216) && t <= times[i]) <= 3);
        }

        // Bursts of 3, each 216 min after the previous one began; then the rolling limit of 8 waits for the next day.
        int[] firstDay = [0, 5, 10, 220, 225, 230, 440, 445];
        Assert.Equal(firstDay.Select(m => T0.AddMinutes(m)), times.Take(8));
        Assert.Equal(T0.AddHours(24), times[8]);
        Assert.Equal(16, times.Count);
    }

    [Theory]
    [InlineData(ReloadReason.LocaleChanged)]
    [InlineData(ReloadReason.DynamicTypeChanged)]
    [InlineData(ReloadReason.AccessibilityChanged)]
    [InlineData(ReloadReason.Interaction)]
    public void Exempt_reasons_are_allowed_uncounted_when_the_budget_is_spent(ReloadReason reason)
    {
        var spent = Ledger(T0, [23, 22, 20, 18, 16, 14, 12, 1, 0.5, 0.1]);
        Assert.False(Policy.Evaluate(Inputs(T0, ReloadReason.BecameVisible, spent)).Allowed);

        var decision = Policy.Evaluate(Inputs(T0, reason, spent));
        Assert.True(decision.Allowed);
        Assert.False(decision.Counted);
        Assert.Equal(T0, decision.NotBefore);
        Assert.Null(decision.WaitingFor);
        Assert.NotNull(decision.Exemption);
        Assert.Equal(0, decision.Remaining);
        Assert.Null(decision.ToPending(reason, T0));
    }

    [Theory]
    [InlineData(true, false, false, "foreground")]
    [InlineData(false, true, false, "audio")]
    [InlineData(false, false, true, "navigation")]
    public void Exempt_contexts_are_allowed_uncounted_when_the_budget_is_spent(bool foreground, bool audio, bool navigation, string why)
    {
        var spent = Ledger(T0, [23, 22, 20, 18, 16, 14, 12, 1, 0.5, 0.1]);
        var device = new DeviceContext(foreground, audio, navigation, T0.AddDays(-30), TimeSpan.Zero);
        foreach (var reason in Enum.GetValues<ReloadReason>())
        {
            var decision = Policy.Evaluate(Inputs(T0, reason, spent, device: device));
            Assert.True(decision.Allowed);
            Assert.False(decision.Counted);
        }

        Assert.Contains(why, Policy.Evaluate(Inputs(T0, ReloadReason.Policy, spent, device: device)).Exemption, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_is_judged_as_the_reload_that_failed()
    {
        var spent = Ledger(T0, EightSpreadOver23Hours);
        var retry = Policy.Evaluate(Inputs(T0, ReloadReason.Retry, spent));
        Assert.True(retry.Counted);
        Assert.False(retry.Allowed);

        var exemptRetry = Policy.Evaluate(Inputs(T0, ReloadReason.Retry, spent) with { RetryOf = ReloadReason.Interaction });
        Assert.True(exemptRetry.Allowed);
        Assert.False(exemptRetry.Counted);

        var visibleRetry = Policy.Evaluate(Inputs(T0, ReloadReason.Retry, spent) with { RetryOf = ReloadReason.BecameVisible });
        Assert.True(visibleRetry.Allowed);
        Assert.True(visibleRetry.Counted);
    }

    [Fact]
    public void Becoming_visible_may_use_the_reserve_and_skips_pacing()
    {
        var regularSpent = Ledger(T0, EightSpreadOver23Hours);
        Assert.False(Policy.Evaluate(Inputs(T0, ReloadReason.Policy, regularSpent)).Allowed);
        var visible = Policy.Evaluate(Inputs(T0, ReloadReason.BecameVisible, regularSpent));
        Assert.True(visible.Allowed);
        Assert.True(visible.Counted);

        var burst = Ledger(T0, 0.5, 0.3, 0.1);
        Assert.False(Policy.Evaluate(Inputs(T0, ReloadReason.Policy, burst)).Allowed);
        Assert.True(Policy.Evaluate(Inputs(T0, ReloadReason.BecameVisible, burst)).Allowed);

        var allSpent = Ledger(T0, [23, 22, 20, 18, 16, 14, 12, 10, 8, 6]);
        var refused = Policy.Evaluate(Inputs(T0, ReloadReason.BecameVisible, allSpent));
        Assert.False(refused.Allowed);
        Assert.Equal(T0.AddHours(1), refused.NotBefore);
        Assert.Equal(0, refused.Remaining);
        var pending = refused.ToPending(ReloadReason.BecameVisible, T0);
        Assert.NotNull(pending);
        Assert.Equal(refused.NotBefore, pending.NotBefore);
        Assert.Equal(refused.WaitingFor, pending.WaitingFor);
    }

    [Fact]
    public void The_same_inputs_give_the_same_decision()
    {
        var visibility = Seen(12, 2, 5, T0);
        var ledger = Ledger(T0, 20, 12, 6, 3, 1, 0.5, 0.2);
        var inputs = Inputs(T0, ReloadReason.Policy, ledger, visibility, OldDevice(TimeSpan.FromHours(7)));
        var first = Policy.Evaluate(inputs);
        var second = new BudgetPolicy().Evaluate(inputs);
        Assert.Equal(first, second);

        var copy = inputs with
        {
            Visibility = System.Text.Json.JsonSerializer.Deserialize<VisibilityStats>(System.Text.Json.JsonSerializer.Serialize(visibility))!,
            Ledger = System.Text.Json.JsonSerializer.Deserialize<ReloadLedger>(System.Text.Json.JsonSerializer.Serialize(ledger))!,
        };
        Assert.Equal(first, Policy.Evaluate(copy));
        Assert.Equal(7, ledger.Counted.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Never_more_than_the_limit_in_any_24_hours_and_never_lost(int seed)
    {
        var random = new Random(seed);
        var reasons = Enum.GetValues<ReloadReason>();
        var ledger = new ReloadLedger();
        var counted = new List<DateTimeOffset>();
        var visibility = Seen(random.Next(0, 40), 1, 10, T0);
        var device = OldDevice(TimeSpan.FromHours(random.Next(0, 24)));
        var now = T0;
        for (var step = 0; step < 3000; step++)
        {
            now = now.AddMinutes(random.Next(0, 30));
            var exempt = random.Next(10) == 0;
            var context = exempt ? device with { AppForeground = true } : device;
            var inputs = new BudgetInputs(now, reasons[random.Next(reasons.Length)], context, visibility, ledger);
            var decision = Policy.Evaluate(inputs);
            Assert.Equal(decision, Policy.Evaluate(inputs));
            Assert.InRange(now, decision.WindowStart, decision.WindowEnd.AddTicks(-1));
            Assert.Equal(decision.WindowStart.Add(TimeSpan.FromHours(24)), decision.WindowEnd);
            Assert.True(decision.Used <= decision.UsedLast24Hours);
            if (!decision.Allowed)
            {
                Assert.True(decision.NotBefore > now);
                Assert.False(string.IsNullOrEmpty(decision.WaitingFor));
                var later = Policy.Evaluate(inputs with { Now = decision.NotBefore });
                Assert.True(later.Allowed || later.Limit < decision.Limit, $"refused again at {decision.NotBefore}: {later.WaitingFor}");
                continue;
            }

            if (random.Next(8) == 0)
            {
                continue; // The provider failed: nothing is recorded.
            }

            ledger.Record(now, decision.Counted);
            if (decision.Counted)
            {
                counted.Add(now);
                var inDay = counted.Count(t => t > now - TimeSpan.FromHours(24));
                Assert.True(inDay <= decision.Limit, $"{inDay} counted in 24 h, limit {decision.Limit}");
            }
        }

        ledger.Prune(now);
        Assert.True(ledger.Counted.Count <= BudgetPolicy.MaxLimit);
        Assert.All(ledger.Counted, t => Assert.True(t > now - TimeSpan.FromHours(24)));
    }
}
